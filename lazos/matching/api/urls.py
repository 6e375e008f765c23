"""The routes of the peer suggestions' API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.matching.api.views import PeerSuggestionViewSet

routes = [
    Route("peer-suggestions", PeerSuggestionViewSet, "peer-suggestion"),
]

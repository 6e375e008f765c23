"""The routes of the local actors' API (collected by ``lazos/api/routers.py``)."""

from lazos.actors.api.views import LocalActorViewSet
from lazos.api.base import Route

routes = [
    Route("local-actors", LocalActorViewSet, "local-actor"),
]

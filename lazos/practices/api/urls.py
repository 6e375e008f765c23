"""The routes of the good practices' API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.practices.api.views import LibraryViewSet, PracticeTransferViewSet, PracticeViewSet

routes = [
    Route("practices", PracticeViewSet, "practice"),
    Route("practice-library", LibraryViewSet, "practice-library"),
    Route("practice-transfers", PracticeTransferViewSet, "practice-transfer"),
]

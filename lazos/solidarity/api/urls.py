"""The routes of the solidarity board's API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.solidarity.api.views import EmergencyViewSet, NeedViewSet, OfferViewSet

routes = [
    Route("emergencies", EmergencyViewSet, "emergency"),
    Route("needs", NeedViewSet, "need"),
    Route("offers", OfferViewSet, "offer"),
]

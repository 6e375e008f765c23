"""The routes of the networks' API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.networks.api.views import (
    EndorsementViewSet,
    NetworkMembershipViewSet,
    NetworkPositionViewSet,
    NetworkPostViewSet,
    NetworkViewSet,
    PositionViewSet,
)

routes = [
    Route("networks", NetworkViewSet, "network"),
    Route("network-memberships", NetworkMembershipViewSet, "network-membership"),
    Route("network-posts", NetworkPostViewSet, "network-post"),
    Route("positions", PositionViewSet, "position"),
    Route("network-positions", NetworkPositionViewSet, "network-position"),
    Route("endorsements", EndorsementViewSet, "endorsement"),
]

"""The routes of the relationships' API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.relationships.api.views import (
    AgreementHealthViewSet,
    PartnerHealthViewSet,
    RelationshipReviewViewSet,
)

routes = [
    Route("agreement-health", AgreementHealthViewSet, "agreement-health"),
    Route("partner-health", PartnerHealthViewSet, "partner-health"),
    Route("relationship-reviews", RelationshipReviewViewSet, "relationship-review"),
]

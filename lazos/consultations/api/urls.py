"""The routes of the consultations' API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.consultations.api.views import ConsultationViewSet, ContributionViewSet

routes = [
    Route("consultations", ConsultationViewSet, "consultation"),
    Route("contributions", ContributionViewSet, "contribution"),
]

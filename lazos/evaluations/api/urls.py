"""The routes of the evaluations' API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.evaluations.api.views import EvaluationViewSet, RecommendationViewSet

routes = [
    Route("evaluations", EvaluationViewSet, "evaluation"),
    Route("recommendations", RecommendationViewSet, "recommendation"),
]

"""The routes of the strategy's API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.strategy.api.views import ObjectiveViewSet, StrategyViewSet

routes = [
    Route("strategies", StrategyViewSet, "strategy"),
    Route("objectives", ObjectiveViewSet, "objective"),
]

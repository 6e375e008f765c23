"""The routes of the results framework's API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.results.api.views import (
    IndicatorPeriodViewSet,
    IndicatorUpdateViewSet,
    IndicatorViewSet,
    TargetRevisionViewSet,
)

routes = [
    Route("indicators", IndicatorViewSet, "indicator"),
    Route("indicator-periods", IndicatorPeriodViewSet, "indicator-period"),
    Route("target-revisions", TargetRevisionViewSet, "target-revision"),
    Route("indicator-updates", IndicatorUpdateViewSet, "indicator-update"),
]

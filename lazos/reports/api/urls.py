"""The routes of the reports' API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.reports.api.views import ReportViewSet

routes = [Route("reports", ReportViewSet, "report")]

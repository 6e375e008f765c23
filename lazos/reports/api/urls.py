"""The routes of the reports' API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.reports.api.views import ListExportViewSet, ReportViewSet

routes = [
    Route("reports", ReportViewSet, "report"),
    Route("list-exports", ListExportViewSet, "listexport"),
]

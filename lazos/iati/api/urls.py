"""The routes of the IATI imports' API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.iati.api.views import IatiImportViewSet

routes = [Route("iati-imports", IatiImportViewSet, "iatiimport")]

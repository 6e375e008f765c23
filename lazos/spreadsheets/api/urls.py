"""The routes of the spreadsheet imports' API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.spreadsheets.api.views import ImportRunViewSet

routes = [Route("imports", ImportRunViewSet, "importrun")]

"""The routes of the reference data's API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.reference.api.views import CityViewSet, CountryViewSet, SdgGoalViewSet, ThemeViewSet

routes = [
    Route("reference/countries", CountryViewSet, "country"),
    Route("reference/cities", CityViewSet, "city"),
    Route("reference/sdg-goals", SdgGoalViewSet, "sdg-goal"),
    Route("reference/themes", ThemeViewSet, "theme"),
]

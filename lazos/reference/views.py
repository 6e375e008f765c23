"""Reference data views: the city autocomplete (JSON) and the SDG list (HTML)."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.views import View
from django.views.generic import ListView, TemplateView

from lazos.reference.models import City, SdgGoal, Subdivision

MIN_QUERY_LENGTH = 2


class CitySearchView(LoginRequiredMixin, View):
    """``?q=sao paulo`` → the 10 most populated matching cities, for autocomplete widgets."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        query = request.GET.get("q", "").strip()
        cities = City.objects.search(query) if len(query) >= MIN_QUERY_LENGTH else []
        return JsonResponse({"results": [city_result(city) for city in cities]})


def city_result(city: City) -> dict[str, Any]:
    return {
        "id": city.geonameid,
        "label": city.display_name,
        "country": str(city.country.code),
        "population": city.population,
    }


class SdgListView(ListView[SdgGoal]):
    """The 17 goals and their targets, in the active language. Public reference page."""

    template_name = "reference/sdg_list.html"
    context_object_name = "goals"

    def get_queryset(self) -> QuerySet[SdgGoal]:
        return SdgGoal.objects.with_targets()


class SubdivisionOptionsView(LoginRequiredMixin, TemplateView):
    """``?country=MX`` → the ``<option>`` list of that country's subdivisions (htmx swap)."""

    template_name = "reference/subdivision_options.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        country = self.request.GET.get("country", "").strip()[:2]
        context["subdivisions"] = (
            Subdivision.objects.in_country(country).order_by("name") if country else []
        )
        return context

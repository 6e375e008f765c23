"""/api/v1/reference/: countries, cities, SDG goals and themes (read-only)."""

from __future__ import annotations

from django.db.models import QuerySet
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.reference.api.serializers import (
    CitySerializer,
    CountrySerializer,
    SdgGoalSerializer,
    ThemeSerializer,
)
from lazos.reference.models import City, SdgGoal, Theme
from lazos.reference.views import MIN_QUERY_LENGTH


class CountryViewSet(viewsets.ViewSet):
    """ISO 3166 countries, named and sorted in the request's language."""

    @extend_schema(summary="Countries", responses=CountrySerializer(many=True))
    def list(self, request: Request) -> Response:
        data = [{"code": code, "name": str(name)} for code, name in countries]
        return Response(CountrySerializer(data, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="Search cities (GeoNames)",
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                description="At least two characters of the city's name, accents optional.",
            ),
        ],
    ),
    retrieve=extend_schema(summary="A city by its GeoNames id"),
)
class CityViewSet(viewsets.ReadOnlyModelViewSet):
    """The ten cities that best match ``?q=`` (the same search as the forms): a name equal to
    the query in any language first, then names beginning with it, then the most populated."""

    serializer_class = CitySerializer
    pagination_class = None
    lookup_value_regex = r"[0-9]+"
    queryset = City.objects.none()

    def get_queryset(self) -> QuerySet[City]:
        if self.action == "retrieve":
            return City.objects.defer("search_text")
        query = self.request.query_params.get("q", "").strip()
        if len(query) < MIN_QUERY_LENGTH:
            return City.objects.none()
        return City.objects.search(query)


@extend_schema_view(
    list=extend_schema(summary="The 17 SDGs with their targets"),
    retrieve=extend_schema(summary="One SDG with its targets"),
)
class SdgGoalViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SdgGoalSerializer
    pagination_class = None
    lookup_value_regex = r"[0-9]+"
    queryset = SdgGoal.objects.none()

    def get_queryset(self) -> QuerySet[SdgGoal]:
        return SdgGoal.objects.with_targets()


@extend_schema_view(
    list=extend_schema(summary="Themes of international action"),
    retrieve=extend_schema(summary="A theme"),
)
class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ThemeSerializer
    pagination_class = None
    lookup_value_regex = r"[-\w]+"
    queryset = Theme.objects.none()

    def get_queryset(self) -> QuerySet[Theme]:
        return Theme.objects.order_by("name_en")

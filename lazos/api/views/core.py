"""Viewsets of the foundation: governments, departments, audit events, reference data, me."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lazos.accounts.models import User
from lazos.api.base import TenantReadOnlyViewSet, TenantViewSet, resolve_tenant
from lazos.api.models import ApiToken
from lazos.api.serializers.core import (
    AuditEventSerializer,
    CitySerializer,
    CountrySerializer,
    DepartmentSerializer,
    GovernmentSerializer,
    MeSerializer,
    SdgGoalSerializer,
    ThemeSerializer,
)
from lazos.core.filtersets import AuditEventFilterSet
from lazos.core.models import AuditEvent
from lazos.governments import services as government_services
from lazos.governments.filtersets import DepartmentFilterSet
from lazos.governments.models import Department, Government, Membership
from lazos.reference.models import City, SdgGoal, Theme
from lazos.reference.views import MIN_QUERY_LENGTH


class PublicReadOnly(permissions.BasePermission):
    """Public data: anyone may read."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS


@extend_schema_view(
    list=extend_schema(summary="The governments on this instance (public)"),
    retrieve=extend_schema(summary="A government's public facts"),
)
class GovernmentViewSet(viewsets.ReadOnlyModelViewSet):
    """The governments on this instance: public facts only, no authentication needed."""

    serializer_class = GovernmentSerializer
    permission_classes = [PublicReadOnly]
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"

    def get_queryset(self) -> QuerySet[Government]:
        return Government.objects.order_by("name", "pk")


@extend_schema_view(
    list=extend_schema(summary="The government's departments"),
    retrieve=extend_schema(summary="A department"),
    create=extend_schema(summary="Create a department"),
    update=extend_schema(summary="Replace a department"),
    partial_update=extend_schema(summary="Change a department"),
    destroy=extend_schema(summary="Delete a department"),
)
class DepartmentViewSet(TenantViewSet):
    """The government's departments. Filters and ``?q=`` search are those of the HTML list;
    changes are made by administrators and coordinators, audited with the channel "api"."""

    model = Department
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet
    queryset = Department.objects.none()  # for the schema; get_queryset scopes to the tenant

    def perform_create(self, serializer: DepartmentSerializer) -> None:
        assert self.government is not None  # initial() refused requests without one
        serializer.instance = government_services.create_department(
            self.government, acting_user=self.acting_user, **serializer.validated_data
        )

    def perform_update(self, serializer: DepartmentSerializer) -> None:
        serializer.instance = government_services.update_department(
            serializer.instance, acting_user=self.acting_user, **serializer.validated_data
        )

    def perform_destroy(self, instance: Department) -> None:
        government_services.delete_department(instance, acting_user=self.acting_user)


@extend_schema_view(
    list=extend_schema(summary="The government's activity log (administrators, coordinators)"),
    retrieve=extend_schema(summary="One recorded change"),
)
class AuditEventViewSet(TenantReadOnlyViewSet):
    """Every recorded change in the government: read-only, like the HTML activity log."""

    model = AuditEvent
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilterSet
    queryset = AuditEvent.objects.none()

    def get_queryset(self) -> QuerySet[AuditEvent]:
        return AuditEvent.objects.for_tenant(self.government).with_related()  # type: ignore[arg-type]


# --- reference data --------------------------------------------------------------------------


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
    """The ten most populated cities matching ``?q=`` (the same search as the forms)."""

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


# --- unknown addresses -----------------------------------------------------------------------


@csrf_exempt  # like the API's own views: it only answers 404, whatever the method
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other address under /api/v1/: a 404 in JSON, like the API's own (never HTML)."""
    return JsonResponse({"detail": str(_("Not found."))}, status=404)


# --- who am I --------------------------------------------------------------------------------


class MeView(APIView):
    """The signed-in person, their memberships, and the government and scope of this request."""

    @extend_schema(summary="Who am I", responses=MeSerializer)
    def get(self, request: Request) -> Response:
        government, membership = resolve_tenant(request)
        memberships = Membership.objects.filter(user=request.user).select_related("government")
        user = (
            User.objects.filter(pk=request.user.pk)
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=memberships.prefetch_related("departments").order_by(
                        "government__name"
                    ),
                )
            )
            .first()
        )
        if user is None:  # the account was deleted during the request
            raise Http404
        token = request.auth if isinstance(request.auth, ApiToken) else None
        context = {
            "request": request,
            "acting_government": government,
            "acting_membership": membership,
            "token": token,
        }
        return Response(MeSerializer(user, context=context).data)

"""/api/v1/governments/ (public), /api/v1/departments/ and /api/v1/members/."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.request import Request

from lazos.api.base import TenantReadOnlyViewSet, TenantViewSet
from lazos.governments import services as government_services
from lazos.governments.api.serializers import (
    DepartmentSerializer,
    GovernmentSerializer,
    MembershipSerializer,
)
from lazos.governments.filtersets import DepartmentFilterSet, MembershipFilterSet
from lazos.governments.models import Department, Government, Membership


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
    list=extend_schema(summary="The government's members"),
    retrieve=extend_schema(summary="A member"),
)
class MembershipViewSet(TenantReadOnlyViewSet):
    """The members of the government, their role and departments, as on the members' page.
    Read-only: members are invited, changed and removed by administrators in the web
    interface, where an invitation reaches the person by email."""

    model = Membership
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet
    queryset = Membership.objects.none()  # for the schema; get_queryset scopes to the tenant

    def get_queryset(self) -> QuerySet[Membership]:
        return (
            Membership.objects.for_tenant(self.government)
            .select_related("user")
            .prefetch_related("departments")
            .order_by("user__username", "pk")
        )

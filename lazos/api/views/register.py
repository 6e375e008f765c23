"""What the viewsets of the register share: writes through the apps' services, the editor's
department check on the object as it would be after the write, and refusals that explain.

A subclass sets ``model``, ``serializer_class``, ``filterset_class``, adds its
select/prefetch in :meth:`RegisterViewSet.scoped`, and implements ``create_object``,
``update_object`` and ``delete_object`` by calling the app's service functions.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions
from rest_framework.response import Response

from lazos.api.base import TenantViewSet, etag_for
from lazos.api.exceptions import Conflict
from lazos.api.schema import ErrorSerializer
from lazos.core.deletion import deletion_summary
from lazos.core.permissions import Operation, check_may_write, policy_for

# For custom write actions (…/transition/, …/complete/): the optimistic-concurrency header and
# its refusal, which the schema documents by itself only for PUT, PATCH and DELETE.
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=_(
        "The ETag of the object as you read it: the change is refused with 412 when the "
        "object changed meanwhile."
    ),
)
PRECONDITION_FAILED = OpenApiResponse(
    ErrorSerializer,
    description=_("The object changed since you read it: If-Match no longer matches its ETag."),
)


MAX_ID = 2**63 - 1  # the largest id the database holds


class IdFilter(django_filters.NumberFilter):
    """An object's id in a filter: a whole number the database can hold (otherwise 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class RegisterViewSet(TenantViewSet):
    """A resource of the register (see the module's docstring)."""

    # --- reading -------------------------------------------------------------------------------

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no tenant
            return self.model.objects.none()  # type: ignore[attr-defined]
        return self.scoped(super().get_queryset())

    def scoped(self, queryset: Any) -> Any:
        """The current government's rows with what the serializer reads (no N+1)."""
        return queryset

    def reload(self, obj: models.Model) -> Any:
        """The object as the list and detail show it (annotations, prefetched relations)."""
        return self.get_queryset().get(pk=obj.pk)

    # --- permissions -----------------------------------------------------------------------------

    def require(self, action: Operation, obj: Any = None) -> None:
        """Refuse (403) unless the member may do ``action`` (on ``obj``): for custom actions,
        which the base class checks as a plain view."""
        policy = policy_for(self.model)
        if not policy.allows(self.membership, action):
            raise exceptions.PermissionDenied(_("Your role does not allow this."))
        if obj is not None and not policy.allows_on(self.membership, action, obj):
            raise exceptions.PermissionDenied(_("Your role does not allow this on this object."))

    def candidate(self, values: dict[str, Any], instance: models.Model | None = None) -> Any:
        """An unsaved copy of the object as the write would leave it (its own columns only)."""
        model = self.model
        if instance is None:
            obj = model(government=self.government)
        else:
            obj = model(
                **{f.attname: getattr(instance, f.attname) for f in model._meta.concrete_fields}
            )
            obj._state.adding = False
        for name, value in values.items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:  # tags, or a value the service takes apart
                continue
            if getattr(field, "concrete", False) and not field.many_to_many:
                setattr(obj, name, value)
        return obj

    def check_candidate(self, candidate: Any, action: Operation) -> None:
        """An editor records and keeps only the work of their own departments (the same check
        as the web forms')."""
        try:
            check_may_write(self.membership, action, candidate)
        except DjangoPermissionDenied as refusal:
            raise exceptions.PermissionDenied(str(refusal)) from refusal

    # --- writes through the services -----------------------------------------------------------

    def create_object(self, values: dict[str, Any]) -> models.Model:
        raise exceptions.MethodNotAllowed(self.request.method or "POST")

    def update_object(self, instance: Any, values: dict[str, Any]) -> models.Model:
        raise exceptions.MethodNotAllowed(self.request.method or "PUT")

    def delete_object(self, instance: Any) -> None:
        raise exceptions.MethodNotAllowed(self.request.method or "DELETE")

    def perform_create(self, serializer: Any) -> None:
        values = dict(serializer.validated_data)
        self.check_candidate(self.candidate(values), Operation.ADD)
        serializer.instance = self.reload(self.create_object(values))

    def perform_update(self, serializer: Any) -> None:
        values = dict(serializer.validated_data)
        instance = serializer.instance
        self.check_candidate(self.candidate(values, instance), Operation.CHANGE)
        serializer.instance = self.reload(self.update_object(instance, values))

    def perform_destroy(self, instance: Any) -> None:
        summary = deletion_summary(instance)
        if not summary.allowed:
            raise Conflict(
                _("This cannot be deleted while other records depend on it: %(records)s.")
                % {"records": "; ".join(summary.blocking)}
            )
        self.delete_object(instance)

    def etagged(self, instance: models.Model) -> Response:
        """The object's representation with its new ETag (after a custom action)."""
        response = Response(self.get_serializer(instance).data)
        response["ETag"] = etag_for(instance)
        return response

"""What the resources of the register share (the apps' ``api/`` modules build on it): writes
through the apps' services, the editor's department check on the object as it would be after
the write, refusals that explain, and serializers that accept only the government's rows.

A viewset sets ``model``, ``serializer_class``, ``filterset_class`` (the app's FilterSet),
adds its select/prefetch in :meth:`RegisterViewSet.scoped`, and implements ``create_object``,
``update_object`` and ``delete_object`` by calling the app's service functions.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from lazos.api.base import TenantSerializer, TenantViewSet, etag_for
from lazos.api.exceptions import Conflict
from lazos.api.fields import NamedEnumsMixin
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


class RegisterSerializer(NamedEnumsMixin, TenantSerializer):
    """A serializer of the register.

    - related fields accept only the current government's rows (``TenantSerializer``), and a
      person field only the government's members;
    - ``fixed_fields`` (the parent of a child row: a contact's partner, a signatory's
      agreement…) are set at creation and cannot change afterwards.
    """

    fixed_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        government = self.context.get("government")
        user_model = get_user_model()
        for field in self.fields.values():
            related = getattr(field, "child_relation", field)
            queryset = getattr(related, "queryset", None)
            if queryset is not None and issubclass(queryset.model, user_model):
                related.queryset = (
                    user_model.objects.filter(memberships__government=government).distinct()
                    if government is not None
                    else user_model.objects.none()
                )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if self.instance is not None:
            for name in self.fixed_fields:
                if name in attrs:
                    value = attrs.pop(name)
                    if getattr(value, "pk", value) != getattr(self.instance, f"{name}_id", None):
                        raise serializers.ValidationError(
                            {name: _("This cannot be changed once the record exists.")}
                        )
        return attrs


class RegisterViewSet(TenantViewSet):
    """A resource of the register (see the module's docstring)."""

    # --- reading -------------------------------------------------------------------------------

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no tenant
            return self.model._default_manager.none()
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

"""Building blocks of the REST API: every resource is a ``TenantViewSet``.

The same rules as the HTML views apply:

- the tenant comes from the token (a token belongs to one government) or, for the browser
  session, from the current government; another government's object is a 404;
- the model's ``permission_policy`` decides (view / add / change / delete), per object too;
- lists use the app's own FilterSet (the one of the HTML list), with ``?q=`` search,
  ``?ordering=`` and pagination;
- writes call the app's service functions, audited with the channel "api";
- a detail answer carries an ``ETag``; a write with ``If-Match`` that no longer matches is
  refused with 412, so a concurrent change is never lost.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.api.pagination import Pagination
from lazos.core import concurrency
from lazos.core.audit import Channel, channel
from lazos.core.models import AuditEvent, TenantModel
from lazos.core.permissions import Operation, policy_for
from lazos.governments.models import Government, Membership

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
ACTION_FOR_VIEWSET_ACTION = {
    "list": Operation.VIEW,
    "retrieve": Operation.VIEW,
    "create": Operation.ADD,
    "update": Operation.CHANGE,
    "partial_update": Operation.CHANGE,
    "destroy": Operation.DELETE,
}


class Route(NamedTuple):
    """A resource of /api/v1/ as an app declares it (``<app>/api/urls.py``): its path, its
    viewset and the base of its URL names (``<basename>-list``, ``<basename>-detail``)."""

    prefix: str
    viewset: type[viewsets.ViewSetMixin]
    basename: str


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "This object was changed since you read it (its ETag no longer matches If-Match). "
        "Read it again and reapply your change."
    )
    default_code = "precondition_failed"


def etag_for(instance: models.Model) -> str:
    """The object's version (``core/concurrency.py``, the same the web forms carry), quoted."""
    return concurrency.etag_for(instance)


class TenantFilterBackend(DjangoFilterBackend):
    """The app's FilterSet, given the current government like in the HTML list."""

    def get_filterset_kwargs(self, request: Request, queryset: Any, view: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_filterset_kwargs(request, queryset, view)
        kwargs["government"] = getattr(view, "government", None)
        return kwargs


class TenantSerializer(serializers.ModelSerializer):
    """Related fields pointing to tenant data only accept the current government's rows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        government = self.context.get("government")
        for field in self.fields.values():
            related = getattr(field, "child_relation", field)
            queryset = getattr(related, "queryset", None)
            if queryset is not None and issubclass(queryset.model, TenantModel):
                related.queryset = (
                    queryset.model.objects.for_tenant(government)
                    if government is not None
                    else queryset.none()
                )


class TenantGenericViewSet(viewsets.GenericViewSet):
    """Tenant, permissions and audit channel of every resource of a government (no actions:
    see :class:`TenantViewSet` and :class:`TenantReadOnlyViewSet`)."""

    model: type[TenantModel] | type[AuditEvent]
    pagination_class = Pagination
    filter_backends = [TenantFilterBackend]
    # Set by initial(), which refuses a request without a membership: every action has both
    # (schema generation, which runs no action, has neither).
    government: Government
    membership: Membership

    # --- tenant and permissions --------------------------------------------------------------

    def set_tenant(self, request: Request) -> None:
        """The request's government and membership; refused without a membership."""
        government, membership = resolve_tenant(request)
        if government is None or membership is None:
            raise exceptions.PermissionDenied(_("You are not a member of any government."))
        self.government, self.membership = government, membership

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.set_tenant(request)
        token = request.auth
        if getattr(token, "read_only", False) and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(_("This token is read-only."))
        action = ACTION_FOR_VIEWSET_ACTION.get(self.action or "", Operation.VIEW)
        if not policy_for(self.model).allows(self.membership, action):
            raise exceptions.PermissionDenied(_("Your role does not allow this."))

    def check_object_permissions(self, request: Request, obj: Any) -> None:
        super().check_object_permissions(request, obj)
        action = ACTION_FOR_VIEWSET_ACTION.get(self.action or "", Operation.VIEW)
        if not policy_for(self.model).allows_on(self.membership, action, obj):
            raise exceptions.PermissionDenied(_("Your role does not allow this on this object."))

    def get_queryset(self) -> Any:
        return self.model.objects.for_tenant(self.government)

    def get_serializer_context(self) -> dict[str, Any]:
        context: dict[str, Any] = super().get_serializer_context()
        context["government"] = getattr(self, "government", None)  # None: schema generation
        return context

    @property
    def acting_user(self) -> Any:
        return self.request.user

    # --- audit channel -----------------------------------------------------------------------

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        with channel(Channel.API):
            return super().dispatch(request, *args, **kwargs)

    # --- ETag and optimistic concurrency -----------------------------------------------------

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        response["ETag"] = etag_for(instance)
        return response

    def check_if_match(self, instance: models.Model) -> None:
        if concurrency.if_match_refused(instance, self.request.headers.get("If-Match")):
            raise PreconditionFailed()


class TenantReadOnlyViewSet(mixins.ListModelMixin, TenantGenericViewSet):
    """A read-only resource of the current government: list and retrieve (with ETag)."""


class TenantViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    TenantGenericViewSet,
):
    """A resource of the current government. Subclasses set ``model``, ``serializer_class``,
    ``filterset_class`` and implement ``perform_create`` / ``perform_update`` /
    ``perform_destroy`` by calling the app's services with ``self.acting_user``."""

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        self.check_if_match(instance)
        response = super().update(request, *args, **kwargs)
        instance.refresh_from_db()
        response["ETag"] = etag_for(instance)
        return response

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        self.check_if_match(instance)
        self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)


def resolve_tenant(request: Request) -> tuple[Government | None, Membership | None]:
    """The government and membership an API request acts in.

    A token carries its government; the browser session uses the current government.
    """
    token = request.auth
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return None, None
    if token is not None and getattr(token, "government_id", None):
        membership = (
            Membership.objects.select_related("government")
            .filter(user=user, government_id=token.government_id)
            .first()
        )
        return (membership.government if membership else None), membership
    membership = getattr(request._request, "membership", None)
    if membership is None:
        membership = (
            Membership.objects.select_related("government")
            .filter(user=user)
            .order_by("government__name")
            .first()
        )
    return (membership.government if membership else None), membership

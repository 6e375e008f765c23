"""What the peer network's resources share (practices, positions, the community, the
solidarity board, peer suggestions): rows of other governments reach the API only through
the app's sharing QuerySet, the same one its web pages start from.

A :class:`SharedViewSet` reads from :meth:`SharedViewSet.shared` for the actions listed in
``shared_actions`` (list, retrieve and the workflow actions another government may take) and
from the current government's own rows (``for_tenant``) for every other action, so a write
to another government's object is a 404, like on the web. Its FilterSet gets the keyword
arguments of :meth:`SharedViewSet.filterset_kwargs` (the government for a ``TenantFilterSet``,
nothing for a FilterSet over shared rows, the reader for the community's).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.api.base import TenantGenericViewSet, TenantReadOnlyViewSet, etag_for
from lazos.api.register import RegisterViewSet
from lazos.core.permissions import Operation, policy_for


class SharedFilterBackend(DjangoFilterBackend):
    """The app's FilterSet, given what the view says it takes."""

    def get_filterset_kwargs(self, request: Request, queryset: Any, view: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_filterset_kwargs(request, queryset, view)
        hook = getattr(view, "filterset_kwargs", None)
        if hook is not None and not getattr(view, "swagger_fake_view", False):
            kwargs.update(hook())
        return kwargs


class SharedMixin(TenantGenericViewSet):
    """Reading through the sharing QuerySet (see the module's docstring)."""

    filter_backends = [SharedFilterBackend]
    shared_actions: frozenset[str] = frozenset({"list", "retrieve"})

    def shared(self) -> Any:
        """The rows of every government the current one may see (the web's sharing
        QuerySet)."""
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def scoped(self, queryset: Any) -> Any:
        """The rows with what the serializer reads (no N+1)."""
        return queryset

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no tenant
            return self.model._default_manager.none()
        if self.action in self.shared_actions:
            return self.scoped(self.shared())
        return self.scoped(self.model.objects.for_tenant(self.government))

    def filterset_kwargs(self) -> dict[str, Any]:
        return {"government": self.government}

    def reload(self, obj: models.Model) -> Any:
        """The object as the list and detail show it."""
        return self.get_queryset().get(pk=obj.pk)

    def require(self, action: Operation, obj: Any = None, *, model: Any = None) -> None:
        """Refuse (403) unless the member may do ``action`` (on ``obj``) by the policy of
        ``model`` (the viewset's by default)."""
        policy = policy_for(model or self.model)
        if not policy.allows(self.membership, action):
            raise exceptions.PermissionDenied(_("Your role does not allow this."))
        if obj is not None and not policy.allows_on(self.membership, action, obj):
            raise exceptions.PermissionDenied(_("Your role does not allow this on this object."))

    def is_ours(self, obj: models.Model) -> bool:
        return getattr(obj, "government_id", None) == self.government.pk

    def etagged(self, instance: models.Model) -> Response:
        """The object's representation with its new ETag (after a workflow action)."""
        response = Response(self.get_serializer(instance).data)
        response["ETag"] = etag_for(instance)
        return response


class SharedViewSet(SharedMixin, RegisterViewSet):
    """A resource whose rows may be other governments', written through the services."""


class SharedReadOnlyViewSet(SharedMixin, TenantReadOnlyViewSet):
    """A read-only resource whose rows may be other governments' (workflow actions apart)."""

"""Tenant scoping shared by every app: a view never asks for tenant rows without a tenant."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models

if TYPE_CHECKING:
    from lazos.governments.models import Government


class TenantQuerySet(models.QuerySet):
    """Base QuerySet of every tenant-owned model."""

    def for_tenant(self, government: Government | int) -> Self:
        government_id = government if isinstance(government, int) else government.pk
        return self.filter(government_id=government_id)


class AuditEventQuerySet(TenantQuerySet):
    def for_object(self, instance: models.Model, pk: object = None) -> Self:
        """Events of ``instance`` (pass ``pk`` for an instance that was deleted)."""
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(instance, for_concrete_model=True)
        return self.filter(content_type=content_type, object_id=str(pk or instance.pk))

    def with_related(self) -> Self:
        return self.select_related("actor", "content_type")

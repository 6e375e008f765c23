"""Tenant scoping shared by every app: a view never asks for tenant rows without a tenant."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self

from django.db import models

from lazos.core.single_line import normalise_instance

if TYPE_CHECKING:
    from lazos.governments.models import Government


class TenantQuerySet(models.QuerySet):
    """Base QuerySet of every tenant-owned model."""

    def for_tenant(self, government: Government | int) -> Self:
        government_id = government if isinstance(government, int) else government.pk
        return self.filter(government_id=government_id)

    # Bulk writes skip save() and its pre_save signal: normalise single-line fields here.
    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        objs = list(objs)
        for obj in objs:
            normalise_instance(obj)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(
        self, objs: Iterable[Any], fields: Iterable[str], *args: Any, **kwargs: Any
    ) -> int:
        objs = list(objs)
        for obj in objs:
            normalise_instance(obj)
        return super().bulk_update(objs, fields, *args, **kwargs)


class AuditEventQuerySet(TenantQuerySet):
    def for_object(self, instance: models.Model, pk: object = None) -> Self:
        """Events of ``instance`` (pass ``pk`` for an instance that was deleted)."""
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(instance, for_concrete_model=True)
        return self.filter(content_type=content_type, object_id=str(pk or instance.pk))

    def with_related(self) -> Self:
        return self.select_related("actor", "content_type")

"""Tenant scoping shared by every app: a view never asks for tenant rows without a tenant."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.db import models

from lazos.core.single_line import normalise_instance

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.core.models import AuditEvent  # noqa: F401
    from lazos.governments.models import Government


_M = TypeVar("_M", bound=models.Model)


class TenantQuerySet(models.QuerySet[_M]):
    """Base QuerySet of every tenant-owned model, typed by the model it holds::

        if TYPE_CHECKING:
            from lazos.partners.models import Partner  # noqa: F401

        class PartnerQuerySet(TenantQuerySet["Partner"]): ...

        PartnerManager = models.Manager.from_queryset(PartnerQuerySet)

    and the model declares ``objects: ClassVar[PartnerManager[Partner]] = PartnerManager()``
    (a class variable, as ``TenantModel.objects`` is), so ``Partner.objects.for_tenant(…)``
    is a ``PartnerQuerySet`` of ``Partner`` with every method of the QuerySet known. (A
    ``TypeVar`` bound to the model instead crashes mypy with the django-stubs plugin: "Must
    not defer during final iteration".)
    """

    def for_tenant(self, government: Government | int) -> Self:
        government_id = government if isinstance(government, int) else government.pk
        return self.filter(government_id=government_id)

    # Bulk writes skip save() and its pre_save signal: normalise single-line fields here.
    def bulk_create(self, objs: Iterable[_M], *args: Any, **kwargs: Any) -> list[_M]:
        objs = list(objs)
        for obj in objs:
            normalise_instance(obj)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(
        self, objs: Iterable[_M], fields: Iterable[str], *args: Any, **kwargs: Any
    ) -> int:
        objs = list(objs)
        for obj in objs:
            normalise_instance(obj)
        return super().bulk_update(objs, fields, *args, **kwargs)


TenantManager = models.Manager.from_queryset(TenantQuerySet)


class AuditEventQuerySet(TenantQuerySet["AuditEvent"]):
    def for_object(self, instance: models.Model, pk: object = None) -> Self:
        """Events of ``instance`` (pass ``pk`` for an instance that was deleted)."""
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(instance, for_concrete_model=True)
        return self.filter(content_type=content_type, object_id=str(pk or instance.pk))

    def with_related(self) -> Self:
        return self.select_related("actor", "content_type")


AuditEventManager = models.Manager.from_queryset(AuditEventQuerySet)

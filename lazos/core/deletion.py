"""What deleting an object takes with it, or what prevents it: shown before confirming."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models, router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError


@dataclass
class DeletionSummary:
    affected: list[tuple[str, int]] = field(default_factory=list)
    blocking: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.blocking


def deletion_summary(obj: models.Model) -> DeletionSummary:
    collector = Collector(using=router.db_for_write(type(obj), instance=obj))
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError) as error:
        protected = getattr(error, "protected_objects", None) or getattr(
            error, "restricted_objects", []
        )
        return DeletionSummary(
            blocking=[f"{o._meta.verbose_name}: {o}" for o in list(protected)[:20]]
        )
    counts: dict[str, int] = {}
    for model, instances in collector.data.items():
        if model is type(obj) or model._meta.auto_created:
            continue
        counts[str(model._meta.verbose_name_plural)] = counts.get(
            str(model._meta.verbose_name_plural), 0
        ) + len(instances)
    for queryset in collector.fast_deletes:
        model = queryset.model
        if model._meta.auto_created:
            continue
        number = queryset.count()
        if number:
            key = str(model._meta.verbose_name_plural)
            counts[key] = counts.get(key, 0) + number
    return DeletionSummary(affected=sorted(counts.items()))

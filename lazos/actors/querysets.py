from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from lazos.actions.models import ActionLocalActor
from lazos.core.querysets import TenantQuerySet

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.actors.models import LocalActor  # noqa: F401


class LocalActorQuerySet(TenantQuerySet["LocalActor"]):
    def with_related(self) -> Self:
        return self.prefetch_related("tags")

    def with_participation_count(self) -> Self:
        """Annotate ``participation_count``: in how many actions the actor takes part."""

        rows = (
            ActionLocalActor.objects.filter(actor_id=OuterRef("pk"))
            .order_by()
            .values("actor_id")
            .annotate(n=Count("*"))
            .values("n")
        )
        return self.annotate(
            participation_count=Coalesce(Subquery(rows, output_field=IntegerField()), 0)
        )


LocalActorManager = models.Manager.from_queryset(LocalActorQuerySet)

from __future__ import annotations

from typing import Self

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from lazos.core.querysets import TenantQuerySet


class LocalActorQuerySet(TenantQuerySet):
    def with_related(self) -> Self:
        return self.prefetch_related("tags")

    def with_participation_count(self) -> Self:
        """Annotate ``participation_count``: in how many actions the actor takes part."""
        from lazos.actions.models import ActionLocalActor

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

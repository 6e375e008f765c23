from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Case, Count, IntegerField, Value, When

from lazos.core.querysets import TenantQuerySet
from lazos.strategy.choices import StrategyStatus

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.strategy.models import Objective, Strategy  # noqa: F401


class StrategyQuerySet(TenantQuerySet["Strategy"]):
    def current(self) -> Self:
        """Strategies that are not superseded by a newer version."""
        return self.exclude(status=StrategyStatus.SUPERSEDED)

    def approved(self) -> Self:
        return self.filter(status=StrategyStatus.APPROVED)

    def public(self) -> Self:
        return self.approved().filter(is_public=True)

    def current_first(self) -> Self:
        """Approved first, then drafts, then superseded versions; newest first within each."""
        return self.annotate(
            status_rank=Case(
                When(status=StrategyStatus.APPROVED, then=Value(0)),
                When(status=StrategyStatus.DRAFT, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ).order_by("status_rank", "-start_year", "-version", "-pk")

    def the_current(self) -> Strategy | None:
        """The government's current strategy: the newest approved one, else the newest draft
        (None when there is none). Call on ``for_tenant(government)``."""
        return self.current().current_first().first()


class ObjectiveQuerySet(TenantQuerySet["Objective"]):
    def general(self) -> Self:
        return self.filter(parent__isnull=True)

    def specific(self) -> Self:
        return self.filter(parent__isnull=False)

    def of_current_strategy(self) -> Self:
        return self.exclude(strategy__status=StrategyStatus.SUPERSEDED)

    def with_counts(self) -> Self:
        """Annotate ``n_actions`` and ``n_agreements``: how many of each serve the objective."""
        return self.annotate(
            n_actions=Count("actions", distinct=True),
            n_agreements=Count("agreements", distinct=True),
        )


StrategyManager = models.Manager.from_queryset(StrategyQuerySet)
ObjectiveManager = models.Manager.from_queryset(ObjectiveQuerySet)

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models
from django.utils import timezone

from lazos.actions.choices import OPEN_COMMITMENT_STATUSES
from lazos.core.querysets import TenantQuerySet

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.actions.models import (
        Action,  # noqa: F401
        ActionLocalActor,  # noqa: F401
        BudgetLine,  # noqa: F401
        Commitment,  # noqa: F401
        Mission,  # noqa: F401
        Traveller,  # noqa: F401
    )


class ActionQuerySet(TenantQuerySet["Action"]):
    def public(self) -> Self:
        return self.filter(is_public=True)

    def with_related(self) -> Self:
        return self.select_related("lead_department", "agreement").prefetch_related("partners")

    def with_partner(self, partner_ids: list[int]) -> Self:
        """Actions with at least one of these partners (each action once)."""
        inner = self.model.objects.filter(partners__in=partner_ids).values("pk")
        return self.filter(pk__in=inner)


class BudgetLineQuerySet(TenantQuerySet["BudgetLine"]):
    pass


class MissionQuerySet(TenantQuerySet["Mission"]):
    pass


class TravellerQuerySet(TenantQuerySet["Traveller"]):
    pass


class ActionLocalActorQuerySet(TenantQuerySet["ActionLocalActor"]):
    pass


class CommitmentQuerySet(TenantQuerySet["Commitment"]):
    def open(self) -> Self:
        return self.filter(status__in=OPEN_COMMITMENT_STATUSES)

    def overdue(self) -> Self:
        return self.open().filter(due_date__lt=timezone.localdate())

    def with_related(self) -> Self:
        return self.select_related(
            "action", "agreement", "partner", "department", "responsible_user"
        )


ActionManager = models.Manager.from_queryset(ActionQuerySet)
ActionLocalActorManager = models.Manager.from_queryset(ActionLocalActorQuerySet)
BudgetLineManager = models.Manager.from_queryset(BudgetLineQuerySet)
MissionManager = models.Manager.from_queryset(MissionQuerySet)
TravellerManager = models.Manager.from_queryset(TravellerQuerySet)
CommitmentManager = models.Manager.from_queryset(CommitmentQuerySet)

from __future__ import annotations

from typing import Self

from django.utils import timezone

from lazos.actions.choices import OPEN_COMMITMENT_STATUSES
from lazos.core.querysets import TenantQuerySet


class ActionQuerySet(TenantQuerySet):
    def public(self) -> Self:
        return self.filter(is_public=True)

    def with_related(self) -> Self:
        return self.select_related("lead_department", "agreement").prefetch_related("partners")

    def with_partner(self, partner_ids: list[int]) -> Self:
        """Actions with at least one of these partners (each action once)."""
        inner = self.model.objects.filter(partners__in=partner_ids).values("pk")
        return self.filter(pk__in=inner)


class BudgetLineQuerySet(TenantQuerySet):
    pass


class MissionQuerySet(TenantQuerySet):
    pass


class TravellerQuerySet(TenantQuerySet):
    pass


class ActionLocalActorQuerySet(TenantQuerySet):
    pass


class CommitmentQuerySet(TenantQuerySet):
    def open(self) -> Self:
        return self.filter(status__in=OPEN_COMMITMENT_STATUSES)

    def overdue(self) -> Self:
        return self.open().filter(due_date__lt=timezone.localdate())

    def with_related(self) -> Self:
        return self.select_related(
            "action", "agreement", "partner", "department", "responsible_user"
        )

from __future__ import annotations

from datetime import timedelta
from typing import Self

from django.db.models import Max, Q
from django.utils import timezone

from lazos.agreements.choices import AgreementStatus
from lazos.core.querysets import TenantQuerySet


class AgreementQuerySet(TenantQuerySet):
    def in_force(self) -> Self:
        return self.filter(status=AgreementStatus.IN_FORCE)

    def expiring_within(self, days: int) -> Self:
        today = timezone.localdate()
        return self.in_force().filter(
            valid_until__gte=today, valid_until__lte=today + timedelta(days=days)
        )

    def with_last_activity(self) -> Self:
        """Annotate ``last_activity``: the latest date anything happened under the agreement
        (an action under it started, ended or was recorded, or its status changed)."""
        return self.annotate(
            last_action_start=Max("actions__start_date"),
            last_action_end=Max(
                "actions__end_date", filter=Q(actions__end_date__lte=timezone.localdate())
            ),
            last_transition=Max("transitions__on"),
        )

    def with_related(self) -> Self:
        return self.select_related("lead_department").prefetch_related("partners")


class AgreementTransitionQuerySet(TenantQuerySet):
    pass


class SignatoryQuerySet(TenantQuerySet):
    pass

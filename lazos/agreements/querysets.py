from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    DateField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from lazos.agreements.choices import AgreementStatus
from lazos.core.querysets import TenantQuerySet

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.agreements.models import Agreement, AgreementTransition, Signatory  # noqa: F401


# Stands for "never" inside the database expression of ``last_activity`` (SQLite's MAX()
# of several values is NULL as soon as one is NULL, so every candidate is coalesced).
NEVER = date(1900, 1, 1)


def dormancy_cutoff(months: int, today: date | None = None) -> date:
    """An in-force agreement whose last activity is before this date is dormant."""
    today = today or timezone.localdate()
    return today - timedelta(days=int(months * 30.4375))


class AgreementQuerySet(TenantQuerySet["Agreement"]):
    def in_force(self) -> Self:
        return self.filter(status=AgreementStatus.IN_FORCE)

    def expiring_within(self, days: int) -> Self:
        today = timezone.localdate()
        return self.in_force().filter(
            valid_until__gte=today, valid_until__lte=today + timedelta(days=days)
        )

    def with_last_activity(self, months: int | None = None) -> Self:
        """Annotate ``last_activity``: the latest past date anything happened under the
        agreement (an action under it started or ended, a commitment under it was completed,
        its status changed, it was signed or came into force); ``NEVER`` when nothing did.

        With ``months`` (the government's ``dormancy_months``) also annotate ``dormant``:
        in force and no activity for that long. One query, no join: each candidate is a
        correlated subquery, so the rows are not multiplied and need no GROUP BY.
        """
        from lazos.actions.models import Action, Commitment
        from lazos.agreements.models import AgreementTransition

        today = timezone.localdate()

        def latest(queryset: QuerySet[Any], field: str) -> Coalesce:
            rows = queryset.filter(agreement=OuterRef("pk"), **{f"{field}__lte": today}).order_by(
                f"-{field}"
            )
            return Coalesce(
                Subquery(rows.values(field)[:1], output_field=DateField()),
                Value(NEVER),
                output_field=DateField(),
            )

        def own(field: str) -> Case:
            return Case(
                When(**{f"{field}__lte": today}, then=F(field)),
                default=Value(NEVER),
                output_field=DateField(),
            )

        queryset = self.annotate(
            last_activity=Greatest(
                latest(Action.objects.all(), "start_date"),
                latest(Action.objects.all(), "end_date"),
                latest(Commitment.objects.all(), "completed_on"),
                latest(AgreementTransition.objects.all(), "on"),
                own("in_force_from"),
                own("signed_on"),
                output_field=DateField(),
            )
        )
        if months is not None:
            queryset = queryset.annotate(
                dormant=Case(
                    When(
                        Q(status=AgreementStatus.IN_FORCE)
                        & Q(last_activity__lt=dormancy_cutoff(months, today)),
                        then=Value(True),
                    ),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
        return queryset

    def dormant(self, months: int) -> Self:
        """In force, and nothing happened under it for ``months`` months."""
        queryset = self if "last_activity" in self.query.annotations else self.with_last_activity()
        return queryset.in_force().filter(last_activity__lt=dormancy_cutoff(months))

    def with_related(self) -> Self:
        return self.select_related("lead_department").prefetch_related("partners")


class AgreementTransitionQuerySet(TenantQuerySet["AgreementTransition"]):
    pass


class SignatoryQuerySet(TenantQuerySet["Signatory"]):
    pass


AgreementManager = models.Manager.from_queryset(AgreementQuerySet)
SignatoryManager = models.Manager.from_queryset(SignatoryQuerySet)
AgreementTransitionManager = models.Manager.from_queryset(AgreementTransitionQuerySet)

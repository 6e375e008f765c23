from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import DateField, Exists, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from lazos.core.querysets import TenantQuerySet
from lazos.results.choices import UpdateStatus

# Before any update (``update_due``: an indicator never reported on is due).
NEVER_REPORTED = datetime(1900, 1, 1, tzinfo=UTC)

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate, TargetRevision  # noqa: F401


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (clamped to the month's last day)."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class IndicatorQuerySet(TenantQuerySet["Indicator"]):
    def on_objectives(self) -> Self:
        return self.filter(objective__isnull=False)

    def on_actions(self) -> Self:
        return self.filter(action__isnull=False)

    def public(self) -> Self:
        """Indicators residents may see: public ones on a public action or on a public,
        approved strategy."""
        from lazos.strategy.choices import StrategyStatus

        return self.filter(is_public=True).filter(
            Q(action__is_public=True)
            | Q(
                objective__strategy__is_public=True,
                objective__strategy__status=StrategyStatus.APPROVED,
            )
        )

    def with_related(self) -> Self:
        return self.select_related("objective__strategy", "action", "department", "contributes_to")

    def with_started_span(self, today: date) -> Self:
        """Annotate ``first_start`` and ``last_end``: the start of the first period, and the end
        of the last one, among the periods started by ``today`` (None when none has)."""
        from lazos.results.models import IndicatorPeriod

        started = IndicatorPeriod.objects.filter(indicator=OuterRef("pk"), start__lte=today)
        return self.annotate(
            first_start=Subquery(
                started.order_by("start").values("start")[:1], output_field=DateField()
            ),
            last_end=Subquery(started.order_by("-end").values("end")[:1], output_field=DateField()),
        )

    def update_due(self, today: date) -> Self:
        """Indicators for which someone should report a new value on ``today``.

        An indicator is *due* when both hold:

        1. one of its periods has started (``start <= today``); and
        2. it has no update counted as reported, or its newest counted update was recorded
           (``created_at``, in the current time zone) more than ``update_every_months``
           calendar months before ``today`` — exactly that many months earlier is not yet due.

        Updates *counted as reported* are drafts, submitted and approved ones: someone is
        working on the value. Returned updates do not count: the value was refused and must be
        corrected, so an indicator whose only recent update was returned stays due.
        Indicators whose ``update_every_months`` differ are compared each with their own delay.
        """
        from lazos.results.models import IndicatorPeriod, IndicatorUpdate

        started = IndicatorPeriod.objects.filter(indicator=OuterRef("pk"), start__lte=today)
        counted = IndicatorUpdate.objects.filter(period__indicator=OuterRef("pk")).exclude(
            status=UpdateStatus.RETURNED
        )
        last = (
            counted.order_by()
            .values("period__indicator")
            .annotate(last=Max("created_at"))
            .values("last")
        )
        # Never reported counts as reported long ago: each indicator's last update is then
        # read once by the filter (``IS NULL OR … <`` read it twice, a subquery per row each).
        candidates = (
            self.filter(Exists(started))
            .annotate(last_reported_at=last)
            .alias(
                last_or_never=Coalesce(
                    "last_reported_at", Value(NEVER_REPORTED), output_field=models.DateTimeField()
                )
            )
        )
        stale = Q()
        tz = timezone.get_current_timezone()
        delays = set(self.values_list("update_every_months", flat=True).distinct().order_by())
        for months in sorted(delays):
            cutoff = datetime.combine(months_before(today, months), time.min, tzinfo=tz)
            stale |= Q(update_every_months=months, last_or_never__lt=cutoff)
        return candidates.filter(stale)


class IndicatorPeriodQuerySet(TenantQuerySet["IndicatorPeriod"]):
    def overlapping(self, start: date, end: date) -> Self:
        """Periods that share at least one day from ``start`` to ``end``."""
        return self.filter(start__lte=end, end__gte=start)


class IndicatorUpdateQuerySet(TenantQuerySet["IndicatorUpdate"]):
    def approved(self) -> Self:
        return self.filter(status=UpdateStatus.APPROVED)

    def pending_review(self) -> Self:
        return self.filter(status=UpdateStatus.SUBMITTED)

    def with_related(self) -> Self:
        return self.select_related(
            "period__indicator__objective",
            "period__indicator__action",
            "period__indicator__department",
            "reported_by",
            "reviewed_by",
        )


class TargetRevisionQuerySet(TenantQuerySet["TargetRevision"]):
    pass


IndicatorManager = models.Manager.from_queryset(IndicatorQuerySet)
IndicatorPeriodManager = models.Manager.from_queryset(IndicatorPeriodQuerySet)
IndicatorUpdateManager = models.Manager.from_queryset(IndicatorUpdateQuerySet)
TargetRevisionManager = models.Manager.from_queryset(TargetRevisionQuerySet)

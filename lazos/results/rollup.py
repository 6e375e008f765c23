"""The actual value of an indicator per period, and the roll-up of action indicators into the
objective indicators they contribute to.

For an indicator whose ``rollup_rule`` is *none* (every action indicator, and objective
indicators updated directly), a period's actual value is its own latest approved update
(latest by approval time).

For an objective indicator with a rule, a period's actual value is computed from the
*contributions*: for each action indicator linked to it (``contributes_to``), each of its
periods that overlaps the objective period (shares at least one day) and has an approved
update gives one point, the latest approved value of that period. Then:

- ``sum``: the sum of all points (e.g. people trained by each project, each year);
- ``average``: the arithmetic mean of all points;
- ``latest``: the value of the point whose period ends last (ties: the latest approved).

A period without any point has no actual value. Only approved values count, never drafts,
submitted or returned ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from lazos.results.choices import RollupRule, UpdateStatus
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate


@dataclass(frozen=True)
class Point:
    """One approved value: of an indicator's period (for a roll-up, a contributor's)."""

    indicator: Indicator
    period: IndicatorPeriod
    update: IndicatorUpdate

    @property
    def value(self) -> Decimal | None:
        return self.update.value

    @property
    def text(self) -> str:
        return self.update.qualitative_value

    @property
    def sort_key(self) -> tuple[date, datetime, datetime]:
        reviewed = self.update.reviewed_at or self.update.created_at
        return (self.period.end, reviewed, self.update.created_at)


@dataclass
class Actual:
    """The actual value of one period: a number, or a rubric level, or nothing yet."""

    value: Decimal | None = None
    text: str = ""
    points: list[Point] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        return self.value is not None or bool(self.text)


def latest_approved(updates: Iterable[IndicatorUpdate]) -> IndicatorUpdate | None:
    """The approved update approved last (by review time, then by creation)."""
    approved = [u for u in updates if u.status == UpdateStatus.APPROVED]
    if not approved:
        return None
    return max(approved, key=lambda u: (u.reviewed_at or u.created_at, u.created_at, u.pk or 0))


def overlaps(a: IndicatorPeriod, b: IndicatorPeriod) -> bool:
    return a.start <= b.end and b.start <= a.end


def combine(rule: str, points: Sequence[Point]) -> Actual:
    """Apply a roll-up rule to the points (see the module doc)."""
    if not points:
        return Actual()
    if rule == RollupRule.LATEST:
        last = max(points, key=lambda p: p.sort_key)
        return Actual(value=last.value, text=last.text, points=list(points))
    numbers = [p.value for p in points if p.value is not None]
    if not numbers:
        return Actual(points=list(points))
    total = sum(numbers, Decimal(0))
    if rule == RollupRule.SUM:
        return Actual(value=total, points=list(points))
    if rule == RollupRule.AVERAGE:
        return Actual(value=total / len(numbers), points=list(points))
    raise ValueError(f"Unknown roll-up rule {rule!r}")


def rollup_points(period: IndicatorPeriod, contributors: Iterable[Indicator]) -> list[Point]:
    """The approved values of the contributors' periods that overlap ``period``.

    The contributors must carry their periods with their updates prefetched (see
    :func:`load_periods`)."""
    points = []
    for contributor in contributors:
        for their_period in contributor.periods.all():
            if not overlaps(period, their_period):
                continue
            update = latest_approved(their_period.updates.all())
            if update is not None:
                points.append(Point(contributor, their_period, update))
    return points


def actual_for(
    indicator: Indicator, period: IndicatorPeriod, contributors: Iterable[Indicator] = ()
) -> Actual:
    """The actual value of ``indicator`` in ``period`` (periods and updates prefetched)."""
    if indicator.objective_id and indicator.rollup_rule != RollupRule.NONE:
        return combine(indicator.rollup_rule, rollup_points(period, contributors))
    update = latest_approved(period.updates.all())
    if update is None:
        return Actual()
    return Actual(
        value=update.value,
        text=update.qualitative_value,
        points=[Point(indicator, period, update)],
    )


def _periods_prefetch() -> Prefetch[str, QuerySet[IndicatorPeriod], str]:
    return Prefetch(
        "periods",
        queryset=IndicatorPeriod.objects.order_by("start").prefetch_related(
            Prefetch(
                "updates",
                queryset=IndicatorUpdate.objects.filter(status=UpdateStatus.APPROVED).order_by(
                    "created_at"
                ),
            )
        ),
    )


def load_periods(indicators: Sequence[Indicator]) -> None:
    """Prefetch the periods, approved updates and contributors (with theirs) of
    ``indicators``, in a constant number of queries; contributors are set as
    ``indicator.contributors``."""
    from django.db.models import prefetch_related_objects

    indicators = list(indicators)
    prefetch_related_objects(indicators, _periods_prefetch())
    rolled = [i for i in indicators if i.objective_id and i.rollup_rule != RollupRule.NONE]
    by_target: dict[int, list[Indicator]] = {i.pk: [] for i in rolled}
    if rolled:
        contributors = list(
            Indicator.objects.filter(contributes_to__in=[i.pk for i in rolled])
            .select_related("action")
            .prefetch_related(_periods_prefetch())
            .order_by("position", "title")
        )
        for contributor in contributors:
            assert contributor.contributes_to_id is not None
            by_target[contributor.contributes_to_id].append(contributor)
    for indicator in indicators:
        indicator.contributors = by_target.get(indicator.pk, [])  # type: ignore[attr-defined]


def actuals(indicator: Indicator) -> list[tuple[IndicatorPeriod, Actual]]:
    """Every period of a loaded indicator (see :func:`load_periods`) with its actual value."""
    contributors = getattr(indicator, "contributors", [])
    return [
        (period, actual_for(indicator, period, contributors)) for period in indicator.periods.all()
    ]

"""Roll-up of action indicators into objective indicators, progress towards targets, and the
"update due" predicate."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lazos.results.choices import Measure, RollupRule, UpdateStatus
from lazos.results.models import Indicator
from lazos.results.progress import percent_reached, progress_of
from lazos.results.querysets import months_before
from lazos.results.tests.factories import (
    make_action,
    make_indicator,
    make_objective,
    make_period,
    make_update,
)

pytestmark = pytest.mark.django_db


def approved(period, value, *, reviewed=None, **values):
    return make_update(
        period,
        value=Decimal(value),
        status=UpdateStatus.APPROVED,
        reviewed_at=reviewed or timezone.now(),
        **values,
    )


def build_rollup(world, rule):
    """An objective indicator with yearly periods 2024 and 2025, and two action indicators:
    one yearly, one with half-year periods (both overlap the objective's years)."""
    government = world.government
    objective_indicator = make_indicator(
        government, objective=make_objective(government), rollup_rule=rule
    )
    year_2024 = make_period(objective_indicator, 2024, target_value=Decimal(100))
    year_2025 = make_period(objective_indicator, 2025, target_value=Decimal(200))
    yearly = make_indicator(
        government, action=make_action(government), contributes_to=objective_indicator
    )
    halves = make_indicator(
        government, action=make_action(government), contributes_to=objective_indicator
    )
    y24 = make_period(yearly, 2024)
    approved(y24, 10, reviewed=timezone.now() - timedelta(days=30))
    approved(y24, 12)  # the latest approved value of the period wins
    make_update(y24, value=Decimal(999), status=UpdateStatus.SUBMITTED)  # never counts
    make_update(y24, value=Decimal(999), status=UpdateStatus.RETURNED)
    h1 = make_period(halves, start=date(2024, 1, 1), end=date(2024, 6, 30))
    h2 = make_period(halves, start=date(2024, 7, 1), end=date(2024, 12, 31))
    h3 = make_period(halves, start=date(2025, 1, 1), end=date(2025, 6, 30))
    approved(h1, 5)
    approved(h2, 7)
    approved(h3, 40)
    make_period(halves, start=date(2025, 7, 1), end=date(2025, 12, 31))  # nothing approved
    # An indicator of another objective indicator does not count.
    other = make_indicator(government, rollup_rule=RollupRule.SUM)
    stray = make_indicator(government, action=make_action(government), contributes_to=other)
    approved(make_period(stray, 2024), 1000)
    return objective_indicator, year_2024, year_2025


def actual_values(indicator):
    [progress] = progress_of([Indicator.objects.get(pk=indicator.pk)])
    return [row.actual.value for row in progress.periods], progress


def test_sum_adds_the_approved_values_of_overlapping_periods(world):
    indicator, _, _ = build_rollup(world, RollupRule.SUM)
    values, progress = actual_values(indicator)
    assert values == [Decimal(24), Decimal(40)]  # 12 + 5 + 7; 40
    assert [row.percent for row in progress.periods] == [24, 20]
    assert len(progress.contributors) == 2


def test_average_of_the_points(world):
    indicator, _, _ = build_rollup(world, RollupRule.AVERAGE)
    values, _ = actual_values(indicator)
    assert values == [Decimal(8), Decimal(40)]  # (12 + 5 + 7) / 3


def test_latest_takes_the_period_that_ends_last(world):
    indicator, _, _ = build_rollup(world, RollupRule.LATEST)
    values, _ = actual_values(indicator)
    # 2024: the yearly period and the second half both end on 31 December; the one approved
    # last wins (the half-year value 7 was approved after the yearly 12).
    assert values == [Decimal(7), Decimal(40)]


def test_without_a_rule_the_indicator_uses_its_own_approved_updates(world):
    indicator, year_2024, _ = build_rollup(world, RollupRule.NONE)
    approved(year_2024, 55)
    make_update(year_2024, value=Decimal(70), status=UpdateStatus.SUBMITTED)
    values, progress = actual_values(indicator)
    assert values == [Decimal(55), None]
    assert progress.latest.period == year_2024


def test_a_period_touching_by_one_day_overlaps(world):
    government = world.government
    target = make_indicator(government, rollup_rule=RollupRule.SUM)
    make_period(target, start=date(2024, 1, 1), end=date(2024, 12, 31))
    contributor = make_indicator(government, action=make_action(government), contributes_to=target)
    approved(make_period(contributor, start=date(2024, 12, 31), end=date(2025, 3, 31)), 3)
    approved(make_period(contributor, start=date(2025, 4, 1), end=date(2025, 6, 30)), 50)
    values, _ = actual_values(target)
    assert values == [Decimal(3)]


def test_percent_reached_respects_the_direction():
    assert percent_reached(Decimal(50), Decimal(100)) == 50
    assert percent_reached(Decimal(50), Decimal(100), baseline=Decimal(20)) == 38
    # Reduce CO2 from 200 (baseline) to 100: at 150 half of the way is covered.
    assert percent_reached(Decimal(150), Decimal(100), baseline=Decimal(200), ascending=False) == 50
    assert (
        percent_reached(Decimal(220), Decimal(100), baseline=Decimal(200), ascending=False) == -20
    )
    # Without a baseline, lower is better: target ÷ actual.
    assert percent_reached(Decimal(125), Decimal(100), ascending=False) == 80
    assert percent_reached(None, Decimal(100)) is None
    assert percent_reached(Decimal(3), None) is None
    assert percent_reached(Decimal(3), Decimal(0)) is None


def test_progress_loads_in_constant_queries(world, django_assert_max_num_queries):
    indicators = [build_rollup(world, RollupRule.SUM)[0] for _ in range(3)]
    loaded = list(Indicator.objects.filter(pk__in=[i.pk for i in indicators]))
    with django_assert_max_num_queries(5):
        progress = progress_of(loaded)
    assert [p.periods[0].actual.value for p in progress] == [Decimal(24)] * 3


def test_months_before():
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 12) == date(2025, 1, 15)
    assert months_before(date(2026, 5, 1), 17) == date(2024, 12, 1)


def _recorded(update, day):
    type(update).objects.filter(pk=update.pk).update(
        created_at=timezone.make_aware(datetime.combine(day, datetime.min.time()))
    )


def test_update_due(world):
    government = world.government
    today = date(2026, 6, 15)

    def indicator(title, every=12, start=date(2024, 1, 1)):
        ind = make_indicator(government, title=title, update_every_months=every)
        make_period(ind, start=start, end=date(2026, 12, 31))
        return ind

    never = indicator("never reported")
    indicator("not started", start=date(2026, 7, 1))
    recent = indicator("reported recently")
    _recorded(make_update(recent.periods.get(), status=UpdateStatus.APPROVED), date(2025, 7, 1))
    old = indicator("reported long ago")
    _recorded(make_update(old.periods.get(), status=UpdateStatus.APPROVED), date(2025, 6, 14))
    edge = indicator("exactly twelve months ago")
    _recorded(make_update(edge.periods.get(), status=UpdateStatus.DRAFT), date(2025, 6, 15))
    quarterly = indicator("quarterly", every=3)
    _recorded(make_update(quarterly.periods.get(), status=UpdateStatus.SUBMITTED), date(2026, 3, 1))
    returned = indicator("only returned")
    _recorded(make_update(returned.periods.get(), status=UpdateStatus.RETURNED), date(2026, 6, 1))
    Indicator.objects.create(
        government=world.other_government,
        objective=make_objective(world.other_government),
        title="foreign",
    )
    due = Indicator.objects.for_tenant(government).update_due(today)
    assert sorted(due.values_list("title", flat=True)) == sorted(
        [never.title, old.title, quarterly.title, returned.title]
    )
    assert edge.title not in set(due.values_list("title", flat=True))


def test_qualitative_progress_shows_levels_without_percent(world):
    indicator = make_indicator(
        world.government, measure=Measure.QUALITATIVE, rubric="low\nmedium\nhigh"
    )
    period = make_period(indicator, target_value=None, target_comment="high")
    make_update(period, value=None, qualitative_value="medium", status=UpdateStatus.APPROVED)
    [progress] = progress_of([indicator])
    assert progress.periods[0].actual.text == "medium"
    assert progress.periods[0].percent is None
    assert not progress.is_numeric

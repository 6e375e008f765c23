"""Builders of indicators, periods and updates (registered for the generic tests)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

from lazos.actions.choices import ActionStatus, Modality
from lazos.actions.models import Action
from lazos.core.testing.builders import register_builder
from lazos.governments.models import Government
from lazos.results.choices import Measure, UpdateStatus
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate
from lazos.strategy.models import Objective, Strategy

_numbers = count(1)


def make_strategy(government: Government, **values: Any) -> Strategy:
    values.setdefault("title", f"International strategy {next(_numbers)}")
    values.setdefault("start_year", 2024)
    values.setdefault("end_year", 2030)
    return Strategy.objects.create(government=government, **values)


def make_objective(
    government: Government, strategy: Strategy | None = None, **values: Any
) -> Objective:
    strategy = strategy or make_strategy(government)
    number = next(_numbers)
    values.setdefault("code", str(number))
    values.setdefault("title", f"Objective {number}")
    return Objective.objects.create(government=government, strategy=strategy, **values)


def make_action(government: Government, **values: Any) -> Action:
    values.setdefault("title", f"International action {next(_numbers)}")
    values.setdefault("modality", Modality.TECHNICAL_EXCHANGE)
    values.setdefault("status", ActionStatus.ONGOING)
    return Action.objects.create(government=government, **values)


def make_indicator(government: Government, **values: Any) -> Indicator:
    if "objective" not in values and "action" not in values:
        values["objective"] = make_objective(government)
    values.setdefault("title", f"Indicator {next(_numbers)}")
    values.setdefault("measure", Measure.NUMBER)
    return Indicator.objects.create(government=government, **values)


def make_period(indicator: Indicator, year: int = 2024, **values: Any) -> IndicatorPeriod:
    values.setdefault("start", date(year, 1, 1))
    values.setdefault("end", date(year, 12, 31))
    values.setdefault("target_value", Decimal(100))
    return IndicatorPeriod.objects.create(
        government_id=indicator.government_id, indicator=indicator, **values
    )


def make_update(period: IndicatorPeriod, **values: Any) -> IndicatorUpdate:
    values.setdefault("value", Decimal(10))
    values.setdefault("status", UpdateStatus.DRAFT)
    return IndicatorUpdate.objects.create(
        government_id=period.government_id, period=period, **values
    )


@register_builder(Indicator)
def _build_indicator(government: Government) -> Indicator:
    return make_indicator(government)


@register_builder(IndicatorPeriod)
def _build_period(government: Government) -> IndicatorPeriod:
    return make_period(make_indicator(government))


@register_builder(IndicatorUpdate)
def _build_update(government: Government) -> IndicatorUpdate:
    return make_update(make_period(make_indicator(government)), status=UpdateStatus.SUBMITTED)

"""Progress of indicators: per period, the target, the actual value and how much of the target
is reached, in the direction the indicator aims at (``ascending``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext

from lazos.core.charts import line_chart
from lazos.results.choices import Measure
from lazos.results.models import Indicator, IndicatorPeriod, TargetRevision
from lazos.results.rollup import Actual, actuals, load_periods


def percent_reached(
    actual: Decimal | None,
    target: Decimal | None,
    *,
    baseline: Decimal | None = None,
    ascending: bool = True,
) -> int | None:
    """How much of the way to the target the actual value has come, in percent (rounded).

    With a baseline: the distance covered from the baseline towards the target, which works
    for aims to increase and to reduce alike (100 = target reached, 0 = still at the baseline,
    negative = moved away). Without a baseline: actual ÷ target when higher is better,
    target ÷ actual when lower is better. None when it cannot be told.
    """
    if actual is None or target is None:
        return None
    if baseline is not None and target != baseline:
        ratio = (actual - baseline) / (target - baseline)
    elif ascending:
        if target == 0:
            return None
        ratio = actual / target
    else:
        if actual == 0:
            return 100 if target >= 0 else None
        ratio = target / actual
    return int((ratio * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_number(value: Decimal | None, measure: str = Measure.NUMBER) -> str:
    """1234.5000 → "1234.5", 20.0000 → "20"; percentages get a % sign."""
    if value is None:
        return ""
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} %" if measure == Measure.PERCENTAGE else text


@dataclass
class PeriodProgress:
    period: IndicatorPeriod
    actual: Actual
    percent: int | None
    revisions: list[TargetRevision] = field(default_factory=list)

    @property
    def label(self) -> str:
        start, end = self.period.start, self.period.end
        if start.year == end.year and start.month == 1 and start.day == 1 and end.month == 12:
            return str(start.year)
        return f"{start:%Y-%m-%d} – {end:%Y-%m-%d}"


@dataclass
class IndicatorProgress:
    indicator: Indicator
    periods: list[PeriodProgress]

    @property
    def is_numeric(self) -> bool:
        return self.indicator.measure != Measure.QUALITATIVE

    @property
    def contributors(self) -> list[Indicator]:
        return list(getattr(self.indicator, "contributors", []))

    @property
    def latest(self) -> PeriodProgress | None:
        """The last period that has an actual value."""
        with_values = [p for p in self.periods if p.actual.exists]
        return with_values[-1] if with_values else None

    def chart_series(self) -> tuple[list[str], dict[str, list[float | None]]]:
        """Labels (periods) and series (target, actual) for a chart."""
        from django.utils.translation import gettext

        labels = [p.label for p in self.periods]
        target = [_float(p.period.target_value) for p in self.periods]
        actual = [_float(p.actual.value) for p in self.periods]
        return labels, {gettext("Target"): target, gettext("Actual"): actual}


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def progress_of(indicators: Sequence[Indicator]) -> list[IndicatorProgress]:
    """The progress of each indicator, loading what it needs in a constant number of queries."""
    indicators = list(indicators)
    load_periods(indicators)
    result = []
    for indicator in indicators:
        rows = []
        for period, actual in actuals(indicator):
            percent = (
                percent_reached(
                    actual.value,
                    period.target_value,
                    baseline=indicator.baseline_value,
                    ascending=indicator.ascending,
                )
                if indicator.measure != Measure.QUALITATIVE
                else None
            )
            rows.append(PeriodProgress(period=period, actual=actual, percent=percent))
        result.append(IndicatorProgress(indicator=indicator, periods=rows))
    return result


def progress_chart(progress: IndicatorProgress, *, slug: str = "") -> Any:
    """A line chart of the indicator's target and actual value per period (None when the
    indicator is qualitative: its progress is a table of rubric levels)."""
    if not progress.is_numeric or not progress.periods:
        return None
    indicator = progress.indicator
    labels, series = progress_chart_data(progress)
    unit = "%" if indicator.measure == Measure.PERCENTAGE else indicator.unit
    return line_chart(
        slug or f"indicator-{indicator.pk}-progress",
        title=gettext("Progress of “%(indicator)s”") % {"indicator": indicator.title},
        description=_chart_description(progress),
        categories=labels,
        series=list(series.items()),
        unit=unit,
        category_label=gettext("Period"),
    )


def progress_chart_data(
    progress: IndicatorProgress,
) -> tuple[list[str], dict[str, list[float | None]]]:
    return progress.chart_series()


def _chart_description(progress: IndicatorProgress) -> str:
    from django.utils.translation import gettext

    indicator = progress.indicator
    parts = [
        gettext("Target and actual value of each period.")
        if indicator.ascending
        else gettext("Target and actual value of each period (the aim is to reduce).")
    ]
    if indicator.baseline_value is not None:
        parts.append(
            gettext("Baseline: %(value)s.")
            % {"value": format_number(indicator.baseline_value, indicator.measure)}
        )
    latest = progress.latest
    if latest is not None:
        reached = (
            gettext("%(percent)s %% of the target reached") % {"percent": latest.percent}
            if latest.percent is not None
            else gettext("no target to compare with")
        )
        parts.append(
            gettext("Latest actual value, %(period)s: %(value)s (%(reached)s).")
            % {
                "period": latest.label,
                "value": format_number(latest.actual.value, indicator.measure),
                "reached": reached,
            }
        )
    else:
        parts.append(gettext("No approved value yet."))
    return " ".join(parts)

"""The figures behind the dashboards: aggregates of one government's register, as charts.

Every function takes the government and the :class:`Filters` and runs a fixed number of
queries whatever the number of rows (aggregates, or flat ``values_list`` rows counted in
Python), never one query per item. Nothing here sees another government's rows: every
queryset starts from ``for_tenant(government)``.

The actions counted are the government's own and the IATI activities it reports or takes
part in (:func:`lazos.iati.models.counted_in_dashboards`): an activity imported from another
publisher's file in which the government is not a participating organisation is in the
register, not in the dashboards.

Filters: years (an action's year is the year it starts; actions without a start date count in
totals but not in the charts over time) and department (the action's lead department or one of
its other departments; an agreement's lead department; an indicator's department).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lazos.actions.choices import FundingSource, Modality
from lazos.actions.models import Action, BudgetLine
from lazos.agreements.choices import AgreementStatus
from lazos.agreements.models import Agreement
from lazos.core.charts import (
    Chart,
    Series,
    TimelineItem,
    bar_chart,
    stacked_bar_chart,
    timeline_chart,
)
from lazos.core.maps import MapPoint, WorldMap, points_for_partners, world_map
from lazos.dashboards.regions import REGIONS, region_name, region_of
from lazos.governments.models import Department, Government
from lazos.iati.models import counted_in_dashboards
from lazos.partners.models import Partner
from lazos.reference.models import SdgGoal, Theme
from lazos.results.models import Indicator
from lazos.results.progress import progress_chart, progress_of
from lazos.strategy.models import Objective, Strategy

#: Series shown by name in a chart over time; the rest are summed as "Other".
TOP_SERIES = 7
MAX_YEARS = 30
TIMELINE_MONTHS = 24


@dataclass(frozen=True)
class Filters:
    from_year: int | None = None
    to_year: int | None = None
    department: Department | None = None

    @property
    def active(self) -> bool:
        return bool(self.from_year or self.to_year or self.department)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, 28))


# ---------------------------------------------------------------------------------------------
# actions


def filtered_actions(government: Government, filters: Filters) -> QuerySet[Action]:
    # Activities imported from another organisation's IATI file count only where the
    # government takes part in them (one of their participating organisations).
    actions = Action.objects.for_tenant(government).filter(counted_in_dashboards(government))
    if filters.from_year:
        actions = actions.filter(start_date__year__gte=filters.from_year)
    if filters.to_year:
        actions = actions.filter(start_date__year__lte=filters.to_year)
    if filters.department is not None:
        department = filters.department
        actions = actions.filter(
            Q(lead_department=department)
            | Q(
                pk__in=Action.departments.through.objects.filter(department=department).values(
                    "action_id"
                )
            )
        )
    return actions


def _years(years: Iterable[int], filters: Filters) -> list[int]:
    present = sorted(set(years))
    if not present:
        return []
    first = filters.from_year or present[0]
    last = filters.to_year or present[-1]
    first = max(first, last - MAX_YEARS + 1)
    return list(range(first, last + 1))


def _over_time(
    slug: str,
    *,
    title: str,
    description: str,
    pairs: Iterable[tuple[int, Any]],
    year_of: dict[int, int],
    years: list[int],
    label_of: Callable[[Any], str],
    order: Sequence[Any] | None = None,
) -> Chart:
    """A stacked column chart of distinct actions per year and key, from (action, key) pairs.

    ``order`` fixes the series (all shown); otherwise the :data:`TOP_SERIES` largest keys are
    shown and the rest summed as "Other"."""
    by_key: dict[Any, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for action_id, key in pairs:
        year = year_of.get(action_id)
        if year is not None:
            by_key[key][year].add(action_id)
    totals = Counter(
        {key: sum(len(ids) for ids in per_year.values()) for key, per_year in by_key.items()}
    )
    if order is not None:
        keys = [k for k in order if totals.get(k)]
        rest: list[Any] = []
    else:
        ranked = [
            k for k, _count in sorted(totals.items(), key=lambda kv: (-kv[1], label_of(kv[0])))
        ]
        keys, rest = ranked[:TOP_SERIES], ranked[TOP_SERIES:]
    series = [
        Series(label_of(key), [len(by_key[key].get(year, ())) for year in years]) for key in keys
    ]
    if rest:
        other = []
        for year in years:
            ids: set[int] = set()
            for key in rest:
                ids |= by_key[key].get(year, set())
            other.append(len(ids))
        series.append(Series(_("Other"), other))
    return stacked_bar_chart(
        slug,
        title=title,
        description=description,
        categories=[str(year) for year in years],
        series=series,
        category_label=_("Year"),
    )


def activity_charts(government: Government, filters: Filters) -> list[Chart]:
    actions = filtered_actions(government, filters)
    action_ids = actions.values("pk")
    rows = list(actions.order_by().values_list("pk", "start_date", "modality"))
    year_of = {pk: start.year for pk, start, _m in rows if start is not None}
    years = _years(year_of.values(), filters)
    undated = sum(1 for _pk, start, _m in rows if start is None)
    undated_note = (
        " "
        + _("%(count)d actions without a start date are not counted over time.")
        % {"count": undated}
        if undated
        else ""
    )
    modality_labels = dict(Modality.choices)
    charts = [
        _over_time(
            "actions-by-modality",
            title=_("Actions by modality and year"),
            description=_("Number of actions starting each year, by modality.") + undated_note,
            pairs=[(pk, modality) for pk, _start, modality in rows],
            year_of=year_of,
            years=years,
            label_of=lambda key: str(modality_labels.get(key, key)),
            order=list(Modality.values),
        )
    ]

    partner_rows = Action.partners.through.objects.filter(action_id__in=action_ids).values_list(
        "action_id", "partner__country"
    )
    region_pairs = {(action_id, region_of(country)) for action_id, country in partner_rows}
    charts.append(
        _over_time(
            "actions-by-region",
            title=_("Actions by world region and year"),
            description=_(
                "Number of actions starting each year, by the world region of their partners "
                "(UN M49 regions). An action with partners in several regions counts in each."
            )
            + undated_note,
            pairs=region_pairs,
            year_of=year_of,
            years=years,
            label_of=region_name,
            order=[*REGIONS, ""],
        )
    )

    theme_pairs = list(
        Action.themes.through.objects.filter(action_id__in=action_ids).values_list(
            "action_id", "theme_id"
        )
    )
    theme_names = {
        theme.code: theme.name
        for theme in Theme.objects.filter(code__in={code for _a, code in theme_pairs})
    }
    charts.append(
        _over_time(
            "actions-by-theme",
            title=_("Actions by theme and year"),
            description=_(
                "Number of actions starting each year, by theme (the most frequent themes; the "
                "others are grouped). An action with several themes counts in each."
            )
            + undated_note,
            pairs=theme_pairs,
            year_of=year_of,
            years=years,
            label_of=lambda code: str(theme_names.get(code, code)),
        )
    )

    goal_pairs = set(
        Action.sdg_targets.through.objects.filter(action_id__in=action_ids).values_list(
            "action_id", "sdgtarget__goal_id"
        )
    )
    goals = {goal.code: goal for goal in SdgGoal.objects.all()}
    charts.append(
        _over_time(
            "actions-by-sdg",
            title=_("Actions by Sustainable Development Goal and year"),
            description=_(
                "Number of actions starting each year, by the SDG their targets belong to (the "
                "most frequent goals; the others are grouped). An action contributing to several "
                "goals counts in each."
            )
            + undated_note,
            pairs=goal_pairs,
            year_of=year_of,
            years=years,
            label_of=lambda code: _("SDG %(number)s") % {"number": code},
        )
    )
    per_goal = Counter(code for _a, code in goal_pairs)
    ordered_goals = sorted(goals.values(), key=lambda g: g.number)
    shown = [g for g in ordered_goals if per_goal.get(g.code)]
    charts.append(
        bar_chart(
            "actions-by-sdg-total",
            title=_("Actions by Sustainable Development Goal"),
            description=_(
                "Number of actions contributing to each goal, all years together (within the "
                "filters)."
            ),
            categories=[g.label for g in shown],
            series=[(_("Actions"), [per_goal[g.code] for g in shown])],
            category_label=_("Goal"),
        )
    )
    return charts


# ---------------------------------------------------------------------------------------------
# budget


def _currency_series(
    categories: Sequence[Any], totals: dict[tuple[Any, str], Decimal]
) -> dict[str, Any]:
    """Series and unit of a budget chart: with one currency, one "Budget" series in that
    unit; with several, one series per currency (amounts are never converted)."""
    currencies = sorted({currency for _key, currency in totals})
    if len(currencies) == 1:
        (currency,) = currencies
        values = [totals.get((key, currency)) or 0 for key in categories]
        return {"series": [Series(_("Budget"), values)], "unit": currency}
    return {
        "series": [
            Series(currency, [totals.get((key, currency)) or 0 for key in categories])
            for currency in currencies
        ],
        "unit": "",
    }


def budget_charts(government: Government, filters: Filters) -> list[Chart]:
    action_ids = filtered_actions(government, filters).values("pk")
    lines = BudgetLine.objects.for_tenant(government).filter(action_id__in=action_ids)
    by_source = {
        (row["source"], row["currency"]): row["total"]
        for row in lines.order_by().values("source", "currency").annotate(total=Sum("amount"))
    }
    sources = [s for s in FundingSource.values if any(key == s for key, _c in by_source)]
    source_labels = dict(FundingSource.choices)
    charts = [
        bar_chart(
            "budget-by-source",
            title=_("Budget by funding source"),
            description=_(
                "Sum of the budget lines of the actions, by funding source; one bar per "
                "currency, amounts in different currencies are not converted."
            ),
            categories=[str(source_labels[s]) for s in sources],
            **_currency_series(sources, by_source),
            category_label=_("Funding source"),
        )
    ]

    strategy = Strategy.objects.for_tenant(government).the_current()
    objectives: list[Objective] = []
    per_objective: dict[tuple[int, str], Decimal] = {}
    if strategy is not None:
        objectives = list(
            Objective.objects.for_tenant(government)
            .filter(strategy=strategy)
            .order_by("position", "code")
        )
        links = list(
            Objective.actions.through.objects.filter(
                objective__in=[o.pk for o in objectives], action_id__in=action_ids
            ).values_list("objective_id", "action_id")
        )
        per_action: dict[int, dict[str, Decimal]] = defaultdict(dict)
        for row in (
            lines.filter(action_id__in={a for _o, a in links})
            .order_by()
            .values("action_id", "currency")
            .annotate(total=Sum("amount"))
        ):
            per_action[row["action_id"]][row["currency"]] = row["total"]
        for objective_id, action_id in links:
            for currency, amount in per_action.get(action_id, {}).items():
                key = (objective_id, currency)
                per_objective[key] = per_objective.get(key, Decimal(0)) + amount
    shown = [o for o in objectives if any(k == o.pk for k, _c in per_objective)]
    charts.append(
        bar_chart(
            "budget-by-objective",
            title=_("Budget by strategy objective"),
            description=(
                _(
                    "Sum of the budget lines of the actions linked to each objective of "
                    "“%(strategy)s”. An action linked to several objectives counts in each."
                )
                % {"strategy": strategy.title}
                if strategy is not None
                else _("There is no strategy yet.")
            ),
            categories=[f"{o.code} {o.title}" for o in shown],
            **_currency_series([o.pk for o in shown], per_objective),
            category_label=_("Objective"),
        )
    )
    return charts


# ---------------------------------------------------------------------------------------------
# agreements


def filtered_agreements(government: Government, filters: Filters) -> QuerySet[Agreement]:
    agreements = Agreement.objects.for_tenant(government)
    if filters.department is not None:
        agreements = agreements.filter(lead_department=filters.department)
    return agreements


def agreement_charts(
    government: Government, filters: Filters, today: date | None = None
) -> list[Chart]:
    today = today or timezone.localdate()
    agreements = filtered_agreements(government, filters)
    counts = dict(
        agreements.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    statuses = [s for s in AgreementStatus.values if counts.get(s)]
    labels = dict(AgreementStatus.choices)
    charts = [
        bar_chart(
            "agreements-by-status",
            title=_("Agreements by status"),
            description=_("Number of agreements in each status of their legal life."),
            categories=[str(labels[s]) for s in statuses],
            series=[(_("Agreements"), [counts[s] for s in statuses])],
            category_label=_("Status"),
        )
    ]
    end = add_months(today, TIMELINE_MONTHS)
    expiring = agreements.filter(
        status=AgreementStatus.IN_FORCE, valid_until__gte=today, valid_until__lte=end
    ).only("pk", "title", "valid_until", "notice_period_days", "status")
    items = []
    for agreement in expiring:
        deadline = agreement.notice_deadline
        in_notice = deadline is not None and deadline <= today
        if deadline is not None and in_notice:
            note = _("in its notice period since %(date)s") % {"date": _short(deadline)}
        elif deadline is not None:
            note = _("notice to give by %(date)s") % {"date": _short(deadline)}
        else:
            note = ""
        assert agreement.valid_until is not None
        items.append(
            TimelineItem(
                label=agreement.title,
                date=agreement.valid_until,
                flagged=in_notice,
                note=note,
                url=agreement.get_absolute_url(),
            )
        )
    flagged = sum(1 for item in items if item.flagged)
    charts.append(
        timeline_chart(
            "agreements-expiring",
            title=_("Agreements in force expiring in the next 24 months"),
            description=_(
                "%(count)d agreements in force expire by %(end)s; %(flagged)d of them are "
                "already inside their notice period (marked with a triangle)."
            )
            % {"count": len(items), "end": _short(end), "flagged": flagged},
            items=items,
            start=today,
            end=end,
            item_label=_("Agreement"),
            date_label=_("Valid until"),
            note_label=_("Notice"),
        )
    )
    return charts


def _short(day: date) -> str:
    from django.utils import formats

    return formats.date_format(day, "SHORT_DATE_FORMAT")


# ---------------------------------------------------------------------------------------------
# results


def objective_indicators(government: Government, filters: Filters) -> QuerySet[Indicator]:
    indicators = Indicator.objects.for_tenant(government).filter(
        objective__isnull=False,
        objective__strategy__in=Strategy.objects.for_tenant(government).current().values("pk"),
    )
    if filters.department is not None:
        indicators = indicators.filter(department=filters.department)
    return indicators.select_related("objective").order_by(
        "objective__position", "objective__code", "title", "pk"
    )


def results_charts(government: Government, filters: Filters) -> list[Chart]:
    """Progress of the objective indicators: the share of the target reached in the latest
    period with a value, then each numeric indicator's target and actual per period."""

    progress = progress_of(list(objective_indicators(government, filters)))
    reached = []
    for item in progress:
        latest = item.latest
        if item.is_numeric and latest is not None and latest.percent is not None:
            reached.append((item, latest))
    charts = [
        bar_chart(
            "indicators-reached",
            title=_("Share of the target reached by each objective indicator"),
            description=_(
                "For each numeric indicator of the strategy's objectives: the latest period with "
                "an approved value, as a percentage of the way from the baseline (or zero) to "
                "that period's target. 100 means the target is met (dotted line)."
            ),
            categories=[_indicator_label(item.indicator) for item, _l in reached],
            series=[(_("Target reached"), [latest.percent for _i, latest in reached])],
            unit="%",
            category_label=_("Indicator"),
            scale_max=100,
        )
    ]
    for item in progress:
        chart = progress_chart(item, slug=f"indicator-{item.indicator.pk}")
        if chart is not None:
            charts.append(chart)
    return charts


def _indicator_label(indicator: Indicator) -> str:
    objective = indicator.objective
    return f"{objective.code} · {indicator.title}" if objective else indicator.title


# ---------------------------------------------------------------------------------------------
# map


def partner_map(government: Government, filters: Filters) -> WorldMap:
    partners = Partner.objects.for_tenant(government).select_related("place").order_by("name")
    if filters.active:
        action_ids = filtered_actions(government, filters).values("pk")
        partners = partners.filter(
            pk__in=Action.partners.through.objects.filter(action_id__in=action_ids).values(
                "partner_id"
            )
        )
    place = government.place if government.place_id else None
    origin = MapPoint.for_place(government.name, place, government.country)
    return world_map(
        points_for_partners(partners, url_for=lambda p: p.get_absolute_url()),
        origin=origin,
        slug="partners-map",
        title=_("Partners in the world"),
    )

"""The demo's results framework: 30 indicators on the 2024-2030 strategy's objectives and on
actions of the register, with yearly periods 2024-2026, targets, three years of updates
going through the approval path, and one target revision.

Runs after the strategy demo (``lazos.strategy.demo.load_strategy``) and the register demo
(``lazos.demo.register.load_register``); does nothing for a government without the 2024
strategy. Deterministic (``random.Random`` seeded with the government's slug; fixed years) and
idempotent (nothing is written when the government already has indicators). Everything goes
through the services, so the History of each update shows its path.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from lazos.actions.models import Action
from lazos.demo.kit import Choice, DataFile, DemoReport, Each, Nullable, demo_step, seeded_random
from lazos.governments.choices import Role
from lazos.governments.models import Department, Government, Membership
from lazos.results import services
from lazos.results.choices import Measure, ResultType, RollupRule
from lazos.results.models import Indicator, IndicatorPeriod
from lazos.strategy.choices import StrategyStatus
from lazos.strategy.models import Objective, Strategy

YEARS = (2024, 2025, 2026)
SEX_SHARES = (("female", Decimal("0.54")), ("male", None))
AGE_SHARES = (("0-14", Decimal("0.15")), ("15-24", Decimal("0.55")), ("25-64", None))


FIGURES = [Nullable(float)]  # 2024, 2025, 2026 (null: not reported)
RESULTS = DataFile(
    "results",
    "results",
    {
        "objective_indicators": [
            {
                "code": str,
                "text": Each((str, str)),  # title, unit
                "measure?": Choice(Measure.values),
                "baseline?": float,
                "targets?": FIGURES,
                "values?": FIGURES,
                "ascending?": bool,
                "rule?": Choice(RollupRule.values),
                "dimensions?": [str],
                "department": str,
                "rubric?": Each([str]),
                "levels?": [Nullable(int)],
                "level_targets?": [int],
            }
        ],
        "action_indicators": [
            {
                "to?": str,
                "text": Each((str, str)),
                "measure?": Choice(Measure.values),
                "targets": FIGURES,
                "values": FIGURES,
                "dimensions?": [str],
            }
        ],
        "departments": Each([str]),
        "texts": Each({"narratives": [str], "returns": [str], "revision": str, "result": str}),
    },
)


@dataclass
class _Context:
    government: Government
    report: Any
    lang: str
    rng: random.Random
    reporter: Any
    reviewer: Any
    departments: dict[str, Department | None]
    texts: dict[str, Any]  # the texts of its language
    count: int = 0


@demo_step(order=40)
def load_results(government: Government, report: DemoReport) -> None:
    """Give a demo government its indicators, targets and updates (see the module doc)."""
    lang = (government.official_languages or [""])[0].split("-")[0]
    data = RESULTS.load()
    if lang not in data["texts"] or Indicator.objects.for_tenant(government).exists():
        return
    strategy = (
        Strategy.objects.for_tenant(government)
        .exclude(status=StrategyStatus.SUPERSEDED)
        .filter(start_year=2024)
        .first()
    )
    if strategy is None:
        return
    objectives = {
        o.code: o for o in Objective.objects.for_tenant(government).filter(strategy=strategy)
    }
    context = _Context(
        government=government,
        report=report,
        lang=lang,
        rng=seeded_random("results", government),
        reporter=_member(government, Role.COORDINATOR),
        reviewer=_member(government, Role.ADMINISTRATOR),
        departments=_departments(government, data["departments"]),
        texts=data["texts"][lang],
    )
    rolled: dict[str, Indicator] = {}
    for spec in data["objective_indicators"]:
        objective = objectives.get(spec["code"])
        if objective is None:
            continue
        indicator = _objective_indicator(context, spec, objective)
        if spec.get("rule"):
            rolled[spec["code"]] = indicator
    _revise_a_target(context, rolled.get("3.2"))
    specs = data["action_indicators"]
    for index, action in enumerate(_actions(government, objectives, specs)):
        spec = specs[index % len(specs)]
        _action_indicator(context, spec, action, rolled.get(spec.get("to", "")))
    report.add(f"{context.count} indicators with targets and updates ({government.slug})")


def _member(government: Government, role: str) -> Any:
    membership = (
        Membership.objects.for_tenant(government)
        .filter(role=role)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return membership.user if membership else None


def _departments(
    government: Government, departments: dict[str, list[str]]
) -> dict[str, Department | None]:
    by_acronym = {d.acronym: d for d in Department.objects.for_tenant(government)}
    return {
        key: next((by_acronym[a] for a in acronyms if a in by_acronym), None)
        for key, acronyms in departments.items()
    }


def _actions(
    government: Government, objectives: dict[str, Objective], specs: list[dict[str, Any]]
) -> list[Action]:
    """Twelve actions of the register, half public and half not, preferring the ones linked
    to the objective an action indicator contributes to."""
    pool = list(Action.objects.for_tenant(government).order_by("external_id", "pk"))
    linked: dict[str, list[int]] = {}
    for code in {str(spec["to"]) for spec in specs if spec.get("to")}:
        objective = objectives.get(code)
        if objective is not None:
            linked[code] = list(objective.actions.values_list("pk", flat=True))
    chosen: list[Action] = []
    for index in range(12):
        spec = specs[index % len(specs)]
        want_public = index % 2 == 0
        candidates = [a for a in pool if a not in chosen]
        preferred = [a for a in candidates if a.pk in linked.get(spec.get("to", ""), [])]
        ranked = (
            [a for a in preferred if a.is_public == want_public]
            + preferred
            + [a for a in candidates if a.is_public == want_public]
            + candidates
        )
        if not ranked:
            break
        chosen.append(ranked[0])
    return chosen


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _create(context: _Context, values: dict[str, Any]) -> Indicator:
    indicator = services.create_indicator(
        context.government, acting_user=context.reporter, **values
    )
    context.count += 1
    return indicator


def _objective_indicator(
    context: _Context, spec: dict[str, Any], objective: Objective
) -> Indicator:
    lang = context.lang
    title, unit = spec["text"][lang]
    measure = spec.get("measure", Measure.NUMBER)
    qualitative = measure == Measure.QUALITATIVE
    rubric = spec["rubric"][lang] if qualitative else ()
    indicator = _create(
        context,
        {
            "objective": objective,
            "title": title,
            "unit": unit,
            "measure": measure,
            "rubric": "\n".join(rubric),
            "result_type": ResultType.OUTCOME if "." in objective.code else ResultType.IMPACT,
            "result_title": context.texts["result"].format(code=objective.code),
            "baseline_value": None if qualitative else _decimal(spec.get("baseline")),
            "baseline_year": 2023,
            "ascending": spec.get("ascending", True),
            "rollup_rule": spec.get("rule", RollupRule.NONE),
            "disaggregations": spec.get("dimensions", []),
            "department": context.departments.get(spec.get("department", "")),
            "position": context.count,
        },
    )
    periods = _periods(context, indicator, spec, rubric)
    if spec.get("rule"):
        return indicator  # its values are rolled up from the action indicators
    for index, period in enumerate(periods):
        if qualitative:
            level = spec["levels"][index]
            value, text = None, rubric[level]
        else:
            value, text = _decimal(spec["values"][index]), ""
        if value is None and not text:
            continue
        _report(context, indicator, period, index, value, text)
    return indicator


def _action_indicator(
    context: _Context, spec: dict[str, Any], action: Action, target: Indicator | None
) -> Indicator:
    title, unit = spec["text"][context.lang]
    measure = spec.get("measure", Measure.NUMBER)
    indicator = _create(
        context,
        {
            "action": action,
            "title": title,
            "unit": unit,
            "measure": measure,
            "result_type": ResultType.OUTPUT,
            "baseline_value": Decimal(0) if measure == Measure.NUMBER else None,
            "baseline_year": 2023 if measure == Measure.NUMBER else None,
            "contributes_to": target if target is not None and target.measure == measure else None,
            "disaggregations": spec.get("dimensions", []),
            "is_public": action.is_public,
            "position": context.count,
        },
    )
    periods = _periods(context, indicator, spec, ())
    for index, period in enumerate(periods):
        value = _decimal(spec["values"][index])
        if value is not None:
            _report(context, indicator, period, index, value, "")
    return indicator


def _periods(
    context: _Context, indicator: Indicator, spec: dict[str, Any], rubric: tuple[str, ...]
) -> list[IndicatorPeriod]:
    periods = []
    for index, year in enumerate(YEARS):
        if rubric:
            target_value, comment = None, rubric[spec["level_targets"][index]]
        else:
            target_value, comment = _decimal(spec["targets"][index]), ""
        periods.append(
            services.add_period(
                indicator,
                acting_user=context.reporter,
                start=date(year, 1, 1),
                end=date(year, 12, 31),
                target_value=target_value,
                target_comment=comment,
            )
        )
    return periods


def _split(
    value: Decimal, shares: tuple[tuple[str, Decimal | None], ...]
) -> list[tuple[str, Decimal]]:
    """Whole parts of ``value`` by share; the last category takes the rest."""
    rows, given = [], Decimal(0)
    for category, share in shares:
        part = (
            (value * share).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            if share is not None
            else value - given
        )
        given += part
        rows.append((category, part))
    return rows


def _disaggregations(indicator: Indicator, value: Decimal | None) -> list[tuple[str, str, Any]]:
    if value is None or indicator.measure != Measure.NUMBER:
        return []
    rows: list[tuple[str, str, Any]] = []
    if "sex" in indicator.disaggregations:
        rows += [("sex", c, v) for c, v in _split(value, SEX_SHARES)]
    if "age_group" in indicator.disaggregations:
        rows += [("age_group", c, v) for c, v in _split(value, AGE_SHARES)]
    return rows


def _report(
    context: _Context,
    indicator: Indicator,
    period: IndicatorPeriod,
    year_index: int,
    value: Decimal | None,
    text: str,
) -> None:
    """Record, submit and review one value. 2024 and 2025 are approved (one 2025 value after
    being returned once); 2026 is a mix of approved, submitted, returned and not reported."""
    texts = context.texts
    reporter, reviewer = context.reporter, context.reviewer
    turn = context.count % 6
    if year_index == 2 and turn == 2:
        return  # not reported yet: the indicator shows as "update due"
    update = services.record_indicator_update(
        period,
        acting_user=reporter,
        value=value,
        qualitative_value=text,
        narrative=context.rng.choice(texts["narratives"]),
        disaggregations=_disaggregations(indicator, value),
    )
    services.submit_update(update, acting_user=reporter)
    if reviewer is None or (year_index == 2 and turn == 0):
        return  # awaiting review
    if year_index == 2 and turn == 1:
        services.return_update(
            update, acting_user=reviewer, reason=context.rng.choice(texts["returns"])
        )
        return
    if year_index == 1 and turn == 3:
        services.return_update(update, acting_user=reviewer, reason=texts["returns"][1])
        services.resubmit_update(update, acting_user=reporter, narrative=texts["narratives"][1])
    services.approve_update(update, acting_user=reviewer)


def _revise_a_target(context: _Context, indicator: Indicator | None) -> None:
    if indicator is None:
        return
    period = indicator.periods.filter(start__year=2026).first()
    if period is None or period.target_value is None:
        return
    services.revise_target(
        period,
        acting_user=context.reviewer or context.reporter,
        new_value=period.target_value - 20,
        reason=context.texts["revision"],
    )

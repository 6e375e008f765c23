"""Demo strategy: a superseded 2019-2023 version and the approved 2024-2030 version, with 4
general and 12 specific objectives linked, by theme, to most of the register demo's work.

Depends on the register demo (``lazos.demo.register.load_register``), loaded before. Written
in the government's first official language (Spanish or Portuguese); other languages get no
demo strategy. Idempotent: a government that already has a strategy is left alone.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

from lazos.actions.models import Action
from lazos.agreements.models import Agreement
from lazos.demo.kit import DataFile, DemoReport, Each, demo_step, seeded_random
from lazos.governments.models import Government
from lazos.reference.models import Theme
from lazos.strategy import services
from lazos.strategy.models import Objective, Strategy

OBJECTIVES = [{"code": str, "themes": [str], "texts": Each((str, str))}]  # title, plan objectives
VERSION = {
    "title": str,
    "vision": str,
    "summary?": str,
    "external_context?": str,
    "internal_capacities?": str,
    "development_plan": str,
    "priority_regions": str,
    "approved_by": str,
}
STRATEGY = DataFile(
    "strategy",
    "strategy",
    {
        "objectives_2019": OBJECTIVES,
        "objectives_2024": OBJECTIVES,
        "texts": Each({"2019": VERSION, "2024": VERSION}),
        "priority_countries": Each([str]),
        "priority_themes": [str],
        "budget_envelope": Each(str),  # a decimal, in the government's currency
    },
)
UNLINKED_SHARE = 0.15  # about one action in seven stays unlinked, for the alignment view


@demo_step(order=30)
def load_strategy(government: Government, report: DemoReport) -> None:
    """Give a demo government its strategy (see the module doc)."""
    language = (government.official_languages or [""])[0].split("-")[0]
    data = STRATEGY.load()
    if language not in data["texts"]:
        return
    if Strategy.objects.for_tenant(government).exists():
        return
    rng = seeded_random("strategy", government)
    texts = data["texts"][language]
    themes = {t.code: t for t in Theme.objects.all()}
    work = _Work(government)

    old = services.create_strategy(
        government,
        acting_user=None,
        start_year=2019,
        end_year=2023,
        priority_countries=data["priority_countries"][language][:3],
        priority_themes=[themes[c] for c in ("culture", "climate", "economy")],
        language=language,
        **{k: v for k, v in texts["2019"].items() if k != "approved_by"},
    )
    _build_tree(old, _objectives(data["objectives_2019"]), language, themes, work, rng)
    services.approve_strategy(
        old,
        acting_user=None,
        approved_on=date(2019, 3, 15),
        approved_by=texts["2019"]["approved_by"],
    )

    new = services.start_new_version(old, acting_user=None)
    for general in new.objectives.filter(parent__isnull=True).order_by("position", "code"):
        services.delete_objective(general, acting_user=None)
    values = dict(texts["2024"])
    approved_by = values.pop("approved_by")
    services.update_strategy(
        new,
        acting_user=None,
        start_year=2024,
        end_year=2030,
        priority_countries=data["priority_countries"][language],
        priority_themes=[themes[c] for c in data["priority_themes"]],
        budget_envelope=Decimal(data["budget_envelope"][language]),
        currency=government.currency,
        **values,
    )
    _build_tree(new, _objectives(data["objectives_2024"]), language, themes, work, rng)
    services.approve_strategy(
        new, acting_user=None, approved_on=date(2024, 2, 20), approved_by=approved_by
    )
    report.add(f"strategies 2019–2023 (superseded) and 2024–2030 ({government.slug})")


def _objectives(
    specs: list[dict[str, Any]],
) -> tuple[tuple[str, tuple[str, ...], dict[str, tuple[str, str]]], ...]:
    """The objectives of the data file as (code, theme codes, {language: (title, plan)})."""
    return tuple(
        (
            spec["code"],
            tuple(spec["themes"]),
            {lang: (title, plan) for lang, (title, plan) in spec["texts"].items()},
        )
        for spec in specs
    )


class _Work:
    """The register's actions and agreements with their theme codes, read once."""

    def __init__(self, government: Government) -> None:
        self.actions = list(
            Action.objects.for_tenant(government)
            .prefetch_related("themes", "partners")
            .order_by("pk")
        )
        self.agreements = list(
            Agreement.objects.for_tenant(government).prefetch_related("themes").order_by("pk")
        )

    @staticmethod
    def codes(obj: Any) -> set[str]:
        return {t.code for t in obj.themes.all()}


def _build_tree(
    strategy: Strategy,
    spec: tuple[tuple[str, tuple[str, ...], dict[str, tuple[str, str]]], ...],
    language: str,
    themes: dict[str, Theme],
    work: _Work,
    rng: random.Random,
) -> None:
    generals: dict[str, Objective] = {}
    specifics: list[tuple[Objective, tuple[str, ...]]] = []
    for position, (code, theme_codes, texts) in enumerate(spec):
        title, plan = texts[language]
        parent = generals.get(code.split(".")[0]) if "." in code else None
        objective = services.create_objective(
            strategy,
            acting_user=None,
            code=code,
            title=title,
            parent=parent,
            plan_objectives=plan,
            position=position,
            themes=[themes[c] for c in theme_codes],
        )
        if parent is None:
            generals[code] = objective
        else:
            specifics.append((objective, theme_codes))
    links: dict[int, dict[str, list[Any]]] = {
        o.pk: {"actions": [], "agreements": [], "partners": []} for o, _ in specifics
    }
    for action in work.actions:
        target = _best_match(specifics, work.codes(action), rng)
        if target is None or rng.random() < UNLINKED_SHARE:
            continue
        links[target.pk]["actions"].append(action)
        for partner in action.partners.all():
            if partner not in links[target.pk]["partners"]:
                links[target.pk]["partners"].append(partner)
    for agreement in work.agreements:
        target = _best_match(specifics, work.codes(agreement), rng)
        if target is not None:
            links[target.pk]["agreements"].append(agreement)
    for objective, _codes in specifics:
        if any(links[objective.pk].values()):
            services.link_objective(objective, acting_user=None, **links[objective.pk])


def _best_match(
    specifics: list[tuple[Objective, tuple[str, ...]]], codes: set[str], rng: random.Random
) -> Objective | None:
    """The specific objective sharing most themes with ``codes`` (a seeded draw among ties)."""
    scored = [(len(codes.intersection(themes)), objective) for objective, themes in specifics]
    best = max((score for score, _objective in scored), default=0)
    if best == 0:
        return None
    return rng.choice([objective for score, objective in scored if score == best])

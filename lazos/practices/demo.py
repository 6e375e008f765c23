"""Demo good practices: twelve cases across the three demo governments, and the marks they
left on each other's practices.

Rio Claro do Sul shares its solid-waste work (selective collection with waste-picker
cooperatives, neighbourhood drop-off points, composting of market waste) and its digital
participatory budget; Villa Esperanza its market waste separation, rainwater harvesting and
school cycle lanes; Lac-Saint-Amand (no waste practice) storytelling in libraries, a youth
participatory budget and four-season cycle lanes. Two are drafts. Each practice is written in
its government's language, with indicators, cost, conditions for transfer and a fictional
contact, and linked to a fitting action of its government when one exists.

Idempotent: practices are found by government and title, marks by government, practice and
kind; a second run creates nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from lazos.accounts.models import User
from lazos.actions.models import Action
from lazos.demo.kit import Choice, DataFile, DemoReport, Each, Nullable, demo_instance_step
from lazos.governments.models import Department, Government
from lazos.practices import services
from lazos.practices.choices import TransferKind
from lazos.practices.models import GoodPractice, PracticeTransfer
from lazos.reference.models import SdgTarget, Theme
from lazos.reference.text import fold

RIO = "rio-claro-do-sul"
VILLA = "villa-esperanza"
LAC = "lac-saint-amand"

TRANSLATION = {"title?": str, "summary?": str, "context?": str, "solution?": str, "results?": str}
PRACTICES = DataFile(
    "practices",
    "practices",
    {
        "practices": [
            {
                "government": Choice((RIO, VILLA, LAC)),
                "publish": bool,
                "title": str,
                "summary": str,
                "context": str,
                "solution": str,
                "results": str,
                "resources": str,
                "cost": Nullable(str),  # a decimal, in the government's currency
                "transfer_conditions": str,
                "contact": (str, str, str),  # name, role, e-mail
                "material_languages": [str],
                "started_on": Nullable(date),
                "department": str,  # acronym
                "themes": [str],
                "targets": [str],
                "indicators": [(str, str, str, str, str)],  # name, unit, baseline, achieved, period
                "action_words": [str],
                "translations": Each(TRANSLATION),
            }
        ],
        "marks": [
            {
                "government": Choice((RIO, VILLA, LAC)),
                "username": str,
                "practice": {"government": Choice((RIO, VILLA, LAC)), "title": str},
                "kind": Choice(TransferKind.values),
                "note": str,
                "action_words": [str],
            }
        ],
    },
)


def _find_action(
    actions: list[Action], words: tuple[str, ...], themes: tuple[str, ...]
) -> Action | None:
    """The government's action whose title has one of ``words``; one sharing a theme of the
    practice first, then a public one, then the newest."""
    wanted = [fold(word) for word in words]
    found = [action for action in actions if any(w in fold(action.title) for w in wanted)]
    if not found:
        return None

    def preference(action: Action) -> tuple[bool, bool, date]:
        codes = {theme.code for theme in action.themes.all()}
        return (bool(codes & set(themes)), action.is_public, action.start_date or date.min)

    return max(found, key=preference)


@demo_instance_step(order=20)
def load_practices(report: DemoReport) -> None:
    """Create the twelve practices and the marks between the three demo governments."""
    governments = {g.slug: g for g in Government.objects.filter(slug__in=(RIO, VILLA, LAC))}
    if len(governments) < 3:
        return
    themes = {theme.code: theme for theme in Theme.objects.all()}
    targets = {target.code: target for target in SdgTarget.objects.all()}
    actions = {
        slug: list(Action.objects.for_tenant(g).prefetch_related("themes").order_by("pk"))
        for slug, g in governments.items()
    }
    departments = {
        (d.government_id, d.acronym): d
        for d in Department.objects.filter(government__in=governments.values())
    }
    practices: dict[tuple[str, str], GoodPractice] = {
        (p.government.slug, p.title): p
        for p in GoodPractice.objects.filter(government__in=governments.values()).select_related(
            "government"
        )
    }
    data = PRACTICES.load()
    for spec in data["practices"]:
        key = (spec["government"], spec["title"])
        if key in practices:
            continue
        government = governments[spec["government"]]
        practices[key] = _create(government, spec, themes, targets, actions, departments)
        report.add(f"good practice “{spec['title']}”")
    marks = data["marks"]
    users = {
        u.username: u for u in User.objects.filter(username__in={m["username"] for m in marks})
    }
    existing = set(
        PracticeTransfer.objects.filter(government__in=governments.values()).values_list(
            "government_id", "practice_id", "kind"
        )
    )
    for mark in marks:
        slug, kind, action_words = mark["government"], mark["kind"], tuple(mark["action_words"])
        government = governments[slug]
        practice = practices.get((mark["practice"]["government"], mark["practice"]["title"]))
        if practice is None or (government.pk, practice.pk, kind) in existing:
            continue
        action = _find_action(actions[slug], action_words, ()) if action_words else None
        services.mark_practice(
            government,
            practice=practice,
            kind=kind,
            acting_user=users.get(mark["username"]),
            note=mark["note"],
            action=action,
        )
        report.add(f"{government.name}: “{kind}” on “{practice.title}”")


def _create(
    government: Government,
    spec: dict[str, Any],
    themes: dict[str, Theme],
    targets: dict[str, SdgTarget],
    actions: dict[str, list[Action]],
    departments: dict[tuple[int, str], Department],
) -> GoodPractice:
    name, role, email = spec["contact"]
    linked = (
        _find_action(
            actions[spec["government"]], tuple(spec["action_words"]), tuple(spec["themes"])
        )
        if spec["action_words"]
        else None
    )
    practice = services.create_practice(
        government,
        acting_user=None,
        title=spec["title"],
        summary=spec["summary"],
        context=spec["context"],
        solution=spec["solution"],
        results=spec["results"],
        resources=spec["resources"],
        cost=Decimal(spec["cost"]) if spec["cost"] is not None else None,
        currency=government.currency if spec["cost"] is not None else "",
        transfer_conditions=spec["transfer_conditions"],
        contact_name=name,
        contact_role=role,
        contact_email=email,
        material_languages=spec["material_languages"],
        started_on=spec["started_on"],
        department=departments.get((government.pk, spec["department"])),
        language=(government.official_languages or ["en"])[0],
        translations=spec["translations"],
        themes=[themes[code] for code in spec["themes"] if code in themes],
        sdg_targets=[targets[code] for code in spec["targets"] if code in targets],
        actions=[linked] if linked is not None else [],
    )
    services.save_indicators(
        practice,
        acting_user=None,
        rows=[
            (None, {"name": n, "unit": u, "baseline": b, "achieved": a, "period": p})
            for n, u, b, a, p in spec["indicators"]
        ],
    )
    if spec["publish"]:
        services.publish_practice(practice, acting_user=None)
    return practice

"""The results demo on a minimal strategy (4 general and 12 specific objectives) and register."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from lazos.core.models import AuditEvent
from lazos.core.testing.builders import (
    DepartmentFactory,
    GovernmentFactory,
    MembershipFactory,
    UserFactory,
)
from lazos.demo.kit import DemoReport
from lazos.results.choices import Measure, RollupRule, UpdateStatus
from lazos.results.demo import load_results
from lazos.results.models import Indicator, IndicatorUpdate, TargetRevision
from lazos.results.progress import progress_of
from lazos.results.tests.factories import make_action, make_objective, make_strategy
from lazos.strategy.choices import StrategyStatus

pytestmark = pytest.mark.django_db

CODES = [
    "1",
    "1.1",
    "1.2",
    "1.3",
    "2",
    "2.1",
    "2.2",
    "2.3",
    "3",
    "3.1",
    "3.2",
    "3.3",
    "4",
    "4.1",
    "4.2",
    "4.3",
]


def demo_government(slug, language):
    government = GovernmentFactory.create(slug=slug, official_languages=[language])
    for acronym in ("OIR", "CUL", "DEC", "MAM"):
        DepartmentFactory.create(government=government, acronym=acronym, name=acronym)
    for username, role in (("admin", "administrator"), ("coordinator", "coordinator")):
        user = UserFactory.create(username=f"{slug}-{username}")
        MembershipFactory.create(government=government, user=user, role=role)
    strategy = make_strategy(government, status=StrategyStatus.APPROVED)
    generals: dict[str, Any] = {}
    for position, code in enumerate(CODES):
        generals[code] = make_objective(
            government,
            strategy,
            code=code,
            title=f"Objective {code}",
            parent=generals.get(code.split(".")[0]) if "." in code else None,
            position=position,
        )
    for number in range(14):
        make_action(
            government,
            title=f"Action {number}",
            external_id=f"demo-action-{number:02d}",
            is_public=number % 2 == 0,
            public_summary="Summary" if number % 2 == 0 else "",
        )
    return government


def test_load_results_builds_the_framework_in_the_governments_language():
    government = demo_government("villa-test", "es")
    report = DemoReport()
    load_results(government, report)
    indicators = Indicator.objects.for_tenant(government)
    assert indicators.count() == 30
    assert indicators.filter(objective__isnull=False).count() == 18
    on_actions = indicators.filter(action__isnull=False)
    assert on_actions.count() == 12
    publics = set(on_actions.values_list("action__is_public", flat=True))
    assert publics == {True, False}
    assert indicators.filter(title="Estudiantes y docentes en movilidad internacional").exists()
    assert report.created == ["30 indicators with targets and updates (villa-test)"]

    rules = {i.rollup_rule for i in indicators.filter(contributions__isnull=False)}
    assert rules == {RollupRule.SUM, RollupRule.LATEST}
    contributors = on_actions.filter(contributes_to__isnull=False)
    assert contributors.count() == 6

    updates = IndicatorUpdate.objects.for_tenant(government)
    statuses = set(updates.values_list("status", flat=True))
    assert statuses == {UpdateStatus.APPROVED, UpdateStatus.SUBMITTED, UpdateStatus.RETURNED}
    assert updates.filter(status=UpdateStatus.APPROVED).count() > 40
    returned = updates.filter(status=UpdateStatus.RETURNED).first()
    assert returned is not None
    assert returned.return_reason
    qualitative = indicators.get(measure=Measure.QUALITATIVE)
    assert qualitative.rubric_levels[0] == "Inexistente"
    assert updates.filter(period__indicator=qualitative).exclude(qualitative_value="").exists()
    assert updates.filter(disaggregations__dimension="sex").exists()
    revision = TargetRevision.objects.for_tenant(government).get()
    assert revision.reason.startswith("Recorte")
    assert (revision.previous_value, revision.new_value) == (Decimal(80), Decimal(60))
    # An update returned and resubmitted in 2025 shows the whole path.
    notes = set(AuditEvent.objects.filter(government=government).values_list("note", flat=True))
    assert {"Submitted again for review", "Approved"} <= notes

    # The rolled-up objective indicator has actual values from its action indicators.
    summed = indicators.get(title="Estudiantes y docentes en movilidad internacional")
    [progress] = progress_of([summed])
    assert progress.periods[0].actual.value == Decimal(44)  # 22 + 22, both approved in 2024
    assert Indicator.objects.for_tenant(government).update_due(date(2026, 11, 1)).exists()

    # Idempotent: a second run writes nothing.
    events = AuditEvent.objects.count()
    load_results(government, DemoReport())
    assert AuditEvent.objects.count() == events


def test_load_results_in_portuguese_and_without_strategy():
    government = demo_government("rio-test", "pt")
    load_results(government, DemoReport())
    assert (
        Indicator.objects.for_tenant(government)
        .filter(title="Estudantes e professores em mobilidade internacional")
        .exists()
    )
    bare = GovernmentFactory.create(slug="bare", official_languages=["es"])
    load_results(bare, DemoReport())
    assert not Indicator.objects.for_tenant(bare).exists()

"""The acceptance test of the spreadsheet import: 200 actions, 10 of them wrong."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from lazos.actions.models import Action
from lazos.core.models import AuditEvent
from lazos.core.testing.builders import DepartmentFactory, GovernmentFactory, UserFactory
from lazos.partners.models import Partner
from lazos.spreadsheets.importers import ImportRefused, apply, plan
from lazos.spreadsheets.readers import read_spreadsheet
from lazos.spreadsheets.tests.helpers import write_xlsx

pytestmark = pytest.mark.django_db

HEADERS = [
    "External id",
    "Title",
    "Modality",
    "Status",
    "Start",
    "End",
    "Partners",
    "Lead department",
    "Themes",
    "SDG targets",
    "Tags",
]
# Row number in the spreadsheet → (column, the bad value, the fix)
BAD = {
    5: ("Start", "31/13/2024", "31/12/2024"),
    17: ("Modality", "teleportation", "mission abroad"),
    33: ("Partners", "P-001; P-999", "P-001; P-009"),
    48: ("End", datetime.date(2023, 1, 1), datetime.date(2025, 1, 1)),
    64: ("Title", None, "Recovered title"),
    80: ("Status", "half done", "ongoing"),
    99: ("Lead department", "Ministry of Magic", "ENV"),
    120: ("Themes", "astrology", "climate"),
    150: ("SDG targets", "18.1", "13.1"),
    190: ("External id", "ACT-0010", "ACT-9999"),
}


def _row(number: int) -> dict[str, object]:
    i = number - 2
    return {
        "External id": f"ACT-{i:04d}",
        "Title": f"Action number {i}",
        "Modality": ["Technical exchange / peer learning", "mission", "EVENT hosted or attended"][
            i % 3
        ],
        "Status": ["planned", "ongoing", "completed"][i % 3],
        "Start": datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
        "End": f"{(i % 28) + 1:02d}/06/2025",
        "Partners": f"P-{i % 20:03d}; P-{(i + 1) % 20:03d}",
        "Lead department": ["Culture", "ENV"][i % 2],
        "Themes": "culture; Climate action" if i % 2 else "Agua y saneamiento",
        "SDG targets": "11.4; 13.1",
        "Tags": "imported; batch-1",
    }


def _rows(fixed: bool) -> list[list[object]]:
    rows = []
    for number in range(2, 202):
        values = _row(number)
        if number in BAD:
            column, bad, fix = BAD[number]
            values[column] = fix if fixed else bad
        rows.append([values[h] for h in HEADERS])
    return rows


@pytest.fixture
def government():
    government = GovernmentFactory.create(slug="acceptance")
    DepartmentFactory.create(government=government, name="Culture", acronym="CUL")
    DepartmentFactory.create(government=government, name="Environment", acronym="ENV")
    Partner.objects.bulk_create(
        Partner(
            government=government,
            name=f"Partner {i}",
            kind="local_government",
            external_id=f"P-{i:03d}",
        )
        for i in range(20)
    )
    return government


def test_two_hundred_actions_with_ten_bad_rows(government, tmp_path):
    user = UserFactory.create(username="importer")
    action_type = ContentType.objects.get_for_model(Action)

    bad_file = write_xlsx(tmp_path / "actions.xlsx", HEADERS, _rows(fixed=False))
    preview = plan(government, read_spreadsheet(bad_file), kind="actions")
    assert {(e.row, e.column) for e in preview.errors} == {
        (number, column) for number, (column, _bad, _fix) in BAD.items()
    }
    assert len(preview.errors) == 10
    messages = {e.row: str(e) for e in preview.errors}
    assert messages[5] == "Row 5, column “Start”: “31/13/2024” is not a date (use YYYY-MM-DD)."
    assert "P-999" in messages[33]
    assert "Row 48, column “End”" in messages[48]
    assert "ACT-0010" in messages[190]
    assert "row 12" in messages[190]
    assert preview.counts == {"to_create": 190, "to_update": 0, "unchanged": 0, "errors": 10}

    events_before = AuditEvent.objects.count()
    with pytest.raises(ImportRefused):
        apply(preview, acting_user=user)
    assert Action.objects.for_tenant(government).count() == 0
    assert AuditEvent.objects.count() == events_before

    good_file = write_xlsx(tmp_path / "actions-fixed.xlsx", HEADERS, _rows(fixed=True))
    preview = plan(government, read_spreadsheet(good_file), kind="actions")
    assert preview.errors == []
    result = apply(preview, acting_user=user)
    assert (result.created, result.updated, result.unchanged) == (200, 0, 0)
    actions = Action.objects.for_tenant(government)
    assert actions.count() == 200
    events = AuditEvent.objects.filter(content_type=action_type)
    assert events.count() == 200
    assert set(events.values_list("channel", flat=True)) == {"import"}
    assert set(events.values_list("actor_id", flat=True)) == {user.pk}

    sample = actions.get(external_id="ACT-0007")  # row 9
    assert sample.title == "Action number 7"
    assert sample.modality == "mission"
    assert sample.status == "ongoing"
    assert sample.start_date == datetime.date(2024, 1, 8)
    assert sample.end_date == datetime.date(2025, 6, 8)
    assert sample.lead_department is not None
    assert sample.lead_department.name == "Environment"
    assert sorted(p.external_id for p in sample.partners.all()) == ["P-007", "P-008"]
    assert sorted(t.code for t in sample.themes.all()) == ["climate", "culture"]
    assert sorted(t.code for t in sample.sdg_targets.all()) == ["11.4", "13.1"]
    assert sorted(t.name for t in sample.tags.all()) == ["batch-1", "imported"]
    assert [t.code for t in actions.get(external_id="ACT-0006").themes.all()] == ["water"]
    assert actions.get(external_id="ACT-0006").modality == "technical_exchange"
    assert actions.get(external_id="ACT-0004").modality == "mission"
    assert actions.get(external_id="ACT-0005").modality == "event"
    assert actions.get(external_id="ACT-9999").title == "Action number 188"

    events_before = AuditEvent.objects.count()
    again = plan(government, read_spreadsheet(good_file), kind="actions")
    assert again.counts == {"to_create": 0, "to_update": 0, "unchanged": 200, "errors": 0}
    result = apply(again, acting_user=user)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 200)
    assert AuditEvent.objects.count() == events_before
    assert actions.count() == 200

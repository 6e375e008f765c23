"""The month view: the right items in the right cells, linked, scoped, in a fixed budget."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lazos.actions.models import Action, Commitment
from lazos.agenda.entries import calendar_entries
from lazos.agreements.models import Agreement
from lazos.core.testing import assert_constant_queries, assert_permission_matrix

pytestmark = pytest.mark.django_db

URL = reverse("agenda:month")
EVERYONE_200 = {
    "anonymous": 302,
    "stranger": 403,
    "outsider": 200,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}


def cell(html: str, day: date) -> str:
    """The HTML of the grid cell of ``day``."""
    start = html.index(f'id="day-{day:%Y-%m-%d}"')
    return html[start : html.index("</td>", start)]


def month(client, year: int, month: int, **params) -> str:
    response = client.get(URL, {"year": year, "month": month, **params})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def items(world):
    g = world.government
    mission = Action.objects.create(
        government=g,
        title="Mission to Lyon",
        modality="mission",
        start_date=date(2031, 5, 12),
        end_date=date(2031, 5, 14),
    )
    Action.objects.create(
        government=g, title="Planning workshop", modality="training", start_date=date(2031, 5, 12)
    )
    Action.objects.create(
        government=g,
        title="Cancelled fair",
        modality="event",
        status="cancelled",
        start_date=date(2031, 5, 12),
    )
    commitment = Commitment.objects.create(
        government=g, title="Send the report", meeting="Board", due_date=date(2031, 5, 20)
    )
    agreement = Agreement.objects.create(
        government=g,
        title="Twinning with Lyon",
        kind="twinning",
        status="in_force",
        valid_until=date(2031, 5, 31),
    )
    Agreement.objects.create(
        government=g,
        title="Draft with Porto",
        kind="mou",
        status="draft",
        valid_until=date(2031, 5, 31),
    )
    Action.objects.create(
        government=world.other_government,
        title="Their secret mission",
        modality="mission",
        start_date=date(2031, 5, 12),
    )
    return {"mission": mission, "commitment": commitment, "agreement": agreement}


def test_month_grid_shows_items_in_their_cells_with_links(world, items):
    html = month(world.client_for("viewer"), 2031, 5)
    for day in (12, 13, 14):
        assert "Mission to Lyon" in cell(html, date(2031, 5, day))
    assert "Mission to Lyon" not in cell(html, date(2031, 5, 15))
    assert items["mission"].get_absolute_url() in cell(html, date(2031, 5, 12))
    assert "Send the report" in cell(html, date(2031, 5, 20))
    assert items["commitment"].get_absolute_url() in cell(html, date(2031, 5, 20))
    assert "Twinning with Lyon" in cell(html, date(2031, 5, 31))
    assert items["agreement"].get_absolute_url() in cell(html, date(2031, 5, 31))
    # Not calendar items: another modality, a cancelled event, a draft agreement's date.
    for absent in ("Planning workshop", "Cancelled fair", "Draft with Porto"):
        assert absent not in html
    # Grid semantics and navigation.
    assert "<table" in html
    assert '<th scope="col"><abbr title="Monday">' in html
    assert "?year=2031&amp;month=4" in html
    assert "?year=2031&amp;month=6" in html


def test_weekday_names_follow_the_language(world, items):
    client = world.client_for("viewer")
    client.cookies["django_language"] = "es"
    html = client.get(URL, {"year": 2031, "month": 5}, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<abbr title="lunes">' in html
    # Spanish weeks start on Monday, English ones on Sunday.
    assert html.index('title="lunes"') < html.index('title="domingo"')


def test_overdue_commitments_are_marked(world):
    g = world.government
    today = timezone.localdate()
    Commitment.objects.create(
        government=g, title="Late answer", meeting="Call", due_date=today - timedelta(days=1)
    )
    Commitment.objects.create(
        government=g,
        title="Done answer",
        meeting="Call",
        due_date=today - timedelta(days=1),
        status="done",
        completed_on=today,
    )
    when = today - timedelta(days=1)
    html = month(world.client_for("viewer"), when.year, when.month)
    late = cell(html, when)
    assert "status--overdue" in late.split("Late answer")[1].split("</li>")[0]
    assert "status--overdue" not in late.split("Done answer")[1].split("</li>")[0]


def test_list_view_for_small_screens_and_screen_readers(world, items):
    html = month(world.client_for("viewer"), 2031, 5, view="list")
    assert "<table" not in html
    assert html.index("Mission to Lyon") < html.index("Send the report")
    assert html.index("Send the report") < html.index("Twinning with Lyon")
    assert "Their secret mission" not in html
    assert "view=list" in html  # month links keep the list view
    # A trip of several days is listed once, with its dates.
    assert html.count("Mission to Lyon") == 1
    assert "05/12/2031 to 05/14/2031" in html


def test_another_governments_items_never_show(world, items):
    assert "Their secret mission" not in month(world.client_for("administrator"), 2031, 5)
    outsider = month(world.client_for("outsider"), 2031, 5)
    assert "Their secret mission" in outsider
    assert "Mission to Lyon" not in outsider


def test_bad_parameters_show_the_current_month(world):
    today = timezone.localdate()
    response = world.client_for("viewer").get(URL, {"year": "x", "month": "13"})
    assert response.status_code == 200
    assert response.context["month_start"] == date(today.year, today.month, 1)


def test_entries_span_and_order(world, items):
    entries = calendar_entries(world.government, date(2031, 5, 1), date(2031, 5, 31))
    assert [(e.uid.split("-")[0], e.start.day, e.end.day) for e in entries] == [
        ("action", 12, 14),
        ("commitment", 20, 20),
        ("agreement", 31, 31),
    ]
    assert entries[0].uid == f"action-{items['mission'].pk}@lazos"


def test_query_count_is_one_per_kind(world):
    g = world.government

    def add(n: int) -> None:
        Action.objects.bulk_create(
            Action(
                government=g,
                title=f"Event {i}",
                modality="event",
                start_date=date(2031, 5, 1 + i % 28),
                end_date=date(2031, 5, 1 + i % 28) + timedelta(days=i % 3),
            )
            for i in range(n)
        )
        Commitment.objects.bulk_create(
            Commitment(
                government=g, title=f"Task {i}", meeting="M", due_date=date(2031, 5, 1 + i % 28)
            )
            for i in range(n)
        )
        Agreement.objects.bulk_create(
            Agreement(
                government=g,
                title=f"Agreement {i}",
                kind="mou",
                status="in_force",
                valid_until=date(2031, 5, 1 + i % 28),
            )
            for i in range(n)
        )

    client = world.client_for("viewer")
    for url in (f"{URL}?year=2031&month=5", f"{URL}?year=2031&month=5&view=list"):
        assert_constant_queries(client, url, add, budget=8, few=10, many=500)


def test_permission_matrix(world):
    for url in (URL, f"{URL}?year=2030&month=2", f"{URL}?view=list"):
        assert_permission_matrix(world, url, EVERYONE_200)

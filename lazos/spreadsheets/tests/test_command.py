"""``lazos import_records``: dry run, errors and exit code, applying with progress."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from lazos.actions.models import Action
from lazos.core.models import AuditEvent
from lazos.core.testing.builders import DepartmentFactory, GovernmentFactory
from lazos.partners.models import Partner
from lazos.spreadsheets.tests.helpers import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

HEADERS = ["External id", "Title", "Modality", "Start", "End", "Lead department"]


@pytest.fixture
def government():
    government = GovernmentFactory.create(slug="cmd-city")
    DepartmentFactory.create(government=government, name="Culture", acronym="CUL")
    return government


def _rows(count: int) -> list[list[object]]:
    return [
        [f"A-{i}", f"Action {i}", "event", "2024-01-01", "2024-02-01", "CUL"] for i in range(count)
    ]


def run(*args: object, **options: object) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_records", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_dry_run_writes_nothing_and_exits_zero(government, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", HEADERS, _rows(3))
    out, _err = run(str(path), government="cmd-city", kind="actions", dry_run=True)
    assert "3 to create, 0 to update, 0 unchanged, 0 errors." in out
    assert "Dry run: nothing was written." in out
    assert Action.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_errors_exit_one_and_write_nothing(government, tmp_path):
    rows = _rows(3)
    rows[1][3] = "31/13/2024"
    path = write_csv(tmp_path / "a.csv", HEADERS, rows)
    for dry_run in (True, False):
        with pytest.raises(CommandError) as info:
            run(str(path), government="cmd-city", kind="actions", dry_run=dry_run)
        assert info.value.returncode == 1
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_records", str(path), government="cmd-city", stderr=err, stdout=io.StringIO()
        )
    assert "Row 3, column “Start”: “31/13/2024” is not a date (use YYYY-MM-DD)." in err.getvalue()
    assert Action.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_applies_with_progress_and_the_import_channel(government, tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADERS, _rows(120))
    out, _err = run(str(path), government="cmd-city")  # kind guessed from the headers
    assert "120 rows of actions" in out
    assert "applied 50/120" in out
    assert "applied 100/120" in out
    assert "applied 120/120" in out
    assert "Done: 120 created, 0 updated, 0 unchanged." in out
    assert Action.objects.count() == 120
    assert set(AuditEvent.objects.values_list("channel", flat=True)) == {"import"}
    out, _err = run(str(path), government="cmd-city", kind="actions")
    assert "Done: 0 created, 0 updated, 120 unchanged." in out
    assert AuditEvent.objects.count() == 120


def test_as_a_member_applies_their_role(world, tmp_path):
    path = write_csv(
        tmp_path / "a.csv", ["Title", "Modality", "Lead department"], [["Visit", "mission", ""]]
    )
    slug = world.government.slug
    with pytest.raises(CommandError, match="may not import"):
        run(str(path), government=slug, kind="actions", username=world.users["viewer"].username)
    with pytest.raises(CommandError) as info:
        run(str(path), government=slug, kind="actions", username=world.users["editor"].username)
    assert info.value.returncode == 1
    out, _err = run(
        str(path), government=slug, kind="actions", username=world.users["coordinator"].username
    )
    assert "Done: 1 created" in out
    event = AuditEvent.objects.get()
    assert (event.actor, event.channel) == (world.users["coordinator"], "import")


def test_bad_arguments(government, tmp_path):
    with pytest.raises(CommandError, match="No government"):
        run(str(tmp_path / "x.csv"), government="nowhere", kind="actions")
    with pytest.raises(CommandError, match="No file"):
        run(str(tmp_path / "x.csv"), government="cmd-city", kind="actions")
    path = write_csv(tmp_path / "a.csv", ["External id", "Status"], [["A-1", "completed"]])
    with pytest.raises(CommandError, match="--kind"):
        run(str(path), government="cmd-city")


def test_rows_matching_existing_partners_are_listed_and_can_be_linked(government, tmp_path):
    medellin = Partner.objects.create(
        government=government, name="Alcaldía de Medellín", kind="local_government", country="CO"
    )
    path = write_csv(
        tmp_path / "socios.csv",
        ["Nombre", "Tipo", "País", "Sitio web"],
        [["Medellín", "local_government", "Colombia", "https://www.medellin.gov.co"]],
    )
    out, _err = run(str(path), government="cmd-city", kind="partners", dry_run=True)
    assert "Row 2 (Medellín) looks like: Alcaldía de Medellín" in out
    out, _err = run(str(path), government="cmd-city", kind="partners", on_match="link")
    assert "Done: 0 created, 1 updated" in out
    medellin.refresh_from_db()
    assert (medellin.name, medellin.website) == (
        "Alcaldía de Medellín",
        "https://www.medellin.gov.co",
    )
    assert Partner.objects.count() == 1

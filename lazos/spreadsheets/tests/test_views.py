"""Import pages: upload → preview → apply → progress, permissions, isolation."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lazos.actions.models import Action
from lazos.core.models import AuditEvent
from lazos.core.testing import assert_permission_matrix
from lazos.partners.models import Partner
from lazos.spreadsheets.choices import ImportKind, ImportStatus
from lazos.spreadsheets.jobs import run_import
from lazos.spreadsheets.models import ImportRun
from lazos.spreadsheets.tests.factories import ImportRunFactory
from lazos.spreadsheets.tests.helpers import read_xlsx_rows, write_xlsx

pytestmark = pytest.mark.django_db

HEADERS = ["External id", "Title", "Modality", "Start", "End", "Partners"]


def _upload(tmp_path, rows, name="actions.xlsx"):
    path = write_xlsx(tmp_path / name, HEADERS, rows)
    return SimpleUploadedFile(name, path.read_bytes())


@pytest.fixture
def partner(world):
    return Partner.objects.create(
        government=world.government, name="Rosario", kind="local_government", external_id="P-1"
    )


def test_upload_preview_apply_progress(world, partner, tmp_path):
    client = world.client_for("coordinator")
    rows = [
        [f"A-{i}", f"Action {i}", "mission abroad", "2024-03-01", "2024-03-05", "P-1"]
        for i in range(60)
    ]
    response = client.post(
        reverse("spreadsheets:import-start"),
        {"kind": "actions", "file": _upload(tmp_path, rows), "blank_clears": ""},
    )
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == run.get_absolute_url()
    assert (run.status, run.to_create, run.error_count, run.total) == ("previewed", 60, 0, 60)
    assert Action.objects.count() == 0
    assert AuditEvent.objects.count() == 0

    page = client.get(run.get_absolute_url()).content.decode()
    assert reverse("spreadsheets:import-apply", args=[run.pk]) in page
    assert "Action 0" in page
    assert "mission abroad" in page

    response = client.post(reverse("spreadsheets:import-apply", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED
    assert run.finished_at is not None
    assert (run.processed, run.total, run.to_create) == (60, 60, 60)
    assert run.task_id
    assert Action.objects.for_tenant(world.government).count() == 60
    assert set(AuditEvent.objects.values_list("channel", flat=True)) == {"import"}
    assert set(AuditEvent.objects.values_list("actor", flat=True)) == {
        world.users["coordinator"].pk
    }

    progress = client.get(reverse("spreadsheets:import-progress", args=[run.pk])).content.decode()
    assert 'value="60" max="60"' in progress
    assert "hx-trigger" not in progress  # done: polling stops
    assert "60 created" in progress

    # Applying twice does nothing.
    response = client.post(reverse("spreadsheets:import-apply", args=[run.pk]), follow=True)
    assert "Only a previewed import without errors can be applied." in response.content.decode()
    assert Action.objects.count() == 60

    listing = client.get(reverse("spreadsheets:import-list")).content.decode()
    assert "actions.xlsx" in listing


def test_a_preview_with_errors_shows_them_and_cannot_be_applied(world, partner, tmp_path):
    client = world.client_for("administrator")
    rows = [
        ["A-1", "Good", "event", "2024-01-01", "", "P-1"],
        ["A-2", "Bad", "event", "2024-01-01", "2023-01-01", "P-404"],
    ]
    client.post(
        reverse("spreadsheets:import-start"), {"kind": "actions", "file": _upload(tmp_path, rows)}
    )
    run = ImportRun.objects.get()
    assert run.error_count == 1  # the unknown partner; the dates are checked once cells read
    assert run.errors == [
        {
            "row": 3,
            "column": "Partners",
            "message": "“P-404” is not a partner of this government (give its external id or exact name).",
        }
    ]
    page = client.get(run.get_absolute_url()).content.decode()
    assert "P-404" in page
    assert reverse("spreadsheets:import-apply", args=[run.pk]) not in page
    client.post(reverse("spreadsheets:import-apply", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED
    assert Action.objects.count() == 0


def test_a_bad_file_is_refused_on_the_form(world, tmp_path):
    client = world.client_for("coordinator")
    bad = SimpleUploadedFile("notes.docx", b"PK\x03\x04whatever")
    response = client.post(reverse("spreadsheets:import-start"), {"kind": "actions", "file": bad})
    assert response.status_code == 200
    assert "import a .csv or .xlsx file" in response.content.decode()
    broken = SimpleUploadedFile("broken.xlsx", b"PK\x03\x04whatever")
    response = client.post(
        reverse("spreadsheets:import-start"), {"kind": "actions", "file": broken}
    )
    assert "cannot be opened" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_an_editor_cannot_choose_partners(world, tmp_path):
    client = world.client_for("editor")
    page = client.get(reverse("spreadsheets:import-start")).content.decode()
    assert 'value="actions"' in page
    assert 'value="partners"' not in page
    response = client.post(
        reverse("spreadsheets:import-start"), {"kind": "partners", "file": _upload(tmp_path, [])}
    )
    assert response.status_code == 200
    assert not ImportRun.objects.exists()


def test_progress_polls_while_the_job_runs(world, partner, tmp_path):
    run = ImportRunFactory.create(
        government=world.government, status=ImportStatus.RUNNING, processed=50, total=200
    )
    html = (
        world.client_for("coordinator")
        .get(reverse("spreadsheets:import-progress", args=[run.pk]))
        .content.decode()
    )
    assert f'hx-get="{reverse("spreadsheets:import-progress", args=[run.pk])}"' in html
    assert 'hx-trigger="every 1s"' in html
    assert 'value="50" max="200"' in html
    assert "50 of 200 rows" in html


def test_the_job_fails_whole_when_the_data_changed(world, partner, tmp_path):
    client = world.client_for("coordinator")
    rows = [["A-1", "One", "event", "", "", "P-1"]]
    client.post(
        reverse("spreadsheets:import-start"), {"kind": "actions", "file": _upload(tmp_path, rows)}
    )
    run = ImportRun.objects.get()
    partner.delete()
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.QUEUED)
    assert run_import(run.pk, world.users["coordinator"].pk) == "failed"
    run.refresh_from_db()
    assert run.errors[0]["column"] == "Partners"
    assert Action.objects.count() == 0


def test_example_files(world):
    client = world.client_for("editor")
    response = client.get(reverse("spreadsheets:import-template"), {"kind": "actions"})
    assert response.status_code == 200
    rows = read_xlsx_rows(response.content)
    assert rows[0][:4] == ["External id", "Title", "Modality", "Status"]
    assert rows[1][1] == "Youth exchange with Rosario"
    assert (
        client.get(reverse("spreadsheets:import-template"), {"kind": "partners"}).status_code == 403
    )
    assert client.get(reverse("spreadsheets:import-template"), {"kind": "bogus"}).status_code == 404


def test_the_example_file_imports_cleanly(world, partner, tmp_path):
    from lazos.spreadsheets.importers import plan
    from lazos.spreadsheets.readers import read_bytes

    client = world.client_for("coordinator")
    for kind in ImportKind.values:
        data = client.get(reverse("spreadsheets:import-template"), {"kind": kind}).content
        preview = plan(world.government, read_bytes(data, "x.xlsx"), kind=kind)
        assert preview.errors == [], (kind, preview.errors)


# --- Permissions -----------------------------------------------------------------------------

STAFF = {
    "anonymous": 302,
    "stranger": 403,
    "outsider": 200,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 403,
}


def test_permission_matrix_of_the_pages(world):
    assert_permission_matrix(world, reverse("spreadsheets:import-list"), STAFF)
    assert_permission_matrix(world, reverse("spreadsheets:import-start"), STAFF)
    assert_permission_matrix(
        world, reverse("spreadsheets:import-template") + "?kind=actions", STAFF
    )
    assert_permission_matrix(
        world,
        reverse("spreadsheets:import-template") + "?kind=partners",
        {**STAFF, "editor": 403},
    )


@pytest.mark.parametrize(("kind", "editor"), [("actions", 200), ("partners", 403)])
def test_permission_matrix_of_one_import(world, kind, editor):
    run = ImportRunFactory.create(government=world.government, kind=kind)
    expected = {
        "anonymous": 302,
        "stranger": 403,
        "outsider": 404,
        "administrator": 200,
        "coordinator": 200,
        "editor": editor,
        "viewer": 403,
    }
    assert_permission_matrix(world, run.get_absolute_url(), expected)
    assert_permission_matrix(
        world, reverse("spreadsheets:import-progress", args=[run.pk]), expected
    )
    posted = {
        **expected,
        "administrator": 302,
        "coordinator": 302,
        "editor": 302 if editor == 200 else 403,
    }
    assert_permission_matrix(
        world, reverse("spreadsheets:import-apply", args=[run.pk]), posted, method="post"
    )


def test_another_governments_import_is_a_404(world):
    foreign = ImportRunFactory.create(government=world.other_government)
    client = world.client_for("administrator")
    for name in (
        "spreadsheets:import-detail",
        "spreadsheets:import-progress",
        "spreadsheets:import-apply",
    ):
        assert client.get(reverse(name, args=[foreign.pk])).status_code == 404
    assert client.post(reverse("spreadsheets:import-apply", args=[foreign.pk])).status_code == 404
    listing = client.get(reverse("spreadsheets:import-list")).content.decode()
    assert foreign.original_name not in listing


@pytest.mark.django_db(transaction=True)
def test_with_a_worker_the_import_runs_in_the_background(world, partner, tmp_path, settings):
    """TASKS_BACKEND=database: applying queues the job; the page polls until the worker ran."""
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = world.client_for("coordinator")
    rows = [[f"A-{i}", f"Action {i}", "event", "", "", "P-1"] for i in range(3)]
    client.post(
        reverse("spreadsheets:import-start"), {"kind": "actions", "file": _upload(tmp_path, rows)}
    )
    run = ImportRun.objects.get()
    client.post(reverse("spreadsheets:import-apply", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.QUEUED
    assert Action.objects.count() == 0
    progress_url = reverse("spreadsheets:import-progress", args=[run.pk])
    assert 'hx-trigger="every 1s"' in client.get(progress_url).content.decode()
    assert 'hx-trigger="every 1s"' in client.get(run.get_absolute_url()).content.decode()

    call_command(
        "db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO(), stderr=io.StringIO()
    )
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED
    assert Action.objects.for_tenant(world.government).count() == 3
    assert set(AuditEvent.objects.values_list("channel", flat=True)) == {"import"}
    assert "hx-trigger" not in client.get(progress_url).content.decode()

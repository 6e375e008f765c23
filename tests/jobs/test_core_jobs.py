"""The core's own jobs on the Jobs page: bulk changes above the threshold (core/bulk.py,
BulkRun) and reverts of an import (core/import_revert.py, RevertRun): who started them, their
progress, their outcome or their error; who may see them; another government's is a 404."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django_tasks.signals import task_enqueued

from lazos.actions.choices import ActionStatus
from lazos.actions.models import Action
from lazos.actions.tests.factories import ActionFactory
from lazos.core import bulk, import_revert
from lazos.core.models import BulkRun, RevertRun, RunStatus
from lazos.core.progress import ProgressReporter
from lazos.core.testing.matrix import TenantWorld, assert_permission_matrix
from lazos.core.testing.queries import assert_constant_queries
from lazos.governments.models import Membership
from lazos.iati.tests.test_revert import applied as applied_iati
from lazos.partners.models import Partner
from lazos.spreadsheets import services
from lazos.spreadsheets.models import ImportRun
from lazos.spreadsheets.tests.helpers import write_xlsx

pytestmark = pytest.mark.django_db

CHANGE_URL = "actions:action-bulk-change"
DELETE_URL = "actions:action-bulk-delete"
HEADERS = ["External id", "Name", "Kind", "Country", "Description"]
ROWS = [
    ["P-1", "Rosario", "local_government", "AR", ""],
    ["P-2", "Medellín", "local_government", "CO", ""],
]


def queue_only(settings: Any, request: Any) -> list[tuple[Any, ...]]:
    """From now on, jobs are queued and not run (a worker would run them): their arguments."""
    calls: list[tuple[Any, ...]] = []

    def on_enqueued(sender: Any, task_result: Any, **kwargs: Any) -> None:
        calls.append(tuple(task_result.args))

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    task_enqueued.connect(on_enqueued)
    request.addfinalizer(lambda: task_enqueued.disconnect(on_enqueued))
    return calls


@pytest.fixture
def queued(settings: Any, request: Any) -> list[tuple[Any, ...]]:
    return queue_only(settings, request)


def post_large_change(world: TenantWorld, monkeypatch: Any, count: int = 5) -> Any:
    monkeypatch.setattr(bulk, "JOB_THRESHOLD", 3)
    actions = ActionFactory.create_batch(count, government=world.government)
    data = {"pk": [str(a.pk) for a in actions], "change": "status", "status": "completed"}
    return world.client_for("coordinator").post(reverse(CHANGE_URL), data)


def import_partners(world: TenantWorld, tmp_path: Path) -> ImportRun:
    user = world.users["coordinator"]
    membership = Membership.objects.get(government=world.government, user=user)
    path = write_xlsx(tmp_path / "partners.xlsx", HEADERS, ROWS)
    run = services.preview_import(
        world.government,
        acting_user=user,
        membership=membership,
        kind="partners",
        upload=SimpleUploadedFile(path.name, path.read_bytes()),
    )
    run = services.queue_import(run, acting_user=user)
    assert run.status == "applied", run.errors
    return run


# --- Bulk changes ----------------------------------------------------------------------------


def test_a_large_bulk_change_is_on_the_jobs_page_with_who_started_it_and_its_outcome(
    world, monkeypatch
):
    response = post_large_change(world, monkeypatch)
    run = BulkRun.objects.get()
    assert response["Location"] == run.page_url
    assert (run.status, run.total, run.done, run.changed, run.skipped) == (
        RunStatus.FINISHED,
        5,
        5,
        5,
        0,
    )
    assert run.started_by == world.users["coordinator"]
    assert run.task_id
    client = world.client_for("coordinator")
    listing = client.get(reverse("jobs:job-list")).content.decode()
    job_url = reverse("jobs:bulk-change", kwargs={"pk": run.pk})
    assert job_url in listing
    assert "Change of 5 actions: Status" in listing
    assert str(world.users["coordinator"]) in listing
    page = client.get(job_url).content.decode()
    assert '<progress id="job-progress-bar" value="5" max="5">' in page
    assert "See the outcome: 5 changed, 0 left as they were, 0 refused" in page
    assert f'href="{run.page_url}"' in page
    assert 'hx-trigger="every' not in page
    # The list's own progress page reads the same row, and links to the job's page.
    progress = client.get(run.page_url)
    assert progress.context["result"]["changed"] == 5
    assert job_url in progress.content.decode()


def test_a_queued_bulk_change_shows_its_progress_then_its_outcome(world, monkeypatch, queued):
    post_large_change(world, monkeypatch)
    run = BulkRun.objects.get()
    assert run.status == RunStatus.QUEUED
    client = world.client_for("coordinator")
    url = reverse("jobs:bulk-change", kwargs={"pk": run.pk})
    assert "Waiting for the background worker" in client.get(url).content.decode()
    ProgressReporter(None, cache_key=bulk.progress_key(run.token))(2, 5)
    BulkRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    page = client.get(url).content.decode()
    assert '<progress id="job-progress-bar" value="2" max="5">' in page
    assert 'hx-trigger="every' in page
    assert client.get(run.page_url).context["done"] == 2

    bulk.run_bulk_job(*queued[0])
    run.refresh_from_db()
    assert (run.status, run.changed, run.done) == (RunStatus.FINISHED, 5, 5)
    assert set(Action.objects.values_list("status", flat=True)) == {ActionStatus.COMPLETED}
    assert "5 changed" in client.get(url).content.decode()


def test_a_bulk_job_that_stops_shows_its_error(world, monkeypatch, queued):
    post_large_change(world, monkeypatch)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(bulk, "apply_change", broken)
    bulk.run_bulk_job(*queued[0])
    run = BulkRun.objects.get()
    assert run.status == RunStatus.FAILED
    client = world.client_for("coordinator")
    page = client.get(reverse("jobs:bulk-change", kwargs={"pk": run.pk})).content.decode()
    assert "The job stopped: disk full" in page
    assert "The job stopped: disk full" in client.get(run.page_url).content.decode()


def test_a_large_deletion_is_a_job_too(world, monkeypatch):
    monkeypatch.setattr(bulk, "JOB_THRESHOLD", 1)
    actions = ActionFactory.create_batch(3, government=world.government)
    world.client_for("coordinator").post(reverse(DELETE_URL), {"pk": [str(a.pk) for a in actions]})
    run = BulkRun.objects.get()
    page = (
        world.client_for("coordinator")
        .get(reverse("jobs:bulk-change", kwargs={"pk": run.pk}))
        .content.decode()
    )
    assert "Deletion of 3 actions" in page
    assert "3 deleted" in page


def test_only_the_member_who_started_a_bulk_change_sees_it(world, monkeypatch):
    post_large_change(world, monkeypatch)
    run = BulkRun.objects.get()
    for name in ("jobs:bulk-change", "jobs:bulk-change-progress"):
        assert_permission_matrix(
            world,
            reverse(name, kwargs={"pk": run.pk}),
            {
                "anonymous": 302,
                "stranger": 403,
                "outsider": 404,  # another government's job
                "administrator": 403,
                "coordinator": 200,
                "editor": 403,
                "viewer": 403,
            },
        )
    listing = world.client_for("administrator").get(reverse("jobs:job-list")).content.decode()
    assert reverse("jobs:bulk-change", kwargs={"pk": run.pk}) not in listing


# --- Import reverts --------------------------------------------------------------------------


def test_a_queued_revert_shows_on_the_jobs_page_then_its_result(world, tmp_path, settings, request):
    run = import_partners(world, tmp_path)
    queued = queue_only(settings, request)
    client = world.client_for("coordinator")
    client.post(reverse("spreadsheets:import-revert", args=[run.pk]))
    revert = RevertRun.objects.get()
    assert (revert.status, revert.object_id, revert.started_by) == (
        RunStatus.QUEUED,
        run.pk,
        world.users["coordinator"],
    )
    url = reverse("jobs:import-revert", kwargs={"pk": revert.pk})
    listing = client.get(reverse("jobs:job-list")).content.decode()
    assert url in listing
    assert f"Revert of “{run}”" in listing
    assert "Waiting for the background worker" in client.get(url).content.decode()
    # While it runs: done of total from the progress store.
    RevertRun.objects.filter(pk=revert.pk).update(status=RunStatus.RUNNING)
    ProgressReporter(None, cache_key=import_revert.progress_key(run))(1, 2)
    page = client.get(url).content.decode()
    assert '<progress id="job-progress-bar" value="1" max="2">' in page
    assert f'href="{run.get_absolute_url()}"' in page  # the import's own page

    assert import_revert.run_revert(*queued[0]) == "reverted"
    revert.refresh_from_db()
    assert (revert.status, revert.done, revert.total) == (RunStatus.FINISHED, 2, 2)
    assert not Partner.objects.filter(external_id="P-2").exists()
    page = client.get(url).content.decode()
    assert '<progress id="job-progress-bar" value="2" max="2">' in page
    assert revert.summary
    assert revert.summary in page
    assert str(world.users["coordinator"]) in page


def test_a_revert_refused_in_the_worker_shows_its_error(world, tmp_path, settings, request):
    run = import_partners(world, tmp_path)
    queued = queue_only(settings, request)
    world.client_for("coordinator").post(reverse("spreadsheets:import-revert", args=[run.pk]))
    Membership.objects.filter(user=world.users["coordinator"]).update(role="viewer")
    assert import_revert.run_revert(*queued[0]) == "refused"
    revert = RevertRun.objects.get()
    assert revert.status == RunStatus.FAILED
    page = (
        world.client_for("administrator")
        .get(reverse("jobs:import-revert", kwargs={"pk": revert.pk}))
        .content.decode()
    )
    assert "You may no longer revert this import." in page


def test_who_sees_a_revert(world, tmp_path, settings, request):
    run = import_partners(world, tmp_path)
    queue_only(settings, request)
    world.client_for("coordinator").post(reverse("spreadsheets:import-revert", args=[run.pk]))
    revert = RevertRun.objects.get()
    for name in ("jobs:import-revert", "jobs:import-revert-progress"):
        assert_permission_matrix(
            world,
            reverse(name, kwargs={"pk": revert.pk}),
            # Whoever may see the import (not viewers); another government's: 404.
            {
                "anonymous": 302,
                "stranger": 403,
                "outsider": 404,
                "administrator": 200,
                "coordinator": 200,
                "editor": 200,
                "viewer": 403,
            },
        )
    listing = world.client_for("viewer").get(reverse("jobs:job-list")).content.decode()
    assert reverse("jobs:import-revert", kwargs={"pk": revert.pk}) not in listing


def test_the_jobs_page_with_bulk_changes_and_reverts_has_a_query_budget(world, tmp_path):
    run = import_partners(world, tmp_path)
    coordinator = world.users["coordinator"]

    def add_rows(count: int) -> None:
        for index in range(count):
            BulkRun.objects.create(
                government=world.government,
                token=f"t{index}-{BulkRun.objects.count()}",
                started_by=coordinator,
                model_label="actions.action",
                operation="change",
                change_label="Status",
                total=60,
            )
            RevertRun.objects.create(
                government=world.government,
                content_type_id=ContentType.objects.get_for_model(run).pk,
                object_id=run.pk,
                run_label=str(run),
                started_by=coordinator,
                status=RunStatus.RUNNING,
            )

    assert_constant_queries(
        world.client_for("coordinator"), reverse("jobs:job-list"), add_rows, budget=14
    )


def test_an_iati_revert_is_on_the_jobs_page_too(world):
    run = applied_iati(world, count=1)
    client = world.client_for("administrator")
    client.post(reverse("iati:import-revert", args=[run.pk]))  # runs at once in tests
    assert not Action.objects.exists()
    revert = RevertRun.objects.get()
    assert (revert.status, revert.started_by) == (RunStatus.FINISHED, world.users["administrator"])
    url = reverse("jobs:import-revert", kwargs={"pk": revert.pk})
    listing = client.get(reverse("jobs:job-list")).content.decode()
    assert url in listing
    assert str(world.users["administrator"]) in listing
    page = client.get(url).content.decode()
    assert revert.summary in page
    assert f'href="{run.get_absolute_url()}"' in page
    assert world.client_for("outsider").get(url).status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_rows_take_progress_from_a_second_connection(
    world, tmp_path, monkeypatch
):
    """Committed rows (as with a worker): the progress reporter's second connection writes
    the row while the revert's transaction is open, without waiting for it."""
    if connection.vendor != "postgresql":
        pytest.skip("about PostgreSQL: the second connection exists there only")
    run = import_partners(world, tmp_path)
    seen: list[tuple[int, int]] = []
    report = ProgressReporter.__call__

    def spy(self: ProgressReporter, done: int, total: int) -> None:
        report(self, done, total)
        if self.side is not None and self.instance is not None:
            with self.side.cursor() as cursor:
                table = self.instance._meta.db_table
                cursor.execute(f"SELECT done, total FROM {table} WHERE id = %s", [self.instance.pk])  # noqa: S608
                seen.append(cursor.fetchone())

    monkeypatch.setattr(ProgressReporter, "__call__", spy)
    world.client_for("coordinator").post(reverse("spreadsheets:import-revert", args=[run.pk]))
    assert RevertRun.objects.get().status == RunStatus.FINISHED
    assert seen[-1] == (2, 2)
    post_large_change(world, monkeypatch)
    assert BulkRun.objects.get().status == RunStatus.FINISHED
    assert seen[-1] == (5, 5)

"""The government's Jobs page and each job's page: what they show, who may see them, and
their number of queries. The walk of every URL with an id (core/tests/test_tenant_isolation)
covers the job pages too: another government's job is a 404."""

from __future__ import annotations

import re
import time

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from lazos.core.jobs import job_kinds
from lazos.core.progress import ProgressReporter
from lazos.core.testing.matrix import assert_permission_matrix
from lazos.core.testing.queries import assert_constant_queries
from lazos.iati.choices import ImportStatus as IatiStatus
from lazos.iati.models import IatiImport
from lazos.reports.choices import ReportStatus
from lazos.reports.services import progress_cache_key as report_progress_key
from lazos.reports.tests.factories import ReportFactory
from lazos.spreadsheets.choices import ImportStatus
from lazos.spreadsheets.runs import progress_cache_key
from lazos.spreadsheets.tests.factories import ImportRunFactory

pytestmark = pytest.mark.django_db


def iati_import(government, **values):
    run = IatiImport(government=government, original_name="activities.xml", **values)
    run.file.save("activities.xml", ContentFile(b"<iati-activities/>"), save=False)
    run.save()
    return run


def jobs_of_every_kind(world):
    run = ImportRunFactory.create(
        government=world.government,
        status=ImportStatus.RUNNING,
        original_name="twin-cities.xlsx",
        uploaded_by=world.users["coordinator"],
        total=40,
    )
    iati = iati_import(
        world.government,
        status=IatiStatus.FAILED,
        failure="The file is not IATI: no iati-activities.",
        uploaded_by=world.users["administrator"],
    )
    report = ReportFactory.create(
        government=world.government,
        status=ReportStatus.QUEUED,
        title="Handover dossier — Villa",
        requested_by=world.users["editor"],
    )
    return run, iati, report


def test_every_kind_is_registered():
    assert {kind.slug for kind in job_kinds()} >= {"spreadsheet-import", "iati-import", "report"}


def test_the_jobs_page_lists_every_kind_with_who_started_it(world):
    run, iati, report = jobs_of_every_kind(world)
    ImportRunFactory.create(
        government=world.other_government, original_name="theirs.xlsx", status=ImportStatus.APPLIED
    )
    page = world.client_for("coordinator").get(reverse("jobs:job-list")).content.decode()
    for title, who in (
        ("twin-cities.xlsx", world.users["coordinator"]),
        (iati.original_name, world.users["administrator"]),
        ("Handover dossier — Villa", world.users["editor"]),
    ):
        assert title in page
        assert str(who) in page
    assert reverse("jobs:spreadsheet-import", kwargs={"pk": run.pk}) in page
    assert reverse("jobs:iati-import", kwargs={"pk": iati.pk}) in page
    assert reverse("jobs:report", kwargs={"pk": report.pk}) in page
    assert "theirs.xlsx" not in page
    # Newest first.
    assert page.index("Handover dossier — Villa") < page.index("twin-cities.xlsx")


def test_a_running_job_shows_done_of_total_elapsed_and_an_estimate_and_polls(world):
    run, _iati, _report = jobs_of_every_kind(world)
    reporter = ProgressReporter(None, cache_key=progress_cache_key(run.pk))
    reporter.started = time.time() - 100
    reporter(10, 40)  # 10 of 40 in 100 s: about 300 s left (a little more as time passes)
    client = world.client_for("coordinator")
    url = reverse("jobs:spreadsheet-import", kwargs={"pk": run.pk})
    page = client.get(url).content.decode()
    progress_url = reverse("jobs:spreadsheet-import-progress", kwargs={"pk": run.pk})
    assert f'hx-get="{progress_url}" hx-trigger="every 1s"' in page
    assert '<label for="job-progress-bar">' in page
    assert '<progress id="job-progress-bar" value="10" max="40">' in page
    assert 'role="status" aria-live="polite"' in page
    assert "10 of 40 (25 %)" in page
    assert re.search(r"<dd>1:4\d</dd>", page)  # elapsed
    assert re.search(r"about 5:\d\d", page)  # estimate
    panel = client.get(progress_url).content.decode()
    assert panel.startswith('<section id="job-progress"')
    assert re.search(r"about 5:\d\d", panel)


def test_a_finished_job_shows_its_result_and_a_failed_one_its_error(world):
    run, iati, _report = jobs_of_every_kind(world)
    client = world.client_for("administrator")
    failed = client.get(reverse("jobs:iati-import", kwargs={"pk": iati.pk})).content.decode()
    assert "The file is not IATI: no iati-activities." in failed
    assert 'hx-trigger="every' not in failed
    run.status, run.finished_at = ImportStatus.APPLIED, timezone.now()
    run.save()
    done = client.get(reverse("jobs:spreadsheet-import", kwargs={"pk": run.pk})).content.decode()
    assert 'hx-trigger="every' not in done
    assert f'href="{run.get_absolute_url()}"' in done
    assert '<progress id="job-progress-bar" value="40" max="40">' in done


def test_a_running_report_shows_its_steps(world):
    _run, _iati, report = jobs_of_every_kind(world)
    report.status = ReportStatus.RUNNING
    report.save()
    ProgressReporter(None, cache_key=report_progress_key(report.pk))(1, 3)
    page = world.client_for("viewer").get(reverse("jobs:report", kwargs={"pk": report.pk}))
    assert '<progress id="job-progress-bar" value="1" max="3">' in page.content.decode()


def test_permissions(world):
    run, _iati, report = jobs_of_every_kind(world)
    everyone = {
        "anonymous": 302,
        "stranger": 403,
        "outsider": 200,
        "administrator": 200,
        "coordinator": 200,
        "editor": 200,
        "viewer": 200,
    }
    assert_permission_matrix(world, reverse("jobs:job-list"), everyone)
    # A report is for every member; an import for those who may import.
    assert_permission_matrix(
        world, reverse("jobs:report", kwargs={"pk": report.pk}), {**everyone, "outsider": 404}
    )
    for name in ("jobs:spreadsheet-import", "jobs:spreadsheet-import-progress"):
        assert_permission_matrix(
            world,
            reverse(name, kwargs={"pk": run.pk}),
            {**everyone, "outsider": 404, "viewer": 403},
        )


def test_the_viewer_does_not_see_imports_on_the_jobs_page(world):
    jobs_of_every_kind(world)
    page = world.client_for("viewer").get(reverse("jobs:job-list")).content.decode()
    assert "Handover dossier — Villa" in page
    assert "twin-cities.xlsx" not in page


def test_the_jobs_page_has_a_query_budget(world):
    client = world.client_for("coordinator")
    users = list(world.users.values())

    def add_rows(count: int) -> None:
        for index in range(count):
            who = users[index % len(users)]
            ImportRunFactory.create(
                government=world.government, status=ImportStatus.APPLIED, uploaded_by=who
            )
            ReportFactory.create(government=world.government, requested_by=who)
            iati_import(world.government, status=IatiStatus.APPLIED, uploaded_by=who)

    assert_constant_queries(client, reverse("jobs:job-list"), add_rows, budget=14)

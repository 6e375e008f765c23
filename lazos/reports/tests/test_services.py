"""Requesting a report queues the job on commit; the job stores the HTML and the PDF, sets the
status and is audited as "job"; a failure is recorded with its message."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django_tasks.signals import task_finished
from pypdf import PdfReader

from lazos.core.models import AuditEvent
from lazos.reports import services
from lazos.reports.choices import ReportStatus
from lazos.reports.models import Report
from lazos.reports.tests.data import YEAR, populate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _request(world, django_capture_on_commit_callbacks, **values):
    values.setdefault("kind", "handover")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = services.request_report(
            world.government, acting_user=world.users["coordinator"], **values
        )
    report.refresh_from_db()
    return report, callbacks


def test_the_job_stores_html_and_pdf_and_is_audited(world, django_capture_on_commit_callbacks):
    populate(world.government, 1)
    report, callbacks = _request(world, django_capture_on_commit_callbacks)
    # The job is queued once the request commits.
    assert len([c for c in callbacks if "request_report" in c.__qualname__]) == 1
    assert report.status == ReportStatus.READY, report.error
    assert report.task_id
    assert report.generated_at is not None
    assert report.language == "fr"  # the government's first official language
    assert report.html_file.name.startswith(f"reports/{world.government.pk}/handover/v1/")
    html = report.html_file.read().decode()
    assert "Twinning 0 with Porto" in html
    assert "<style>" in html
    assert "Twinning 0 with Porto" in report.body_html
    assert "<style" not in report.body_html
    pdf = PdfReader(io.BytesIO(report.pdf_file.open("rb").read()))
    assert len(pdf.pages) > 2
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Twinning 0 with Porto" in text

    events = AuditEvent.objects.for_object(report).order_by("id")
    assert [(e.channel, e.action) for e in events] == [
        ("system", "create"),  # the request (the web channel when made from a page)
        ("job", "update"),  # running
        ("job", "update"),  # ready, with its files
    ]
    assert events[2].changes["status"] == {"before": "running", "after": "ready"}
    assert events[2].changes["pdf_file"]["after"].endswith(".pdf")


def test_versions_increment_per_kind_and_year(world, django_capture_on_commit_callbacks):
    first, _ = _request(world, django_capture_on_commit_callbacks)
    second, _ = _request(world, django_capture_on_commit_callbacks)
    annual, _ = _request(world, django_capture_on_commit_callbacks, kind="annual", year=YEAR)
    other_year, _ = _request(
        world, django_capture_on_commit_callbacks, kind="annual", year=YEAR - 1
    )
    again, _ = _request(world, django_capture_on_commit_callbacks, kind="annual", year=YEAR)
    assert [first.version, second.version] == [1, 2]
    assert [annual.version, other_year.version, again.version] == [1, 1, 2]
    assert str(YEAR) in annual.title
    assert annual.download_name("pdf").startswith(f"annual-report-{YEAR}-w-alpha-v1-")
    assert first.download_name("html").startswith("handover-dossier-w-alpha-v1-")
    assert first.year is None


def test_an_annual_report_needs_a_year_and_a_known_kind(world):
    with pytest.raises(ValidationError) as error:
        services.request_report(world.government, acting_user=None, kind="annual")
    assert "year" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.request_report(world.government, acting_user=None, kind="gossip")
    assert not Report.objects.exists()


def test_the_job_runs_through_the_tasks_backend(world, django_capture_on_commit_callbacks):
    finished = []

    def receiver(sender, task_result, **kwargs):
        finished.append(task_result)

    task_finished.connect(receiver)
    try:
        report, _ = _request(world, django_capture_on_commit_callbacks)
    finally:
        task_finished.disconnect(receiver)
    [result] = finished
    assert result.task.name == "generate_report"
    assert result.args == [report.pk]
    assert result.return_value == "ready"
    assert report.task_id == result.id


def test_a_failure_is_recorded_with_its_message(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("the printer caught fire")

    monkeypatch.setattr("lazos.reports.rendering.html_to_pdf", broken)
    report, _ = _request(world, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.FAILED
    assert report.error == "RuntimeError: the printer caught fire"
    assert not report.pdf_file
    assert not report.html_file
    assert not report.body_html
    last = AuditEvent.objects.for_object(report).order_by("id").last()
    assert last is not None
    assert last.channel == "job"
    assert last.changes["status"] == {"before": "running", "after": "failed"}


def test_the_job_leaves_a_report_that_is_not_queued_alone(world):
    report = Report.objects.create(
        government=world.government, kind="handover", title="Done", status="ready"
    )
    assert services.run_report(report.pk) == "ready"
    assert not AuditEvent.objects.for_object(report).exists()


def test_the_report_language_falls_back_to_the_instance_default(world):
    world.government.official_languages = ["qu"]
    assert services.report_language(world.government) == "en"
    world.government.official_languages = ["pt-br", "es"]
    assert services.report_language(world.government) == "pt"

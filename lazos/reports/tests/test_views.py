"""Report pages: permission matrix, requesting through the form, reading inside the layout,
status polling, downloads and the list's query budget."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from lazos.core.models import AuditEvent
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.reports.models import Report
from lazos.reports.tests.data import YEAR
from lazos.reports.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db

EVERYONE_IN = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 200}
MANAGERS = {"administrator": 200, "coordinator": 200, "editor": 403, "viewer": 403}
ANON = {"anonymous": 302, "stranger": 403}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _ready(world, **values):
    report = ReportFactory.create(
        government=world.government,
        status="ready",
        generated_at=timezone.now(),
        body_html='<div class="report-body"><p>Twinning with Porto</p></div>',
        **values,
    )
    report.pdf_file.save("dossier.pdf", ContentFile(b"%PDF-1.7 fake"), save=False)
    report.html_file.save("dossier.html", ContentFile(b"<!doctype html><p>x</p>"), save=False)
    report.save()
    return report


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (reverse("reports:report-list"), EVERYONE_IN),
        (reverse("reports:report-request", args=["handover"]), MANAGERS),
        (reverse("reports:report-request", args=["annual"]), MANAGERS),
    ],
)
def test_list_and_request_matrix(world, url, expected):
    # The outsider administers another government: these pages are about their own.
    assert_permission_matrix(world, url, {**ANON, "outsider": 200, **expected})


@pytest.mark.parametrize(
    "name", ["reports:report-detail", "reports:report-status", "reports:report-history"]
)
def test_report_pages_matrix(world, name):
    report = _ready(world)
    url = reverse(name, args=[report.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **EVERYONE_IN})


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_download_matrix_and_attachment(world, fmt):
    report = _ready(world)
    url = reverse(f"reports:report-{fmt}", args=[report.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **EVERYONE_IN})
    response = world.client_for("viewer").get(url)
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="handover-dossier-w-alpha-v{report.version}-' in disposition
    assert disposition.endswith(f'.{fmt}"')
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF" if fmt == "pdf" else b"<!doctype html>")


def test_no_download_before_the_report_is_ready(world):
    queued = ReportFactory.create(government=world.government)
    client = world.client_for("viewer")
    for name in ("reports:report-pdf", "reports:report-html"):
        assert client.get(reverse(name, args=[queued.pk])).status_code == 404


def test_unknown_kind_is_a_404(world):
    response = world.client_for("coordinator").get(
        reverse("reports:report-request", args=["gossip"])
    )
    assert response.status_code == 404


def test_requesting_a_dossier_runs_the_job_and_shows_it_in_the_layout(
    world, django_capture_on_commit_callbacks
):
    client = world.client_for("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report-request", args=["handover"]))
    report = Report.objects.get(government=world.government)
    assert response.status_code == 302
    assert response.url == report.get_absolute_url()
    report.refresh_from_db()
    assert report.status == "ready"
    assert report.requested_by == world.users["coordinator"]
    created = AuditEvent.objects.for_object(report).order_by("id").first()
    assert created is not None
    assert created.channel == "web"
    assert created.actor == world.users["coordinator"]

    page = client.get(report.get_absolute_url())
    html = page.content.decode()
    assert "3. Agreements in force" in html  # the content, inside the application's page
    assert "reports/reports.css" in html
    assert 'hx-trigger="every' not in html  # ready: no polling
    assert reverse("reports:report-pdf", args=[report.pk]) in html


def test_requesting_an_annual_report_for_a_year(world, django_capture_on_commit_callbacks):
    client = world.client_for("administrator")
    page = client.get(reverse("reports:report-request", args=["annual"]))
    assert f'<option value="{YEAR}" selected>' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report-request", args=["annual"]), {"year": YEAR})
    report = Report.objects.get(government=world.government)
    assert (report.kind, report.year, report.status) == ("annual", YEAR, "ready")
    response = client.post(reverse("reports:report-request", args=["annual"]), {"year": 1800})
    assert response.status_code == 200
    assert "year" in response.context["form"].errors


def test_a_running_report_polls_and_refreshes_when_done(world):
    report = ReportFactory.create(government=world.government, status="running")
    client = world.client_for("viewer")
    page = client.get(report.get_absolute_url()).content.decode()
    status_url = reverse("reports:report-status", args=[report.pk])
    assert f'hx-get="{status_url}"' in page
    partial = client.get(status_url, headers={"HX-Request": "true"})
    assert "HX-Refresh" not in partial.headers
    Report.objects.filter(pk=report.pk).update(status="failed", error="Boom: no fonts")
    partial = client.get(status_url, headers={"HX-Request": "true"})
    assert partial.headers["HX-Refresh"] == "true"
    assert "Boom: no fonts" in partial.content.decode()


def test_the_list_shows_versions_and_its_queries_do_not_grow(world):
    client = world.client_for("viewer")

    def add_rows(n):
        for _ in range(n):
            _ready(world, requested_by=world.users["coordinator"])

    assert_constant_queries(client, reverse("reports:report-list"), add_rows, budget=12)
    page = client.get(reverse("reports:report-list"))
    assert page.context["paginator"].count == 12
    assert "New handover dossier" not in page.content.decode()  # a viewer cannot request
    other = ReportFactory.create(government=world.other_government, title="Their dossier")
    assert other.title not in page.content.decode()


def test_only_coordinators_and_administrators_may_request(world):
    url = reverse("reports:report-request", args=["handover"])
    for who in ("editor", "viewer"):
        assert world.client_for(who).post(url).status_code == 403
    assert world.client_for("anonymous").post(url).status_code == 302
    assert not Report.objects.exists()


def test_a_failed_report_shows_its_error_and_offers_no_download(world):
    report = ReportFactory.create(
        government=world.government, status="failed", error="OSError: disk full"
    )
    page = world.client_for("coordinator").get(report.get_absolute_url()).content.decode()
    assert "OSError: disk full" in page
    assert reverse("reports:report-pdf", args=[report.pk]) not in page
    assert "Generate a new version" in page

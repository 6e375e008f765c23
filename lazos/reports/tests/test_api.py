"""The reports' API: who may read and request reports, another government's report is a 404,
a report requested through the API is produced by its job and downloaded, its request is
audited with the channel "api", and the list's queries do not grow with its rows."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from lazos.api.tests.helpers import api_client, assert_api_matrix, events_of
from lazos.core.audit import Channel
from lazos.core.testing import TenantWorld, assert_constant_queries
from lazos.reports.choices import ReportKind, ReportStatus
from lazos.reports.models import ListExport, Report
from lazos.reports.tests.data import YEAR, populate
from lazos.reports.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db

EVERY_MEMBER = {
    "anonymous": 401,
    "stranger": 403,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_who_may_read_reports(world: TenantWorld) -> None:
    report = ReportFactory.create(government=world.government)
    assert_api_matrix(world, "get", "/api/v1/reports/", {**EVERY_MEMBER, "outsider": 200})
    assert_api_matrix(
        world, "get", f"/api/v1/reports/{report.pk}/", {**EVERY_MEMBER, "outsider": 404}
    )
    for fmt in ("pdf", "html"):  # not ready: no file for anyone
        assert_api_matrix(
            world,
            "get",
            f"/api/v1/reports/{report.pk}/{fmt}/",
            {
                **EVERY_MEMBER,
                "outsider": 404,
                **dict.fromkeys(("administrator", "coordinator", "editor", "viewer"), 404),
            },
        )


def test_who_may_request_a_report(world: TenantWorld) -> None:
    responses = assert_api_matrix(
        world,
        "post",
        "/api/v1/reports/",
        {
            "anonymous": 401,
            "stranger": 403,
            "outsider": 201,  # in their own government
            "administrator": 201,
            "coordinator": 201,
            "editor": 403,
            "viewer": 403,
        },
        data={"kind": "handover"},
    )
    ours = Report.objects.for_tenant(world.government).order_by("version")
    assert [report.version for report in ours] == [1, 2]
    assert [report.requested_by for report in ours] == [
        world.users["administrator"],
        world.users["coordinator"],
    ]
    outsiders = Report.objects.for_tenant(world.other_government).get()
    assert responses["outsider"].json()["id"] == outsiders.pk
    assert responses["editor"].json()["detail"] == "Your role does not allow this."


def test_another_governments_report_is_not_listed(world: TenantWorld) -> None:
    ReportFactory.create(government=world.other_government, title="Their dossier")
    mine = ReportFactory.create(government=world.government, title="Our dossier")
    body = api_client(world, "viewer").get("/api/v1/reports/").json()
    assert [row["id"] for row in body["results"]] == [mine.pk]


def test_a_report_requested_then_followed_then_downloaded(
    world: TenantWorld, django_capture_on_commit_callbacks: Any
) -> None:
    populate(world.government, 1)
    client = api_client(world, "coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/reports/", {"kind": "handover"}, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    # The answer is the queued report (the job runs once the request's transaction commits).
    assert (created["status"], created["version"], created["is_active"]) == ("queued", 1, True)
    assert created["pdf_url"] is None
    report = Report.objects.get(pk=created["id"])
    assert report.requested_by == world.users["coordinator"]
    # The request is audited with the channel "api", the job's writes with "job".
    assert [(e.channel, e.action) for e in events_of(report)] == [
        (Channel.API, "create"),
        (Channel.JOB, "update"),
        (Channel.JOB, "update"),
    ]

    # Poll the report, then its job.
    polled = client.get(f"/api/v1/reports/{report.pk}/").json()
    assert (polled["status"], polled["is_active"], polled["error"]) == ("ready", False, "")
    assert polled["pdf_url"] == f"/api/v1/reports/{report.pk}/pdf/"
    job = client.get(polled["job_url"]).json()
    assert polled["job_url"] == f"/api/v1/jobs/report-{report.pk}/"
    assert (job["kind"], job["object_id"], job["state"], job["is_active"]) == (
        "report",
        report.pk,
        "done",
        False,
    )
    assert (job["done"], job["total"], job["percent"]) == (3, 3, 100)
    assert job["started_by_name"] == world.users["coordinator"].username
    assert job["resource_url"] == f"/api/v1/reports/{report.pk}/"

    # Download: the PDF and the HTML, under a name that says what they are.
    pdf = api_client(world, "viewer").get(polled["pdf_url"])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert f"handover-dossier-{world.government.slug}-v1" in pdf["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(_body(pdf))).pages)
    assert "Twinning 0 with Porto" in text
    html = client.get(polled["html_url"])
    assert html.status_code == 200
    assert html["Content-Type"].startswith("text/html")
    assert "Twinning 0 with Porto" in _body(html).decode()

    # Another government's member sees neither the report nor its files nor its job.
    outsider = api_client(world, "outsider")
    assert outsider.get(f"/api/v1/reports/{report.pk}/").status_code == 404
    assert outsider.get(polled["pdf_url"]).status_code == 404
    assert outsider.get(polled["job_url"]).status_code == 404


def test_an_annual_report_takes_a_year_the_form_offers(
    world: TenantWorld, django_capture_on_commit_callbacks: Any
) -> None:
    client = api_client(world, "coordinator")
    missing = client.post("/api/v1/reports/", {"kind": "annual"}, format="json")
    assert missing.status_code == 400
    assert missing.json() == {"year": ["This field is required."]}
    too_old = client.post("/api/v1/reports/", {"kind": "annual", "year": 1950}, format="json")
    assert too_old.status_code == 400
    assert too_old.json() == {
        "year": ["Select a valid choice. 1950 is not one of the available choices."]
    }
    future = timezone.localdate().year + 1
    assert (
        client.post(
            "/api/v1/reports/", {"kind": "annual", "year": future}, format="json"
        ).status_code
        == 400
    )
    unknown = client.post("/api/v1/reports/", {"kind": "monthly"}, format="json")
    assert unknown.status_code == 400
    assert list(unknown.json()) == ["kind"]
    assert not Report.objects.exists()

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/api/v1/reports/", {"kind": "annual", "year": YEAR}, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["kind"], response.json()["year"]) == ("annual", YEAR)
    # A handover dossier covers no single year: a year sent with it is left out.
    with django_capture_on_commit_callbacks(execute=False):
        handover = client.post(
            "/api/v1/reports/", {"kind": "handover", "year": YEAR}, format="json"
        )
    assert handover.json()["year"] is None


def test_a_failed_report_tells_why_and_has_no_file(world: TenantWorld) -> None:
    report = ReportFactory.create(
        government=world.government, status=ReportStatus.FAILED, error="ValueError: no data"
    )
    client = api_client(world, "viewer")
    body = client.get(f"/api/v1/reports/{report.pk}/").json()
    assert (body["status"], body["error"], body["pdf_url"]) == (
        "failed",
        "ValueError: no data",
        None,
    )
    job = client.get(f"/api/v1/jobs/report-{report.pk}/").json()
    assert (job["state"], job["error"]) == ("failed", "ValueError: no data")
    assert client.get(f"/api/v1/reports/{report.pk}/pdf/").status_code == 404


def test_the_list_filters_like_the_web(world: TenantWorld) -> None:
    handover = ReportFactory.create(government=world.government)
    annual = ReportFactory.create(
        government=world.government, kind=ReportKind.ANNUAL, year=YEAR, status=ReportStatus.READY
    )
    client = api_client(world, "viewer")

    def ids(query: str) -> list[int]:
        body = client.get(f"/api/v1/reports/{query}").json()
        return [row["id"] for row in body["results"]]

    assert ids("?kind=annual") == [annual.pk]
    assert ids("?status=queued") == [handover.pk]
    assert ids(f"?year={YEAR}") == [annual.pk]
    assert client.get("/api/v1/reports/?kind=weekly").status_code == 400


def test_the_list_queries_do_not_grow_with_its_rows(world: TenantWorld) -> None:
    users = [world.users[who] for who in ("administrator", "coordinator")]

    def add(n: int) -> None:
        for i in range(n):
            ReportFactory.create(government=world.government, requested_by=users[i % 2])

    assert_constant_queries(
        api_client(world, "viewer"), "/api/v1/reports/", add, budget=8, few=2, many=12
    )


@pytest.mark.django_db(transaction=True)
def test_with_a_worker_the_report_is_produced_off_the_request(
    world: TenantWorld, settings: Any
) -> None:
    """TASKS_BACKEND=database: the request answers at once, queued; the worker produces the
    report, which the client polls and then downloads."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = api_client(world, "administrator")
    created = client.post("/api/v1/reports/", {"kind": "handover"}, format="json").json()
    job = client.get(created["job_url"]).json()
    assert (job["state"], job["is_active"], job["done"], job["total"]) == ("queued", True, 0, 3)
    assert client.get(f"/api/v1/reports/{created['id']}/pdf/").status_code == 404

    call_command(
        "db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO(), stderr=io.StringIO()
    )
    report = client.get(f"/api/v1/reports/{created['id']}/").json()
    assert (report["status"], report["is_active"]) == ("ready", False)
    job = client.get(created["job_url"]).json()
    assert (job["state"], job["percent"]) == ("done", 100)
    assert job["finished_at"] is not None
    pdf = client.get(report["pdf_url"])
    assert pdf.status_code == 200
    assert _body(pdf).startswith(b"%PDF")


def test_list_exports_are_their_requesters_and_the_administrators(world: TenantWorld) -> None:
    export = ListExport(
        government=world.government,
        title="Partners",
        path="/partners/",
        query="country=AR",
        fmt="csv",
        status=ReportStatus.READY,
        row_count=2,
        requested_by=world.users["coordinator"],
    )
    export.file.save("partners.csv", ContentFile(b"name\nRosario\nPorto\n"), save=False)
    export.save()
    url = f"/api/v1/list-exports/{export.pk}/"
    assert_api_matrix(
        world,
        "get",
        url,
        {**EVERY_MEMBER, "outsider": 404, "editor": 403, "viewer": 403},
    )
    assert_api_matrix(
        world,
        "get",
        f"{url}file/",
        {**EVERY_MEMBER, "outsider": 404, "editor": 403, "viewer": 403},
    )

    def listed(who: str) -> list[int]:
        body = api_client(world, who).get("/api/v1/list-exports/").json()
        return [row["id"] for row in body["results"]]

    assert (listed("coordinator"), listed("administrator")) == ([export.pk], [export.pk])
    assert (listed("editor"), listed("outsider")) == ([], [])

    client = api_client(world, "coordinator")
    body = client.get(url).json()
    assert (body["status"], body["file_url"], body["row_count"]) == ("ready", f"{url}file/", 2)
    download = client.get(body["file_url"])
    assert download["Content-Type"].startswith("text/csv")
    assert _body(download) == b"name\nRosario\nPorto\n"
    job = client.get(body["job_url"]).json()
    assert (job["kind"], job["state"], job["resource_url"]) == ("list-export", "done", url)


def test_the_list_exports_queries_do_not_grow_with_its_rows(world: TenantWorld) -> None:
    users = [world.users[who] for who in ("administrator", "coordinator")]

    def add(n: int) -> None:
        for i in range(n):
            ListExport.objects.create(
                government=world.government,
                title=f"Partners {i}",
                path="/partners/",
                fmt="xlsx",
                requested_by=users[i % 2],
            )

    assert_constant_queries(
        api_client(world, "administrator"), "/api/v1/list-exports/", add, budget=8, few=2, many=12
    )

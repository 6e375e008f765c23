"""/api/v1/jobs/: the government's background jobs as the Jobs page shows them. Every member
lists the kinds their role may see; a job of another government is a 404; a bulk change is
seen by who started it only; the list's queries do not grow with its rows."""

from __future__ import annotations

import itertools

import pytest

from lazos.api.tests.helpers import api_client, assert_api_matrix
from lazos.core.models import BulkOperation, BulkRun, RunStatus
from lazos.core.testing import TenantWorld, assert_constant_queries
from lazos.reports.choices import ReportStatus
from lazos.reports.tests.factories import ReportFactory
from lazos.spreadsheets.choices import ImportStatus
from lazos.spreadsheets.tests.factories import ImportRunFactory

pytestmark = pytest.mark.django_db

MEMBERS = {
    "anonymous": 401,
    "stranger": 403,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}
_tokens = itertools.count(1)


def bulk_run(world: TenantWorld, who: str) -> BulkRun:
    return BulkRun.objects.create(
        government=world.government,
        token=f"{next(_tokens):032d}",
        started_by=world.users[who],
        model_label="partners.partner",
        operation=BulkOperation.DELETE,
        status=RunStatus.FINISHED,
        total=60,
        done=60,
        changed=58,
        skipped=2,
    )


def test_who_may_list_and_read_jobs(world: TenantWorld) -> None:
    report = ReportFactory.create(government=world.government, status=ReportStatus.READY)
    imported = ImportRunFactory.create(government=world.government, status=ImportStatus.APPLIED)
    bulk = bulk_run(world, "coordinator")
    assert_api_matrix(world, "get", "/api/v1/jobs/", {**MEMBERS, "outsider": 200})
    assert_api_matrix(
        world, "get", f"/api/v1/jobs/report-{report.pk}/", {**MEMBERS, "outsider": 404}
    )
    # An import's job: whoever may see imports (not a viewer).
    assert_api_matrix(
        world,
        "get",
        f"/api/v1/jobs/spreadsheet-import-{imported.pk}/",
        {**MEMBERS, "viewer": 403, "outsider": 404},
    )
    # A bulk change: only who started it.
    assert_api_matrix(
        world,
        "get",
        f"/api/v1/jobs/bulk-change-{bulk.pk}/",
        {
            **MEMBERS,
            "administrator": 403,
            "editor": 403,
            "viewer": 403,
            "outsider": 404,
        },
    )


def test_the_list_holds_what_the_member_may_see_newest_first(world: TenantWorld) -> None:
    report = ReportFactory.create(
        government=world.government,
        status=ReportStatus.FAILED,
        error="ValueError: no data",
        requested_by=world.users["administrator"],
    )
    imported = ImportRunFactory.create(
        government=world.government,
        status=ImportStatus.APPLIED,
        uploaded_by=world.users["editor"],
        to_create=3,
        total=3,
        processed=3,
    )
    ImportRunFactory.create(government=world.government)  # previewed: no job yet
    bulk = bulk_run(world, "coordinator")
    theirs = ReportFactory.create(government=world.other_government)

    def listed(who: str, query: str = "") -> list[str]:
        body = api_client(world, who).get(f"/api/v1/jobs/{query}").json()
        return [job["id"] for job in body["results"]]

    assert listed("coordinator") == [
        f"bulk-change-{bulk.pk}",
        f"spreadsheet-import-{imported.pk}",
        f"report-{report.pk}",
    ]
    assert listed("administrator") == [
        f"spreadsheet-import-{imported.pk}",
        f"report-{report.pk}",
    ]
    assert listed("viewer") == [f"report-{report.pk}"]
    assert listed("outsider") == [f"report-{theirs.pk}"]
    assert listed("coordinator", "?kind=report") == [f"report-{report.pk}"]
    assert api_client(world, "viewer").get("/api/v1/jobs/?kind=nothing").status_code == 400

    jobs = {
        job["id"]: job
        for job in api_client(world, "coordinator").get("/api/v1/jobs/").json()["results"]
    }
    failed = jobs[f"report-{report.pk}"]
    assert (failed["state"], failed["is_active"], failed["error"]) == (
        "failed",
        False,
        "ValueError: no data",
    )
    assert failed["started_by"] == world.users["administrator"].pk
    done = jobs[f"spreadsheet-import-{imported.pk}"]
    assert (done["state"], done["done"], done["total"], done["percent"]) == ("done", 3, 3, 100)
    assert done["resource_url"] == f"/api/v1/imports/{imported.pk}/"
    assert done["result_url"] == imported.get_absolute_url()
    bulk_job = jobs[f"bulk-change-{bulk.pk}"]
    assert bulk_job["title"] == "Deletion of 60 partners"
    assert "58 deleted" in bulk_job["result_label"]


@pytest.mark.parametrize(
    "job_id", ["report-999999", "nothing-1", "bulk-change-0", "spreadsheet-import-999999"]
)
def test_an_unknown_job_is_a_404(world: TenantWorld, job_id: str) -> None:
    assert api_client(world, "administrator").get(f"/api/v1/jobs/{job_id}/").status_code == 404


def test_a_previewed_import_has_no_job(world: TenantWorld) -> None:
    previewed = ImportRunFactory.create(government=world.government)
    response = api_client(world, "coordinator").get(
        f"/api/v1/jobs/spreadsheet-import-{previewed.pk}/"
    )
    assert response.status_code == 404


def test_the_list_queries_do_not_grow_with_its_rows(world: TenantWorld) -> None:
    users = [world.users[who] for who in ("administrator", "coordinator", "editor")]

    def add(n: int) -> None:
        for i in range(n):
            ReportFactory.create(
                government=world.government,
                requested_by=users[i % 3],
                status=ReportStatus.READY,
            )
            ImportRunFactory.create(
                government=world.government,
                uploaded_by=users[i % 3],
                status=ImportStatus.APPLIED,
            )
            bulk_run(world, "coordinator")

    assert_constant_queries(
        api_client(world, "coordinator"), "/api/v1/jobs/", add, budget=16, few=2, many=12
    )

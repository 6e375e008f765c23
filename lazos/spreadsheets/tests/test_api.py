"""The spreadsheet imports' API: the whole journey of a real file with messy data (upload →
preview → apply with the choices of the matched rows → job done → result → revert), the same
refusals and messages as the web, who may do what, another government's import is a 404, and
the list's queries do not grow with its rows."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from lazos.api.tests.helpers import api_client, assert_api_matrix
from lazos.core.audit import Channel
from lazos.core.models import AuditEvent, RevertRun
from lazos.core.testing import TenantWorld, assert_constant_queries
from lazos.partners.models import Partner
from lazos.spreadsheets.choices import ImportStatus
from lazos.spreadsheets.models import ImportRun
from lazos.spreadsheets.tests.factories import ImportRunFactory
from lazos.spreadsheets.tests.helpers import read_xlsx_rows, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

HEADERS = ["External id", "Name", "Kind", "Country", "Description"]
NOT_VIEWERS = {
    "anonymous": 401,
    "stranger": 403,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 403,
}


@pytest.fixture
def rosario(world: TenantWorld) -> Partner:
    return Partner.objects.create(
        government=world.government,
        name="Rosario",
        kind="local_government",
        country="AR",
        external_id="P-1",
        description="Twin city since 1990.",
    )


def _upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def _start(client: Any, path: Path, kind: str = "partners", **extra: Any) -> Any:
    return client.post(
        "/api/v1/imports/", {"kind": kind, "file": _upload(path), **extra}, format="multipart"
    )


def test_the_journey_of_a_messy_file(world: TenantWorld, rosario: Partner, tmp_path: Path) -> None:
    client = api_client(world, "coordinator")
    rows: list[list[str | None]] = [
        # Updates Rosario (its external id) with a new description.
        ["P-1", " Rosario ", "local_government", "AR", "Twin city since 1991."],
        # A new row without an id whose name is Rosario's, shouted: it matches Rosario.
        [None, "  ROSARIO", "local_government", "ar", None],
        [None, None, None, None, None],  # an empty row
        ["P-2", "Medellín ", "local_government", "CO", ""],
    ]
    path = write_xlsx(tmp_path / "socios.xlsx", HEADERS, rows)

    # 1. Upload: the preview, nothing written.
    response = _start(client, path)
    assert response.status_code == 201, response.content
    run = response.json()
    assert (run["status"], run["can_apply"], run["error_count"]) == ("previewed", True, 0)
    assert (run["to_create"], run["to_update"], run["unchanged"]) == (2, 1, 0)
    assert run["original_name"] == "socios.xlsx"
    assert run["job_url"] is None
    preview = run["preview"]
    assert [row["label"] for row in preview["updates"]] == ["Rosario"]
    [change] = [c for c in preview["updates"][0]["changes"] if c["column"] == "Description"]
    assert (change["before"], change["after"]) == ("Twin city since 1990.", "Twin city since 1991.")
    [matched] = preview["matched"]
    assert [match["id"] for match in matched["matches"]] == [rosario.pk]
    assert matched["matches"][0]["reasons"]
    assert Partner.objects.for_tenant(world.government).count() == 1

    # 2. Apply without a choice for the matched row: refused, naming the row, as the web.
    url = f"/api/v1/imports/{run['id']}/"
    refused = client.post(f"{url}apply/", {}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {
        "non_field_errors": [
            "For each row that matches an existing partner, choose whether to use that "
            f"partner or to create a new one (rows {matched['row']})."
        ]
    }
    assert ImportRun.objects.get(pk=run["id"]).status == ImportStatus.PREVIEWED

    # 3. Apply, using Rosario for the matched row: the job runs (at once in the tests).
    applied = client.post(
        f"{url}apply/", {"choices": {str(matched["row"]): str(rosario.pk)}}, format="json"
    )
    assert applied.status_code == 200, applied.content
    result = applied.json()
    assert (result["status"], result["is_active"], result["can_apply"]) == ("applied", False, False)
    assert result["job_url"] == f"/api/v1/jobs/spreadsheet-import-{run['id']}/"
    assert [row["choice"] for row in result["preview"]["matched"]] == [str(rosario.pk)]

    # 4. Its progress and its job say it is done.
    progress = client.get(f"{url}progress/").json()
    assert progress == {
        "status": "applied",
        "is_active": False,
        "processed": progress["total"],
        "total": progress["total"],
        "percent": 100,
        "job_url": result["job_url"],
    }
    job = client.get(result["job_url"]).json()
    assert (job["state"], job["kind"], job["error"], job["percent"]) == (
        "done",
        "spreadsheet-import",
        "",
        100,
    )
    assert job["resource_url"] == url

    # 5. The result: Medellín created, Rosario updated (not duplicated), audited as imports
    # are (channel "import", the API's user as the actor).
    partners = Partner.objects.for_tenant(world.government)
    assert sorted(partners.values_list("name", flat=True)) == ["Medellín", "Rosario"]
    rosario.refresh_from_db()
    assert rosario.description == "Twin city since 1991."
    events = AuditEvent.objects.filter(content_type__model="partner")
    assert {(e.channel, e.actor_id) for e in events} == {
        (Channel.IMPORT, world.users["coordinator"].pk)
    }

    # 6. The revert's preview, then the revert.
    plan = client.get(f"{url}revert-preview/").json()
    assert (plan["can_revert"], plan["refusal"]) == (True, "")
    assert [entry["label"] for entry in plan["deletions"]] == ["Medellín"]
    assert plan["deletions_by_kind"] == [{"kind": "partners", "count": 1}]
    [restored] = plan["restorations"]
    assert restored["label"] == "Rosario"
    [value] = [v for v in restored["fields"] if v["name"] == "description"]
    assert (value["imported"], value["restored"]) == (
        "Twin city since 1991.",
        "Twin city since 1990.",
    )
    reverted = client.post(f"{url}revert/")
    assert reverted.status_code == 200, reverted.content
    body = reverted.json()
    assert body["reverted"] is True
    assert body["message"].startswith("Import reverted: 1 deleted, 1 restored")
    revert_job = client.get(body["job_url"]).json()
    assert revert_job["state"] == "done"
    assert body["job_url"] == f"/api/v1/jobs/import-revert-{RevertRun.objects.get().pk}/"
    assert list(partners.values_list("name", flat=True)) == ["Rosario"]
    rosario.refresh_from_db()
    assert rosario.description == "Twin city since 1990."
    after = client.get(url).json()
    assert after["reverted_by_name"] == world.users["coordinator"].username

    # 7. Once only: the same refusal as the web's.
    again = client.post(f"{url}revert/")
    assert again.status_code == 400
    [message] = again.json()["non_field_errors"]
    assert message.startswith("This import was already reverted on ")
    assert client.get(f"{url}revert-preview/").json()["refusal"] == message


def test_a_file_with_errors_is_previewed_and_cannot_be_applied(
    world: TenantWorld, tmp_path: Path
) -> None:
    client = api_client(world, "coordinator")
    path = write_csv(
        tmp_path / "partners.csv",
        ["Name", "Kind", "Country"],
        [["Lyon", "local_government", "FR"], ["Atlantis", "lost_city", "ZZ"]],
        delimiter=";",
        encoding="latin-1",
    )
    run = _start(client, path).json()
    assert (run["status"], run["can_apply"]) == ("previewed", False)
    assert run["error_count"] >= 1
    assert {error["row"] for error in run["errors"]} == {3}
    assert all(error["message"] for error in run["errors"])
    refused = client.post(f"/api/v1/imports/{run['id']}/apply/", {}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {
        "non_field_errors": ["Only a previewed import without errors can be applied."]
    }
    assert not Partner.objects.exists()
    # Not applied: nothing to revert.
    plan = client.get(f"/api/v1/imports/{run['id']}/revert-preview/").json()
    assert plan["refusal"] == "Only an applied import can be reverted."
    assert client.post(f"/api/v1/imports/{run['id']}/revert/").status_code == 400


def test_the_upload_is_refused_like_the_web_form(world: TenantWorld, tmp_path: Path) -> None:
    editor = api_client(world, "editor")
    path = write_xlsx(tmp_path / "p.xlsx", HEADERS, [["P-9", "Porto", "local_government", "PT"]])
    # An editor may not add partners: the kind is not one of theirs.
    response = _start(editor, path)
    assert response.status_code == 400
    assert response.json() == {
        "kind": ["Select a valid choice. partners is not one of the available choices."]
    }
    coordinator = api_client(world, "coordinator")
    text = tmp_path / "notes.pdf"
    text.write_bytes(b"%PDF-1.4 not a spreadsheet")
    response = _start(coordinator, text)
    assert response.status_code == 400
    assert response.json() == {"file": ["“notes.pdf”: import a .csv or .xlsx file."]}
    response = coordinator.post("/api/v1/imports/", {"kind": "partners"}, format="multipart")
    assert response.json() == {"file": ["This field is required."]}
    assert not ImportRun.objects.exists()


def test_who_may_see_and_start_imports(world: TenantWorld, tmp_path: Path) -> None:
    run = ImportRunFactory.create(government=world.government)  # of actions
    assert_api_matrix(world, "get", "/api/v1/imports/", {**NOT_VIEWERS, "outsider": 200})
    for suffix in ("", "progress/"):
        assert_api_matrix(
            world, "get", f"/api/v1/imports/{run.pk}/{suffix}", {**NOT_VIEWERS, "outsider": 404}
        )
    # Only who may revert (coordinators and administrators) see what a revert would do.
    assert_api_matrix(
        world,
        "get",
        f"/api/v1/imports/{run.pk}/revert-preview/",
        {**NOT_VIEWERS, "editor": 403, "outsider": 404},
    )
    statuses = {}
    for who in ("anonymous", "stranger", "outsider", "viewer"):
        path = write_xlsx(
            tmp_path / f"{who}.xlsx", HEADERS, [["P-9", "Porto", "local_government", "PT"]]
        )
        statuses[who] = _start(api_client(world, who), path).status_code
        statuses[f"{who} apply"] = (
            api_client(world, who).post(f"/api/v1/imports/{run.pk}/apply/", {}, format="json")
        ).status_code
        statuses[f"{who} revert"] = (
            api_client(world, who).post(f"/api/v1/imports/{run.pk}/revert/")
        ).status_code
    assert statuses == {
        "anonymous": 401,
        "anonymous apply": 401,
        "anonymous revert": 401,
        "stranger": 403,
        "stranger apply": 403,
        "stranger revert": 403,
        "outsider": 201,  # into their own government
        "outsider apply": 404,
        "outsider revert": 404,
        "viewer": 403,
        "viewer apply": 403,
        "viewer revert": 403,
    }
    assert ImportRun.objects.for_tenant(world.government).count() == 1
    assert ImportRun.objects.for_tenant(world.other_government).count() == 1
    editor = api_client(world, "editor")
    assert editor.post(f"/api/v1/imports/{run.pk}/revert/").status_code == 403


def test_another_governments_imports_are_not_listed(world: TenantWorld) -> None:
    ImportRunFactory.create(government=world.other_government, original_name="theirs.csv")
    mine = ImportRunFactory.create(government=world.government, original_name="ours.csv")
    body = api_client(world, "editor").get("/api/v1/imports/").json()
    assert [row["id"] for row in body["results"]] == [mine.pk]
    assert "preview" not in body["results"][0]


def test_the_list_filters_like_the_web(world: TenantWorld) -> None:
    failed = ImportRunFactory.create(government=world.government, status=ImportStatus.FAILED)
    partners = ImportRunFactory.create(government=world.government, kind="partners")
    client = api_client(world, "coordinator")

    def ids(query: str) -> list[int]:
        return [row["id"] for row in client.get(f"/api/v1/imports/{query}").json()["results"]]

    assert ids("?status=failed") == [failed.pk]
    assert ids("?kind=partners") == [partners.pk]
    assert client.get("/api/v1/imports/?status=lost").status_code == 400


def test_the_template_in_a_language(world: TenantWorld) -> None:
    response = api_client(world, "coordinator").get(
        "/api/v1/imports/template/?kind=partners&language=es"
    )
    assert response.status_code == 200
    assert "lazos-partners-template-es.xlsx" in response["Content-Disposition"]
    assert read_xlsx_rows(response.content)[0][0]
    assert (
        api_client(world, "editor").get("/api/v1/imports/template/?kind=partners").status_code
        == 403
    )
    assert (
        api_client(world, "editor").get("/api/v1/imports/template/?kind=actions").status_code == 200
    )
    assert (
        api_client(world, "viewer").get("/api/v1/imports/template/?kind=actions").status_code == 403
    )


def test_the_list_queries_do_not_grow_with_its_rows(world: TenantWorld) -> None:
    users = [world.users[who] for who in ("administrator", "coordinator")]

    def add(n: int) -> None:
        for i in range(n):
            ImportRunFactory.create(government=world.government, uploaded_by=users[i % 2])

    assert_constant_queries(
        api_client(world, "coordinator"), "/api/v1/imports/", add, budget=8, few=2, many=12
    )


def test_apply_and_revert_honour_if_match(
    world: TenantWorld, rosario: Partner, tmp_path: Path
) -> None:
    client = api_client(world, "coordinator")
    path = write_xlsx(tmp_path / "p.xlsx", HEADERS, [["P-2", "Lyon", "local_government", "FR"]])
    created = _start(client, path)
    etag = created["ETag"]
    url = f"/api/v1/imports/{created.json()['id']}/"
    assert client.get(url)["ETag"] == etag
    # Someone applies it meanwhile (through the web): the API's apply with the old ETag is
    # refused, and so is its revert.
    run = ImportRun.objects.get()
    web = world.client_for("administrator")
    assert web.post(reverse("spreadsheets:import-apply", args=[run.pk])).status_code == 302
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED
    stale = client.post(f"{url}apply/", {}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert client.post(f"{url}revert/", HTTP_IF_MATCH=etag).status_code == 412
    assert Partner.objects.filter(name="Lyon").exists()
    fresh = client.get(url)["ETag"]
    reverted = client.post(f"{url}revert/", HTTP_IF_MATCH=fresh)
    assert reverted.status_code == 200, reverted.content
    assert not Partner.objects.filter(name="Lyon").exists()


@pytest.mark.django_db(transaction=True)
def test_with_a_worker_the_import_runs_off_the_request(
    world: TenantWorld, tmp_path: Path, settings: Any
) -> None:
    """TASKS_BACKEND=database: the apply answers "queued"; the worker writes the records."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = api_client(world, "coordinator")
    rows = [[f"P-{i}", f"City {i}", "local_government", "ES", ""] for i in range(3)]
    run = _start(client, write_xlsx(tmp_path / "p.xlsx", HEADERS, rows)).json()
    url = f"/api/v1/imports/{run['id']}/"
    queued = client.post(f"{url}apply/", {}, format="json").json()
    assert (queued["status"], queued["is_active"]) == ("queued", True)
    assert client.get(f"{url}progress/").json()["is_active"] is True
    job = client.get(queued["job_url"]).json()
    assert (job["state"], job["is_active"]) == ("queued", True)
    assert not Partner.objects.exists()

    call_command(
        "db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert client.get(f"{url}progress/").json()["status"] == "applied"
    job = client.get(queued["job_url"]).json()
    assert (job["state"], job["done"], job["total"]) == ("done", 3, 3)
    assert job["finished_at"] is not None
    assert Partner.objects.for_tenant(world.government).count() == 3

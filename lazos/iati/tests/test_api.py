"""The IATI imports' API: who may see and run them (coordinators and administrators),
another government's import is a 404, the journey of a real file (upload → preview → apply →
job done → result → revert), the web's refusals and messages, the upload audited with the
channel "api", and the list's queries do not grow with its rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lazos.actions.models import Action
from lazos.api.tests.helpers import api_client, assert_api_matrix, events_of
from lazos.core.audit import Channel
from lazos.core.models import AuditEvent
from lazos.core.testing import TenantWorld, assert_constant_queries
from lazos.iati.choices import ImportStatus
from lazos.iati.models import IatiImport
from lazos.iati.tests.factories import _build_import

pytestmark = pytest.mark.django_db

MANAGERS = {
    "anonymous": 401,
    "stranger": 403,
    "administrator": 200,
    "coordinator": 200,
    "editor": 403,
    "viewer": 403,
}

# A real file as another system writes it: a blank line and spaces around the texts, a second
# language, a reporting organisation that is not the government, an unknown element kept.
FILE = b"""<?xml version="1.0" encoding="UTF-8"?>

<iati-activities version="2.03" generated-datetime="2026-01-05T10:00:00Z">
 <iati-activity xml:lang="en" default-currency="EUR">
  <iati-identifier>  XM-EX-1-%(n)s  </iati-identifier>
  <reporting-org ref="XM-EX-1" type="40"><narrative>  Example Org </narrative></reporting-org>
  <title>
    <narrative>  Clean rivers %(n)s </narrative>
    <narrative xml:lang="es">R\xc3\xados limpios %(n)s</narrative>
  </title>
  <description><narrative>Work on rivers.</narrative></description>
  <participating-org type="11" role="4"><narrative>Ville</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2023-01-01"/>
  <conditions attached="0"/>
 </iati-activity>
</iati-activities>
"""


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _file(n: int = 1, name: str = "activities.xml", content: bytes | None = None) -> Any:
    data = content if content is not None else FILE % {b"n": str(n).encode()}
    return SimpleUploadedFile(name, data, content_type="application/xml")


def _start(client: Any, upload: Any, **extra: Any) -> Any:
    return client.post("/api/v1/iati-imports/", {"file": upload, **extra}, format="multipart")


def test_the_journey_of_a_file(world: TenantWorld) -> None:
    client = api_client(world, "coordinator")

    # 1. Upload: the preview, activity by activity; nothing but the import is written.
    response = _start(client, _file(), publish="true")
    assert response.status_code == 201, response.content
    run = response.json()
    assert (run["status"], run["can_apply"], run["to_create"], run["to_update"]) == (
        "previewed",
        True,
        1,
        0,
    )
    assert (run["version"], run["publish"], run["job_url"]) == ("2.03", True, None)
    [activity] = run["activities"]
    assert (activity["identifier"], activity["operation"]) == ("XM-EX-1-1", "create")
    assert "Clean rivers 1" in activity["title"]
    assert activity["kept"]  # the conditions, kept as text
    assert not Action.objects.exists()
    # The upload is audited with the channel "api".
    stored = IatiImport.objects.get()
    assert [(e.channel, e.action) for e in events_of(stored)] == [(Channel.API, "create")]

    # 2. Apply: the job runs (at once in the tests), all or nothing.
    url = f"/api/v1/iati-imports/{run['id']}/"
    applied = client.post(f"{url}apply/")
    assert applied.status_code == 200, applied.content
    result = applied.json()
    assert (result["status"], result["is_active"], result["can_apply"]) == ("applied", False, False)
    assert result["activities"][0]["action_id"] is not None
    action = Action.objects.get(government=world.government)
    assert action.is_public
    assert action.translations["es"]["title"] == "Ríos limpios 1"
    assert set(
        AuditEvent.objects.filter(content_type__model="action").values_list("channel", flat=True)
    ) == {Channel.IMPORT}

    # 3. Its progress and its job.
    progress = client.get(f"{url}progress/").json()
    assert (progress["status"], progress["percent"], progress["done"], progress["total"]) == (
        "applied",
        100,
        1,
        1,
    )
    job = client.get(result["job_url"]).json()
    assert result["job_url"] == f"/api/v1/jobs/iati-import-{run['id']}/"
    assert (job["state"], job["kind"], job["resource_url"]) == ("done", "iati-import", url)

    # 4. A second apply is refused with the web's message.
    again = client.post(f"{url}apply/")
    assert again.status_code == 400
    assert again.json() == {
        "non_field_errors": ["This import is running or has already been applied."]
    }

    # 5. Revert: the preview, then the revert; the action is gone.
    plan = client.get(f"{url}revert-preview/").json()
    assert plan["can_revert"] is True
    assert action.pk in [int(entry["id"]) for entry in plan["deletions"]]
    reverted = client.post(f"{url}revert/").json()
    assert reverted["reverted"] is True
    assert reverted["message"].startswith("Import reverted:")
    assert client.get(reverted["job_url"]).json()["state"] == "done"
    assert not Action.objects.exists()
    refused = client.post(f"{url}revert/")
    assert refused.status_code == 400
    assert refused.json()["non_field_errors"][0].startswith("This import was already reverted")


def test_refusals_are_the_webs(world: TenantWorld) -> None:
    client = api_client(world, "administrator")
    not_xml = _start(client, _file(name="activities.csv"))
    assert not_xml.status_code == 400
    assert not_xml.json() == {"file": ["“activities.csv” is not an XML file (.xml)."]}
    broken = FILE.replace(b'<activity-status code="2"/>', b"")
    invalid = _start(client, _file(content=broken % {b"n": b"2"}))
    assert invalid.status_code == 400
    assert any("<activity-status> is missing" in m for m in invalid.json()["file"])
    missing = client.post("/api/v1/iati-imports/", {}, format="multipart")
    assert missing.json() == {"file": ["This field is required."]}
    assert not IatiImport.objects.exists()


def test_who_may_see_and_run_iati_imports(world: TenantWorld) -> None:
    run = _build_import(world.government)
    assert_api_matrix(world, "get", "/api/v1/iati-imports/", {**MANAGERS, "outsider": 200})
    for suffix in ("", "progress/", "revert-preview/"):
        assert_api_matrix(
            world,
            "get",
            f"/api/v1/iati-imports/{run.pk}/{suffix}",
            {**MANAGERS, "outsider": 404},
        )
    statuses = {
        who: (
            _start(api_client(world, who), _file(3)).status_code,
            api_client(world, who).post(f"/api/v1/iati-imports/{run.pk}/apply/").status_code,
            api_client(world, who).post(f"/api/v1/iati-imports/{run.pk}/revert/").status_code,
        )
        for who in ("anonymous", "stranger", "outsider", "editor", "viewer")
    }
    assert statuses == {
        "anonymous": (401, 401, 401),
        "stranger": (403, 403, 403),
        "outsider": (201, 404, 404),  # the upload goes into their own government
        "editor": (403, 403, 403),
        "viewer": (403, 403, 403),
    }
    assert IatiImport.objects.for_tenant(world.government).get() == run
    assert IatiImport.objects.get(pk=run.pk).status == ImportStatus.PREVIEWED


def test_another_governments_imports_are_not_listed(world: TenantWorld) -> None:
    _build_import(world.other_government)
    mine = _build_import(world.government)
    body = api_client(world, "coordinator").get("/api/v1/iati-imports/").json()
    assert [row["id"] for row in body["results"]] == [mine.pk]
    assert "activities" not in body["results"][0]


def test_the_list_queries_do_not_grow_with_its_rows(world: TenantWorld) -> None:
    def add(n: int) -> None:
        for _ in range(n):
            _build_import(world.government)

    assert_constant_queries(
        api_client(world, "coordinator"), "/api/v1/iati-imports/", add, budget=8, few=2, many=12
    )

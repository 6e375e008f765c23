"""The office's IATI pages: permissions, upload → preview → apply, refusals, queries."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lazos.actions.models import Action
from lazos.core.audit import Channel
from lazos.core.models import AuditEvent
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.iati.choices import ImportStatus
from lazos.iati.models import IatiImport
from lazos.iati.tests.factories import _build_import

pytestmark = pytest.mark.django_db

MANAGERS = {"administrator": 200, "coordinator": 200, "editor": 403, "viewer": 403}
ANON = {"anonymous": 302, "stranger": 403}

FILE = b"""<?xml version="1.0"?>
<iati-activities version="2.03">
 <iati-activity xml:lang="en">
  <iati-identifier>XM-EX-1-%(n)s</iati-identifier>
  <reporting-org ref="XM-EX-1" type="40"><narrative>Example Org</narrative></reporting-org>
  <title><narrative>Clean rivers</narrative><narrative xml:lang="es">R\xc3\xados limpios</narrative></title>
  <description><narrative>Work on rivers.</narrative></description>
  <participating-org type="11" role="4"><narrative>Ville</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2023-01-01"/>
  <conditions attached="0"/>
 </iati-activity>
</iati-activities>
"""


def upload(content: bytes = FILE % {b"n": b"1"}, name: str = "activities.xml"):
    return SimpleUploadedFile(name, content, content_type="application/xml")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("iati:import-list", MANAGERS), ("iati:import-start", MANAGERS)],
)
def test_list_and_start_matrix(world, name, expected):
    assert_permission_matrix(world, reverse(name), {**ANON, "outsider": 200, **expected})


def test_detail_matrix(world):
    run = _build_import(world.government)
    url = reverse("iati:import-detail", args=[run.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **MANAGERS})


def test_apply_matrix(world):
    run = _build_import(world.government)
    url = reverse("iati:import-apply", args=[run.pk])
    redirect = {"administrator": 302, "coordinator": 302, "editor": 403, "viewer": 403}
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **redirect})


def test_upload_preview_then_apply(world):
    client = world.client_for("coordinator")
    response = client.post(reverse("iati:import-start"), {"file": upload(), "publish": "on"})
    assert response.status_code == 302
    run = IatiImport.objects.get(government=world.government)
    assert run.to_create == 1
    assert not Action.objects.exists()
    page = client.get(run.get_absolute_url())
    assert b"Clean rivers" in page.content
    assert b"conditions" in page.content  # kept as text
    response = client.post(reverse("iati:import-apply", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED
    action = Action.objects.get(government=world.government)
    assert action.is_public
    assert action.translations["es"]["title"] == "Ríos limpios"
    event = AuditEvent.objects.filter(government_id=world.government.pk, channel=Channel.IMPORT)
    assert event.exists()
    # A second apply is refused.
    client.post(reverse("iati:import-apply", args=[run.pk]))
    assert Action.objects.filter(government=world.government).count() == 1


def test_invalid_file_shows_problems_and_keeps_nothing(world):
    client = world.client_for("administrator")
    bad = FILE.replace(b'<activity-status code="2"/>', b"")
    response = client.post(reverse("iati:import-start"), {"file": upload(bad)})
    assert response.status_code == 200
    assert b"&lt;activity-status&gt; is missing" in response.content
    assert b"Line 3" in response.content
    assert not IatiImport.objects.exists()


def test_not_an_xml_file_is_refused(world):
    client = world.client_for("administrator")
    response = client.post(reverse("iati:import-start"), {"file": upload(name="a.csv")})
    assert response.status_code == 200
    assert not IatiImport.objects.exists()


def test_too_large_file_is_refused(world, settings):
    settings.LAZOS_MAX_UPLOAD_MB = 1
    client = world.client_for("administrator")
    big = FILE.replace(b"Work on rivers.", b"x" * (1024 * 1024 + 10))
    response = client.post(reverse("iati:import-start"), {"file": upload(big)})
    assert response.status_code == 200
    assert not IatiImport.objects.exists()


def test_list_queries(world):
    def add_rows(n):
        for _ in range(n):
            _build_import(world.government)

    client = world.client_for("coordinator")
    assert_constant_queries(
        client, reverse("iati:import-list"), add_rows, budget=12, few=2, many=15
    )


def test_without_an_organisation_identifier_no_file_is_published(client):
    """Not under a made-up identifier either: the public address says why, as a 404."""
    from lazos.core.testing.builders import GovernmentFactory
    from lazos.iati.tests.factories import cooperation_action

    government = GovernmentFactory.create(slug="sin-iati", iati_organisation_identifier="")
    cooperation_action(government, 1)
    response = client.get(f"/{government.slug}/open-data/iati-activities.xml")
    assert response.status_code == 404
    assert b"no IATI organisation identifier" in response.content
    assert b"<iati-activities" not in response.content
    government.iati_organisation_identifier = "XM-DAC-7"
    government.save()
    published = client.get(f"/{government.slug}/open-data/iati-activities.xml")
    assert published.status_code == 200
    assert b'ref="XM-DAC-7"' in b"".join(published.streaming_content)

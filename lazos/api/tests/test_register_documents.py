"""/api/v1/documents/: upload, list per object, download, delete; checked files; the object a
document belongs to decides who may do what."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lazos.actions.tests.factories import ActionFactory
from lazos.agreements.models import Agreement
from lazos.agreements.tests.factories import AgreementFactory
from lazos.api.tests.helpers import api_client
from lazos.core.attachments import attach_file
from lazos.core.audit import AuditAction, Channel
from lazos.core.models import Attachment, AuditEvent
from lazos.core.testing import TenantWorld
from lazos.core.testing.matrix import PEOPLE

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
URL = "/api/v1/documents/"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def agreement(world: TenantWorld) -> Agreement:
    return AgreementFactory.create(
        government=world.government, title="Twinning", lead_department=world.department
    )


def upload(target: Any, *, name: str = "signed.pdf", content: bytes = PDF, **extra: Any) -> dict:
    label = f"{target._meta.app_label}.{target._meta.model_name}"
    return {
        "content_type": label,
        "object_id": target.pk,
        "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        **extra,
    }


def stored(target: Any, title: str = "Annex") -> Attachment:
    return attach_file(
        target,
        acting_user=None,
        upload=SimpleUploadedFile("annex.pdf", PDF, content_type="application/pdf"),
        title=title,
    )


def test_upload_list_download_and_delete_a_pdf(world: TenantWorld, agreement: Agreement) -> None:
    client = api_client(world, "editor")  # of the agreement's department
    response = client.post(
        URL,
        upload(agreement, title="Signed text", kind="signed_text", is_public="true"),
        format="multipart",
    )
    assert response.status_code == 201, response.content
    document = response.json()
    assert document["content_type"] == "agreements.agreement"
    assert document["object_id"] == agreement.pk
    assert (document["title"], document["kind"], document["version"]) == (
        "Signed text",
        "signed_text",
        1,
    )
    assert (document["size"], document["mime_type"], document["is_public"]) == (
        len(PDF),
        "application/pdf",
        True,
    )
    assert document["uploaded_by"] == world.users["editor"].pk
    event = AuditEvent.objects.for_object(Attachment.objects.get(pk=document["id"])).get()
    assert (event.channel, event.action) == (Channel.API, AuditAction.CREATE)

    again = client.post(URL, upload(agreement, title="Signed text"), format="multipart")
    assert again.json()["version"] == 2

    other = ActionFactory.create(government=world.government, lead_department=world.department)
    stored(other)
    listed = client.get(f"{URL}?content_type=agreements.agreement&object_id={agreement.pk}")
    assert sorted(row["version"] for row in listed.json()["results"]) == [1, 2]

    download = client.get(document["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="signed.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF

    assert client.delete(f"{URL}{document['id']}/").status_code == 204
    assert not Attachment.objects.filter(pk=document["id"]).exists()
    deleted = AuditEvent.objects.filter(action=AuditAction.DELETE, object_id=str(document["id"]))
    assert deleted.get().channel == Channel.API


def test_a_fake_pdf_is_refused_with_a_message_and_nothing_stored(
    world: TenantWorld, agreement: Agreement, media: Path
) -> None:
    response = api_client(world, "coordinator").post(
        URL,
        upload(agreement, name="contract.pdf", content=b"MZ\x90\x00 not a pdf"),
        format="multipart",
    )
    assert response.status_code == 400
    [message] = response.json()["file"]
    assert "contract.pdf" in message
    assert "does not look like a .pdf file" in message
    assert not Attachment.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]


def test_a_file_type_that_is_not_accepted(world: TenantWorld, agreement: Agreement) -> None:
    response = api_client(world, "coordinator").post(
        URL, upload(agreement, name="script.exe", content=b"MZ"), format="multipart"
    )
    assert response.status_code == 400
    assert "files of this type are not accepted" in response.json()["file"][0]


def test_documents_cannot_be_attached_to_anything(world: TenantWorld, agreement: Agreement) -> None:
    data = upload(agreement)
    data["content_type"] = "core.auditevent"
    response = api_client(world, "coordinator").post(URL, data, format="multipart")
    assert response.status_code == 400
    assert "content_type" in response.json()


def test_another_governments_object_or_document_is_a_404(world: TenantWorld) -> None:
    theirs = AgreementFactory.create(government=world.other_government)
    their_document = stored(theirs)
    client = api_client(world, "administrator")
    assert client.post(URL, upload(theirs), format="multipart").status_code == 404
    assert client.get(f"{URL}{their_document.pk}/").status_code == 404
    assert client.get(f"{URL}{their_document.pk}/download/").status_code == 404
    assert client.delete(f"{URL}{their_document.pk}/").status_code == 404
    assert Attachment.objects.filter(pk=their_document.pk).exists()
    listed = client.get(f"{URL}?content_type=agreements.agreement&object_id={theirs.pk}")
    assert listed.json()["results"] == []


def test_read_matrix(world: TenantWorld, agreement: Agreement) -> None:
    document = stored(agreement)
    expected = {
        "anonymous": 401,
        "stranger": 403,
        "outsider": 404,
        "administrator": 200,
        "coordinator": 200,
        "editor": 200,
        "viewer": 200,
    }
    for url in (f"{URL}{document.pk}/", f"{URL}{document.pk}/download/"):
        actual = {who: api_client(world, who).get(url).status_code for who in PEOPLE}
        assert actual == expected, url
    listing = {who: api_client(world, who).get(URL) for who in PEOPLE}
    assert {who: r.status_code for who, r in listing.items()} == {**expected, "outsider": 200}
    assert listing["outsider"].json()["results"] == []
    assert [row["id"] for row in listing["viewer"].json()["results"]] == [document.pk]


def test_upload_and_delete_matrix(world: TenantWorld, agreement: Agreement) -> None:
    expected_upload = {
        "anonymous": 401,
        "stranger": 403,
        "outsider": 404,
        "administrator": 201,
        "coordinator": 201,
        "editor": 201,
        "viewer": 403,
    }
    actual = {
        who: api_client(world, who).post(URL, upload(agreement), format="multipart").status_code
        for who in PEOPLE
    }
    assert actual == expected_upload
    expected_delete = {**expected_upload, "administrator": 204, "coordinator": 204, "editor": 204}
    actual = {
        who: api_client(world, who).delete(f"{URL}{stored(agreement).pk}/").status_code
        for who in PEOPLE
    }
    assert actual == expected_delete


def test_an_editor_uploads_and_deletes_only_on_their_departments_work(
    world: TenantWorld,
) -> None:
    elsewhere = AgreementFactory.create(government=world.government)  # no department
    editor = api_client(world, "editor")
    assert editor.post(URL, upload(elsewhere), format="multipart").status_code == 403
    document = stored(elsewhere)
    assert editor.delete(f"{URL}{document.pk}/").status_code == 403
    assert editor.get(f"{URL}{document.pk}/download/").status_code == 200

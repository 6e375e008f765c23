"""Documents attached to objects: checked, versioned, scoped to the government, audited."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lazos.agreements.tests.factories import AgreementFactory, attachment_row
from lazos.core.attachments import ALLOWED_TYPES
from lazos.core.models import Attachment, AttachmentKind, AuditEvent
from lazos.core.testing import assert_permission_matrix
from lazos.core.testing.builders import DepartmentFactory

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
ANON = {"anonymous": 302, "stranger": 403}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def agreement(world):
    return AgreementFactory.create(
        government=world.government, title="Twinning with Porto", lead_department=world.department
    )


def add_url(obj):
    return reverse(
        "attachments:attachment-add", args=[obj._meta.app_label, obj._meta.model_name, obj.pk]
    )


def upload(client, obj, name="agreement.pdf", content=PDF, **data):
    data.setdefault("title", "Signed text")
    data.setdefault("kind", "signed_text")
    return client.post(
        add_url(obj),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf"), **data},
        follow=True,
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_a_pdf_uploads_downloads_and_a_second_upload_is_version_2(world, agreement):
    client = world.client_for("editor")
    response = upload(client, agreement)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(agreement.get_absolute_url())
    first = Attachment.objects.get()
    assert (first.version, first.title, first.kind) == (1, "Signed text", "signed_text")
    assert (first.original_name, first.mime_type, first.size) == (
        "agreement.pdf",
        "application/pdf",
        len(PDF),
    )
    assert first.uploaded_by == world.users["editor"]
    assert first.target == agreement
    assert AuditEvent.objects.for_object(first).get().action == "create"

    download = world.client_for("viewer").get(
        reverse("attachments:attachment-download", args=[first.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="agreement.pdf"'

    upload(client, agreement, name="agreement-corrected.pdf", content=PDF + b"%% v2\n")
    second = Attachment.objects.get(version=2)
    assert second.title == "Signed text"
    # The panel groups the versions under the title, newest first.
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert page.index("agreement-corrected.pdf") < page.index("1 earlier version")
    assert reverse("attachments:attachment-download", args=[first.pk]) in page


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("setup.exe", b"MZ\x90\x00", "“setup.exe”: files of this type are not accepted."),
        (
            "contract.pdf",
            b"<html>not a pdf</html>",
            "“contract.pdf” does not look like a .pdf file",
        ),
    ],
)
def test_a_wrong_file_is_refused_with_a_message_naming_it(
    world, agreement, media, name, content, expected
):
    response = upload(world.client_for("coordinator"), agreement, name=name, content=content)
    assert any(expected in message for message in messages_of(response))
    assert expected in response.content.decode()
    assert not Attachment.objects.exists()
    assert not AuditEvent.objects.filter(content_type__model="attachment").exists()
    assert not [p for p in Path(media).rglob("*") if p.is_file()]


def test_a_file_over_the_size_limit_is_refused(world, agreement, settings, media):
    settings.LAZOS_MAX_UPLOAD_MB = 1
    big = PDF + b"0" * (1024 * 1024)
    response = upload(world.client_for("coordinator"), agreement, name="scan.pdf", content=big)
    assert any(
        m.startswith("“scan.pdf” is 1,048,") and m.endswith("the limit is 1,048,576 B.")
        for m in messages_of(response)
    )
    assert not Attachment.objects.exists()
    assert not [p for p in Path(media).rglob("*") if p.is_file()]


def test_another_governments_attachment_is_a_404(world):
    foreign = AgreementFactory.create(government=world.other_government)
    row = attachment_row(foreign)
    row.save()
    for role in ("administrator", "viewer"):
        client = world.client_for(role)
        assert (
            client.get(reverse("attachments:attachment-download", args=[row.pk])).status_code == 404
        )
        assert (
            client.get(reverse("attachments:attachment-delete", args=[row.pk])).status_code == 404
        )
        response = client.post(add_url(foreign), {"file": SimpleUploadedFile("a.pdf", PDF)})
        assert response.status_code in {403, 404}
    response = world.client_for("administrator").post(
        add_url(foreign), {"file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert response.status_code == 404
    assert Attachment.objects.count() == 1


def test_upload_permission_matrix(world, agreement):
    assert_permission_matrix(
        world,
        add_url(agreement),
        {
            **ANON,
            "outsider": 404,
            "administrator": 302,
            "coordinator": 302,
            "editor": 302,
            "viewer": 403,
        },
        method="post",
        data={"title": "Annex"},
    )


def test_a_viewer_cannot_upload_and_an_editor_of_another_department_neither(world, agreement):
    response = upload(world.client_for("viewer"), agreement)
    assert response.status_code == 403
    other = AgreementFactory.create(
        government=world.government,
        lead_department=DepartmentFactory.create(government=world.government),
    )
    assert upload(world.client_for("editor"), other).status_code == 403
    assert not Attachment.objects.exists()
    # Only who may change the object sees the upload form.
    page = world.client_for("viewer").get(agreement.get_absolute_url()).content.decode()
    assert "Upload a document" not in page
    assert (
        "Upload a document"
        in world.client_for("editor").get(agreement.get_absolute_url()).content.decode()
    )


def test_unknown_or_untenanted_models_are_a_404(world):
    client = world.client_for("administrator")
    for app_label, model in (("nope", "nothing"), ("accounts", "user"), ("core", "attachment")):
        url = reverse("attachments:attachment-add", args=[app_label, model, 1])
        assert client.post(url).status_code == 404


def test_download_and_delete_permission_matrix(world, agreement):
    row = attachment_row(agreement)
    row.save()
    assert_permission_matrix(
        world,
        reverse("attachments:attachment-delete", args=[row.pk]),
        {
            **ANON,
            "outsider": 404,
            "administrator": 200,
            "coordinator": 200,
            "editor": 200,
            "viewer": 403,
        },
    )


def test_download_matrix(world, agreement):
    client = world.client_for("editor")
    upload(client, agreement)
    row = Attachment.objects.get()
    assert_permission_matrix(
        world,
        reverse("attachments:attachment-download", args=[row.pk]),
        {
            **ANON,
            "outsider": 404,
            "administrator": 200,
            "coordinator": 200,
            "editor": 200,
            "viewer": 200,
        },
    )


def test_delete_one_version_with_confirmation(world, agreement):
    client = world.client_for("editor")
    upload(client, agreement)
    upload(client, agreement)
    latest = Attachment.objects.get(version=2)
    confirm = client.get(reverse("attachments:attachment-delete", args=[latest.pk]))
    assert "Signed text (v2)" in confirm.content.decode()
    response = client.post(reverse("attachments:attachment-delete", args=[latest.pk]))
    assert response.status_code == 302
    assert response.url == agreement.get_absolute_url() + "#documents"
    assert list(Attachment.objects.values_list("version", flat=True)) == [1]
    assert AuditEvent.objects.for_object(latest, pk=latest.pk).filter(action="delete").exists()


def test_the_panel_offers_every_kind_and_type():
    """The include writes the kinds and accepted types out (it gets only the object)."""
    path = Path(__file__).resolve().parents[1] / "templates/core/includes/attachments.html"
    text = path.read_text()
    for kind in AttachmentKind.values:
        assert f'<option value="{kind}"' in text
    assert f'accept="{",".join(sorted(ALLOWED_TYPES))}"' in text

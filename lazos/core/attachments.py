"""Files attached to objects: type and size checked, versioned, audited."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from lazos.core import audit
from lazos.core.models import Attachment, TenantModel

if TYPE_CHECKING:
    from lazos.accounts.models import User

# Extension → (MIME type, the file's first bytes). Office formats are ZIP containers.
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (b"PK\x03\x04",),
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
    ".csv": ("text/csv", ()),
    ".txt": ("text/plain", ()),
}


def max_upload_bytes() -> int:
    return int(getattr(settings, "LAZOS_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def check_file(upload: UploadedFile) -> str:
    """Return the file's MIME type, or raise a ValidationError naming what is wrong."""
    name = upload.name or ""
    extension = Path(name).suffix.lower()
    if extension not in ALLOWED_TYPES:
        raise ValidationError(
            _("“%(name)s”: files of this type are not accepted. Accepted: %(types)s."),
            code="file_type",
            params={"name": name, "types": ", ".join(sorted(ALLOWED_TYPES))},
        )
    if upload.size is not None and upload.size > max_upload_bytes():
        size, limit = filesizeformat(upload.size), filesizeformat(max_upload_bytes())
        if size == limit:  # just over the limit: "1.0 MB; the limit is 1.0 MB" would puzzle
            size, limit = f"{upload.size:,} B", f"{max_upload_bytes():,} B"
        raise ValidationError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s."),
            code="file_size",
            params={"name": name, "size": size, "limit": limit},
        )
    mime, signatures = ALLOWED_TYPES[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if signatures and not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            _("“%(name)s” does not look like a %(ext)s file: its content does not match."),
            code="file_content",
            params={"name": name, "ext": extension},
        )
    if not signatures and b"\x00" in head:
        raise ValidationError(
            _("“%(name)s” is not a text file."), code="file_content", params={"name": name}
        )
    return mime


@transaction.atomic
def attach_file(
    target: TenantModel,
    *,
    acting_user: User | None,
    upload: UploadedFile,
    title: str = "",
    kind: str = "other",
    is_public: bool = False,
) -> Attachment:
    """Attach ``upload`` to ``target``; the same title again becomes the next version."""
    mime = check_file(upload)
    content_type = ContentType.objects.get_for_model(target)
    title = (title or Path(upload.name or "").stem or "document").strip()[:200]
    siblings = Attachment.objects.for_tenant(target.government_id).filter(
        content_type=content_type, object_id=target.pk, title=title
    )
    version = (siblings.aggregate(v=Max("version"))["v"] or 0) + 1
    attachment = Attachment(
        government_id=target.government_id,
        content_type=content_type,
        object_id=target.pk,
        title=title,
        kind=kind,
        original_name=Path(upload.name or "file").name[:255],
        size=upload.size or 0,
        mime_type=mime,
        version=version,
        is_public=is_public,
        uploaded_by=acting_user,
    )
    # Validate everything but the file before writing to storage, so a refused upload leaves
    # no file behind; if the database write fails afterwards, remove the stored file.
    attachment.full_clean(exclude=["file"], validate_constraints=False)
    _store(attachment, upload)
    try:
        with audit.recording(attachment, actor=acting_user, note=str(target)[:200]):
            attachment.full_clean()
            attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def _store(attachment: Attachment, upload: UploadedFile) -> None:
    """Write the file to storage under its random name. A write that fails halfway (a full
    disk, a storage that refuses) removes what it wrote and says so; nothing is kept."""
    storage = attachment.file.storage
    name = attachment.file.field.generate_filename(attachment, attachment.original_name)
    try:
        attachment.file = storage.save(name, upload, max_length=attachment.file.field.max_length)
    except OSError as error:
        storage.delete(name)  # the part written before the error, if any
        if error.errno == errno.ENOSPC:
            raise ValidationError(
                _(
                    "“%(name)s” could not be stored: the server has no space left for files. "
                    "Nothing was saved; please tell the people who run this site."
                ),
                code="storage_full",
                params={"name": attachment.original_name},
            ) from error
        raise ValidationError(
            _("“%(name)s” could not be stored (%(error)s). Nothing was saved."),
            code="storage_error",
            params={"name": attachment.original_name, "error": error.strerror or error},
        ) from error


def attachments_prefetch(lookup: str = "attachments") -> models.Prefetch[Any, Any, Any]:
    """Prefetch a model's ``GenericRelation`` to ``Attachment`` for the documents panel
    (``core/includes/attachments.html``): in panel order, with who uploaded each."""
    return models.Prefetch(
        lookup,
        queryset=Attachment.objects.select_related("uploaded_by").order_by("title", "-version"),
    )


@transaction.atomic
def delete_attachment(attachment: Attachment, *, acting_user: User | None) -> None:
    audit.record_deletion(attachment, actor=acting_user)
    attachment.delete()
    # The file itself stays in storage: audit history may refer to it.

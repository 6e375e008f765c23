"""Imports through the web: upload and preview, queue the apply job, read its progress.

The records an import writes go through the apps' services, audited with the channel
"import" (see :mod:`lazos.spreadsheets.importers`). The :class:`ImportRun` row is the import's
own record (status, counts, errors, progress) and is not audited. The job that applies an
import is :func:`lazos.spreadsheets.jobs.apply_import`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lazos.accounts.models import User
from lazos.core.attachments import max_upload_bytes
from lazos.core.permissions import Operation, policy_for
from lazos.core.progress import live_progress
from lazos.governments.models import Government
from lazos.spreadsheets.choices import ImportStatus
from lazos.spreadsheets.importers import NEW_RECORD, Preview, importer_for
from lazos.spreadsheets.jobs import apply_import
from lazos.spreadsheets.models import ImportRun
from lazos.spreadsheets.readers import read_bytes
from lazos.spreadsheets.runs import MAX_STORED_ERRORS, progress_cache_key

ACCEPTED_EXTENSIONS = (".csv", ".xlsx", ".txt")


def check_upload(upload: Any) -> bytes:
    """The uploaded file's bytes, or a ValidationError naming what is wrong."""
    name = getattr(upload, "name", "") or ""
    if Path(name).suffix.lower() not in ACCEPTED_EXTENSIONS:
        raise ValidationError(
            _("“%(name)s”: import a .csv or .xlsx file."), code="file_type", params={"name": name}
        )
    if upload.size is not None and upload.size > max_upload_bytes():
        raise ValidationError(
            _("“%(name)s” is too large for an import."), code="file_size", params={"name": name}
        )
    upload.seek(0)
    return bytes(upload.read())


def _record_preview(run: ImportRun, preview: Preview) -> None:
    counts = preview.counts
    run.to_create = counts["to_create"]
    run.to_update = counts["to_update"]
    run.unchanged = counts["unchanged"]
    run.error_count = counts["errors"]
    run.errors = [error.as_dict() for error in preview.errors[:MAX_STORED_ERRORS]]
    run.sample = preview.sample()
    run.ignored_columns = list(preview.ignored_headers)
    run.total = len(preview.sheet.rows)


@transaction.atomic
def preview_import(
    government: Government,
    *,
    acting_user: User | None,
    membership: Any,
    kind: str,
    upload: Any,
    blank_clears: bool = False,
) -> ImportRun:
    """Store the uploaded file and its preview (what applying it would do). Writes no record.

    The member needs the ADD permission on the kind of record; an editor's rows of other
    departments are reported as errors.
    """
    importer = importer_for(kind)
    if not policy_for(importer.model).allows(membership, Operation.ADD):
        raise PermissionDenied
    data = check_upload(upload)
    name = Path(getattr(upload, "name", "") or "import.csv").name
    sheet = read_bytes(data, name)
    preview = importer.plan(government, sheet, blank_clears=blank_clears, membership=membership)
    run = ImportRun(
        government=government,
        kind=kind,
        original_name=name[:255],
        uploaded_by=acting_user,
        blank_clears=blank_clears,
    )
    _record_preview(run, preview)
    run.file.save(name, ContentFile(data), save=False)
    run.save()
    return run


def record_choices(
    sample: list[dict[str, Any]], choices: Mapping[int, str]
) -> list[dict[str, Any]]:
    """The preview's sample with the person's choice on each row that matches existing
    records: "new" (create the record) or the id of one of the row's matches (use it).
    Refused, naming the rows, when a matched row has no choice or one that is not its match."""
    chosen: list[dict[str, Any]] = []
    missing: list[str] = []
    for row in sample:
        if not row.get("matches"):
            chosen.append(row)
            continue
        choice = str(choices.get(int(row["row"]), "")).strip()
        allowed = {str(match["id"]): int(match["id"]) for match in row["matches"]}
        if choice == NEW_RECORD:
            chosen.append({**row, "choice": NEW_RECORD})
        elif choice in allowed:
            chosen.append({**row, "choice": allowed[choice]})
        else:
            missing.append(str(row["row"]))
    if missing:
        raise ValidationError(
            _(
                "For each row that matches an existing partner, choose whether to use that "
                "partner or to create a new one (rows %(rows)s)."
            ),
            code="choose_matches",
            params={"rows": ", ".join(missing)},
        )
    return chosen


def queue_import(
    run: ImportRun, *, acting_user: User | None, choices: Mapping[int, str] | None = None
) -> ImportRun:
    """Queue the job that applies a previewed import without errors.

    With the embedded (immediate) backend the job runs at once; with a worker it runs in the
    background and the progress page follows it. ``choices``: row number → "new" or the id
    of an existing partner, for every row of the preview that matches existing partners
    (see :func:`record_choices`).
    """
    if not run.can_apply:
        raise ValidationError(
            _("Only a previewed import without errors can be applied."), code="not_applicable"
        )
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        if not locked.can_apply:
            raise ValidationError(
                _("Only a previewed import without errors can be applied."),
                code="not_applicable",
            )
        locked.sample = record_choices(locked.sample, choices or {})
        locked.status = ImportStatus.QUEUED
        locked.processed = 0
        locked.save(update_fields=["status", "processed", "sample", "updated_at"])
    result = apply_import.enqueue(run.pk, getattr(acting_user, "pk", None))
    ImportRun.objects.filter(pk=run.pk, task_id="").update(task_id=str(result.id)[:64])
    run.refresh_from_db()
    return run


def current_progress(run: ImportRun) -> tuple[int, int]:
    """(processed, total) of a running import: the live value when there is one."""
    if not run.is_active:
        return run.processed, run.total
    return live_progress(progress_cache_key(run.pk), (run.processed, run.total))

"""Imports through the web: upload and preview, queue the apply job, run it with progress.

The records an import writes go through the apps' services, audited with the channel
"import" (see :mod:`lazos.spreadsheets.importers`). The :class:`ImportRun` row is the import's
own record (status, counts, errors, progress) and is not audited.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.core.attachments import max_upload_bytes
from lazos.core.permissions import Operation, policy_for
from lazos.spreadsheets.choices import ImportStatus
from lazos.spreadsheets.importers import ImportRefused, Preview, apply, importer_for
from lazos.spreadsheets.models import ImportRun
from lazos.spreadsheets.readers import read_bytes, read_spreadsheet

logger = logging.getLogger(__name__)

ACCEPTED_EXTENSIONS = (".csv", ".xlsx", ".txt")
MAX_STORED_ERRORS = 1000


def progress_cache_key(run_id: int) -> str:
    return f"lazos:import-progress:{run_id}"


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
    government: Any,
    *,
    acting_user: Any,
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


def queue_import(run: ImportRun, *, acting_user: Any) -> ImportRun:
    """Queue the job that applies a previewed import without errors.

    With the embedded (immediate) backend the job runs at once; with a worker it runs in the
    background and the progress page follows it.
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
        locked.status = ImportStatus.QUEUED
        locked.processed = 0
        locked.save(update_fields=["status", "processed", "updated_at"])
    from lazos.spreadsheets.jobs import apply_import

    result = apply_import.enqueue(run.pk, getattr(acting_user, "pk", None))
    ImportRun.objects.filter(pk=run.pk, task_id="").update(task_id=str(result.id)[:64])
    run.refresh_from_db()
    return run


class ProgressReporter:
    """Tells how far an apply has gone while its transaction is still open.

    The rows written inside the transaction are invisible to other connections until it
    commits, so progress goes (1) to the cache, a shared store in production, and (2) on
    PostgreSQL, to the ImportRun row through a second connection outside the transaction.
    On SQLite (one writer at a time) only the cache is used.
    """

    def __init__(self, run: ImportRun) -> None:
        self.run = run
        self.side = None
        if connection.vendor != "sqlite":
            try:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            except Exception:  # pragma: no cover - progress is a convenience, never a failure
                logger.exception("No side connection for import progress")

    def __call__(self, processed: int, total: int) -> None:
        cache.set(progress_cache_key(self.run.pk), (processed, total), timeout=24 * 3600)
        if self.side is None:
            return
        table = self.side.ops.quote_name(ImportRun._meta.db_table)
        try:
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET processed = %s, total = %s WHERE id = %s",  # noqa: S608
                    [processed, total, self.run.pk],
                )
        except Exception:  # pragma: no cover - see above
            logger.exception("Could not record import progress")

    def close(self) -> None:
        cache.delete(progress_cache_key(self.run.pk))
        if self.side is not None:
            self.side.close()


def current_progress(run: ImportRun) -> tuple[int, int]:
    """(processed, total) of a running import: the live value when there is one."""
    live = cache.get(progress_cache_key(run.pk)) if run.is_active else None
    if live and live[0] >= run.processed:
        return int(live[0]), int(live[1])
    return run.processed, run.total


def run_import(run_id: int, user_id: int | None) -> str:
    """Apply a queued import (the body of the ``apply_import`` job). Returns its status."""
    from lazos.accounts.models import User
    from lazos.governments.models import Membership

    run = ImportRun.objects.select_related("government").get(pk=run_id)
    if run.status != ImportStatus.QUEUED:
        return str(run.status)
    run.status = ImportStatus.RUNNING
    run.save(update_fields=["status", "updated_at"])
    user = User.objects.filter(pk=user_id).first() if user_id else None
    membership = (
        Membership.objects.for_tenant(run.government)
        .filter(user_id=user_id)
        .prefetch_related("departments")
        .first()
        if user_id
        else None
    )
    reporter = ProgressReporter(run)
    try:
        if user_id and membership is None:
            raise PermissionDenied
        with run.file.open("rb") as handle:
            sheet = read_spreadsheet(handle, run.original_name)
        importer = importer_for(run.kind)
        preview = importer.plan(
            run.government, sheet, blank_clears=run.blank_clears, membership=membership
        )
        result = apply(preview, acting_user=user, progress=reporter)
    except ImportRefused as refused:
        run.status = ImportStatus.FAILED
        run.errors = [error.as_dict() for error in refused.row_errors[:MAX_STORED_ERRORS]]
        run.error_count = len(refused.row_errors)
    except PermissionDenied:
        run.status = ImportStatus.FAILED
        run.errors = [
            {"row": 0, "column": "", "message": str(_("You may no longer import these records."))}
        ]
        run.error_count = 1
    except Exception as error:
        logger.exception("Import %s failed", run.pk)
        run.status = ImportStatus.FAILED
        run.errors = [
            {
                "row": 0,
                "column": "",
                "message": str(_("The import failed: %(error)s") % {"error": error}),
            }
        ]
        run.error_count = 1
    else:
        run.status = ImportStatus.APPLIED
        run.to_create, run.to_update, run.unchanged = (
            result.created,
            result.updated,
            result.unchanged,
        )
        run.processed = run.total = result.created + result.updated + result.unchanged
    finally:
        reporter.close()
    run.finished_at = timezone.now()
    run.save()
    return str(run.status)

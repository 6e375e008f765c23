"""Background jobs of the spreadsheets app: applying a queued import."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.accounts.models import User
from lazos.core.jobs import job
from lazos.governments.models import Membership
from lazos.spreadsheets.choices import ImportStatus
from lazos.spreadsheets.importers import ImportRefused, apply, chosen_links, importer_for
from lazos.spreadsheets.models import ImportRun
from lazos.spreadsheets.readers import read_spreadsheet
from lazos.spreadsheets.runs import MAX_STORED_ERRORS, ProgressReporter, recording

logger = logging.getLogger(__name__)


@job
def apply_import(run_id: int, user_id: int | None) -> str:
    """Apply a queued import (large files run on the worker; progress on the import page).

    The records are audited with the channel "import" (the importer sets it inside the job).
    """
    return run_import(run_id, user_id)


def run_import(run_id: int, user_id: int | None) -> str:
    """Apply a queued import (the body of the ``apply_import`` job). Returns its status."""
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
            run.government,
            sheet,
            blank_clears=run.blank_clears,
            membership=membership,
            links=chosen_links(run.sample),
        )
        with recording(run):  # every audit event of the import names it (for its revert)
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

"""Background jobs of the IATI app: applying a previewed import.

The office's apply button queues :func:`apply_iati_import`; the import's page follows its
progress (activities written of total) and then shows its result. The whole import runs in
one transaction: a job that fails, or whose worker is killed, writes nothing, and the import
can be applied again (its page says why it failed).
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lazos.accounts.models import User
from lazos.core import audit, import_revert
from lazos.core.jobs import job
from lazos.core.permissions import Operation
from lazos.core.progress import ProgressReporter
from lazos.core.services import save_audited
from lazos.governments.models import Membership
from lazos.iati import services
from lazos.iati.choices import ImportStatus
from lazos.iati.models import IatiImport, ImportPolicy
from lazos.iati.reader import IatiFileError

logger = logging.getLogger(__name__)


def progress_cache_key(import_id: int) -> str:
    return f"lazos:iati-import-progress:{import_id}"


@job
def apply_iati_import(import_id: int, user_id: int | None) -> str:
    """Apply a queued IATI import (audited with the channel "import"). Returns its status."""
    return run_apply(import_id, user_id)


def _failure_messages(error: Exception) -> list[str]:
    if isinstance(error, IatiFileError):
        return [str(problem) for problem in error.problems]
    if isinstance(error, services.ImportRefused):
        return list(error.reasons)
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [_("The import stopped: %(error)s") % {"error": error}]


def run_apply(import_id: int, user_id: int | None) -> str:
    """The body of :func:`apply_iati_import`: write the file's activities, all or nothing."""
    run = IatiImport.objects.select_related("government").get(pk=import_id)
    if run.status != ImportStatus.QUEUED:
        return str(run.status)
    total = len(run.preview)
    IatiImport.objects.filter(pk=run.pk).update(
        status=ImportStatus.RUNNING,
        started_at=timezone.now(),
        updated_at=timezone.now(),
        progress_done=0,
        progress_total=total,
    )
    run.refresh_from_db()
    government = run.government
    user = User.objects.filter(pk=user_id).first() if user_id else None
    reporter = ProgressReporter(
        run,
        cache_key=progress_cache_key(run.pk),
        done_field="progress_done",
        total_field="progress_total",
    )
    reporter(0, total)
    try:
        if user_id is not None:
            membership = Membership.objects.for_tenant(government).filter(user_id=user_id).first()
            if user is None or not ImportPolicy().allows(membership, Operation.CHANGE):
                raise ValidationError(_("You may no longer apply IATI imports."))
        # One transaction for the whole file: nothing of it is written unless all of it is.
        # The progress goes outside it (the cache; on PostgreSQL a second connection), and
        # this transaction writes the import's own row only after the last progress report.
        # Every audit event of the import names it (what its revert reads).
        with transaction.atomic(), import_revert.recording_run(run):
            with run.file.open("rb") as source:
                plans = services.import_file(
                    government, source, acting_user=user, publish=run.publish, progress=reporter
                )
            done = timezone.now()
            values = {
                "status": ImportStatus.APPLIED,
                "applied_at": done,
                "finished_at": done,
                "failure": "",
                "preview": [plan.as_dict() for plan in plans],
                "progress_done": len(plans),
                "progress_total": len(plans),
            }
            save_audited(run, acting_user=user, fields=list(values), values=values)
    except Exception as error:
        if not isinstance(error, IatiFileError | services.ImportRefused | ValidationError):
            logger.exception("IATI import %s failed", run.pk)
        run.refresh_from_db()
        values = {
            "status": ImportStatus.FAILED,
            "failure": "\n".join(_failure_messages(error)[:50]),
            "finished_at": timezone.now(),
            "progress_done": 0,
        }
        with audit.channel(audit.Channel.IMPORT):
            save_audited(run, acting_user=user, fields=list(values), values=values)
    finally:
        reporter.close()
    return str(run.status)

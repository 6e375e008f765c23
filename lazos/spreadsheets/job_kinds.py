"""Spreadsheet imports on the government's Jobs page (see :mod:`lazos.core.jobs`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lazos.core.jobs import Job, JobKind, JobState, register_job_kind, started_from
from lazos.core.progress import started_at
from lazos.governments.models import Government
from lazos.spreadsheets.choices import ImportStatus
from lazos.spreadsheets.models import ImportRun
from lazos.spreadsheets.runs import progress_cache_key
from lazos.spreadsheets.services import current_progress

STATES: dict[str, str] = {
    ImportStatus.QUEUED: JobState.QUEUED,
    ImportStatus.RUNNING: JobState.RUNNING,
    ImportStatus.APPLIED: JobState.DONE,
    ImportStatus.FAILED: JobState.FAILED,
}


class SpreadsheetImportJobs(JobKind):
    slug = "spreadsheet-import"
    label = _("spreadsheet import")
    model = ImportRun
    poll_seconds = 1

    def queryset(self, government: Government) -> QuerySet[Any]:
        return (
            ImportRun.objects.for_tenant(government)
            .exclude(status=ImportStatus.PREVIEWED)
            .select_related("uploaded_by")
            .defer("sample")
            .order_by("-created_at", "-id")
        )

    def describe(self, obj: Any) -> Job:
        run: ImportRun = obj
        done, total = current_progress(run)
        state = STATES.get(run.status, JobState.DONE)
        if state == JobState.DONE:
            done = total
        errors = run.errors if state == JobState.FAILED else []
        return Job(
            kind=self,
            obj=run,
            title=str(run),
            started_by=run.uploaded_by,
            created_at=run.created_at,
            state=state,
            status_label=run.get_status_display(),
            done=done,
            total=total,
            started=started_from(started_at(progress_cache_key(run.pk)) if run.is_active else None),
            finished=run.finished_at,
            result_url=run.get_absolute_url(),
            result_label=_("See what was imported"),
            error="\n".join(str(error.get("message", "")) for error in errors[:20]),
            task_id=run.task_id,
        )


register_job_kind(SpreadsheetImportJobs())

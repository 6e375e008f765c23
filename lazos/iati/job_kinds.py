"""IATI imports on the government's Jobs page (see :mod:`lazos.core.jobs`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lazos.core.jobs import Job, JobKind, JobState, register_job_kind, started_from
from lazos.core.progress import live_progress
from lazos.governments.models import Government
from lazos.iati.choices import ImportStatus
from lazos.iati.jobs import progress_cache_key
from lazos.iati.models import IatiImport


class IatiImportJobs(JobKind):
    slug = "iati-import"
    label = _("IATI import")
    model = IatiImport

    def queryset(self, government: Government) -> QuerySet[Any]:
        return (
            IatiImport.objects.for_tenant(government)
            .exclude(status=ImportStatus.PREVIEWED)
            .select_related("uploaded_by")
            .defer("preview")
            .order_by("-created_at", "-id")
        )

    def describe(self, obj: Any) -> Job:
        run: IatiImport = obj
        total = run.progress_total or run.to_create + run.to_update
        done = run.progress_done
        if run.status == ImportStatus.APPLIED:
            state, done = JobState.DONE, total
        elif run.status == ImportStatus.FAILED or (
            run.status != ImportStatus.PREVIEWED and run.is_stale
        ):
            state = JobState.FAILED
        elif run.status == ImportStatus.RUNNING:
            state = JobState.RUNNING
            done, total = live_progress(progress_cache_key(run.pk), (done, total))
        elif run.status == ImportStatus.QUEUED:
            state = JobState.QUEUED
        else:
            state = JobState.DONE
        failure = run.failure or (
            str(_("The import stopped without finishing (its worker ended); nothing was written."))
            if state == JobState.FAILED
            else ""
        )
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
            started=started_from(None, run.started_at),
            finished=run.finished_at,
            result_url=run.get_absolute_url(),
            result_label=_("See what was imported"),
            error=failure if state == JobState.FAILED else "",
        )


register_job_kind(IatiImportJobs())

"""Reports on the government's Jobs page (see :mod:`lazos.core.jobs`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lazos.core.jobs import Job, JobKind, JobState, register_job_kind, started_from
from lazos.core.progress import live_entry
from lazos.governments.models import Government
from lazos.reports.choices import ReportStatus
from lazos.reports.exports import progress_cache_key as export_progress_key
from lazos.reports.models import ListExport, Report
from lazos.reports.services import REPORT_STEPS, progress_cache_key

STATES: dict[str, str] = {
    ReportStatus.QUEUED: JobState.QUEUED,
    ReportStatus.RUNNING: JobState.RUNNING,
    ReportStatus.READY: JobState.DONE,
    ReportStatus.FAILED: JobState.FAILED,
}


class ReportJobs(JobKind):
    slug = "report"
    label = _("report")
    model = Report

    def queryset(self, government: Government) -> QuerySet[Any]:
        return (
            Report.objects.for_tenant(government)
            .select_related("requested_by")
            .defer("body_html")
            .order_by("-created_at", "-id")
        )

    def describe(self, obj: Any) -> Job:
        report: Report = obj
        state = STATES.get(report.status, JobState.DONE)
        done, started = (REPORT_STEPS, None) if state == JobState.DONE else (0, None)
        if state == JobState.RUNNING:
            live = live_entry(progress_cache_key(report.pk))
            if live:
                done, started = live[0], live[2]
        return Job(
            kind=self,
            obj=report,
            title=f"{report.title} (v{report.version})",
            started_by=report.requested_by,
            created_at=report.created_at,
            state=state,
            status_label=report.get_status_display(),
            done=done,
            total=REPORT_STEPS,
            started=started_from(started),
            finished=report.generated_at,
            result_url=reverse("reports:report-pdf", args=[report.pk]) if report.pdf_file else "",
            result_label=_("Download PDF"),
            error=report.error if state == JobState.FAILED else "",
            task_id=report.task_id,
        )


class ListExportJobs(JobKind):
    slug = "list-export"
    label = _("list export")
    model = ListExport

    def queryset(self, government: Government) -> QuerySet[Any]:
        return (
            ListExport.objects.for_tenant(government)
            .select_related("requested_by")
            .order_by("-created_at", "-id")
        )

    def describe(self, obj: Any) -> Job:
        export: ListExport = obj
        state = STATES.get(export.status, JobState.DONE)
        done, total, started = (export.row_count, export.row_count, None)
        if state != JobState.DONE:
            done = 0
        if state == JobState.RUNNING:
            live = live_entry(export_progress_key(export.pk))
            if live:
                done, total, started = live
        return Job(
            kind=self,
            obj=export,
            title=str(export),
            started_by=export.requested_by,
            created_at=export.created_at,
            state=state,
            status_label=export.get_status_display(),
            done=done,
            total=total,
            started=started_from(started),
            finished=export.generated_at,
            result_url=reverse("reports:export-file", args=[export.pk]) if export.file else "",
            result_label=_("Download the file"),
            error=export.error if state == JobState.FAILED else "",
            task_id=export.task_id,
        )


register_job_kind(ReportJobs())
register_job_kind(ListExportJobs())

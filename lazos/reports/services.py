"""Requesting and producing reports. Views call :func:`request_report`; the background job
calls :func:`run_report`."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lazos.core import audit
from lazos.core.events import notify
from lazos.core.progress import ProgressReporter
from lazos.governments.models import Government
from lazos.reports.builders import build_annual, build_handover
from lazos.reports.choices import ReportKind, ReportStatus
from lazos.reports.events import FINISHED
from lazos.reports.jobs import generate_report
from lazos.reports.models import Report
from lazos.reports.rendering import render_report

if TYPE_CHECKING:
    from lazos.accounts.models import User

logger = logging.getLogger(__name__)

MAX_ERROR_LENGTH = 2000
# A report's job reports its steps: the content gathered, the HTML and PDF written, stored.
REPORT_STEPS = 3


def progress_cache_key(report_id: int) -> str:
    return f"lazos:report-progress:{report_id}"


def report_language(government: Government) -> str:
    """The language a report is written in: the government's first official language when
    the interface offers it, else the instance's default. A dossier is an institutional
    document: every version reads the same whoever asked for it."""
    available = {code for code, _name in settings.LANGUAGES}
    for code in government.official_languages or []:
        base = str(code).split("-")[0].lower()
        if base in available:
            return base
    return str(settings.LANGUAGE_CODE).split("-")[0]


def report_title(government: Government, kind: str, year: int | None) -> str:
    if kind == ReportKind.HANDOVER:
        return gettext("Handover dossier — %(government)s") % {"government": government.name}
    return gettext("International action in %(year)s — %(government)s") % {
        "year": year,
        "government": government.name,
    }


@transaction.atomic
def request_report(
    government: Government, *, acting_user: User | None, kind: str, year: int | None = None
) -> Report:
    """Record a new version of a report (queued) and queue the job that produces it once the
    transaction commits."""
    if kind not in ReportKind.values:
        raise ValidationError(_("Unknown kind of report."), code="invalid_kind")
    if kind == ReportKind.HANDOVER:
        year = None
    elif year is None:
        raise ValidationError({"year": _("Choose the year the annual report covers.")})
    # One writer at a time per government, so two requests never take the same version.
    Government.objects.select_for_update().filter(pk=government.pk).first()
    latest = (
        Report.objects.for_tenant(government)
        .filter(kind=kind, year=year)
        .aggregate(latest=Max("version"))["latest"]
    )
    language = report_language(government)
    with translation.override(language):
        title = report_title(government, kind, year)
    report = Report(
        government=government,
        kind=kind,
        year=year,
        version=(latest or 0) + 1,
        status=ReportStatus.QUEUED,
        title=title,
        language=language,
        requested_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    with audit.recording(report, actor=acting_user):
        report.full_clean()
        report.save()
    transaction.on_commit(lambda: enqueue_report(report.pk))
    return report


def enqueue_report(report_id: int) -> str:
    """Queue the job (with the embedded backend it runs at once) and remember its id."""

    result = generate_report.enqueue(report_id)
    Report.objects.filter(pk=report_id, task_id="").update(task_id=str(result.id)[:64])
    return str(result.id)


def _set(report: Report, **values: Any) -> None:
    with transaction.atomic(), audit.recording(report, actor=None) as change:
        for name, value in values.items():
            setattr(report, name, value)
        report.save()
        change.extra = {
            "html_file": report.html_file.name or None,
            "pdf_file": report.pdf_file.name or None,
        }


def run_report(report_id: int) -> str:
    """Produce a queued report (the body of the ``generate_report`` job)."""

    report = Report.objects.select_related("government", "requested_by").get(pk=report_id)
    if report.status != ReportStatus.QUEUED:
        return str(report.status)
    _set(report, status=ReportStatus.RUNNING, error="")
    progress = ProgressReporter(None, cache_key=progress_cache_key(report.pk))
    progress(0, REPORT_STEPS)
    try:
        with translation.override(report.language or report_language(report.government)):
            if report.kind == ReportKind.HANDOVER:
                content: Any = build_handover(report.government, report.language)
            else:
                content = build_annual(report.government, int(report.year or 0), report.language)
            progress(1, REPORT_STEPS)
            rendered = render_report(report, content)
            progress(2, REPORT_STEPS)
        report.generated_at = timezone.now()
        report.html_file.save(
            report.download_name("html"), ContentFile(rendered.html.encode("utf-8")), save=False
        )
        report.pdf_file.save(report.download_name("pdf"), ContentFile(rendered.pdf), save=False)
        progress(3, REPORT_STEPS)
    except Exception as error:
        logger.exception("Report %s failed", report.pk)
        message = f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH]
        report.refresh_from_db()
        _set(report, status=ReportStatus.FAILED, error=message)
    else:
        _set(
            report,
            status=ReportStatus.READY,
            body_html=rendered.body,
        )
    finally:
        progress.close()
    finished = FINISHED.get(ReportStatus(report.status))
    if finished is not None:
        notify(finished.code, report, actor=None, government=report.government)
    return str(report.status)

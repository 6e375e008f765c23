"""Background jobs of the reports app."""

from __future__ import annotations

from lazos.core.jobs import job


@job
def generate_report(report_id: int) -> str:
    """Build a queued report's HTML and PDF and store them (changes audited as "job").

    Returns the report's final status: "ready", or "failed" with the error on the report.
    """
    from lazos.reports.services import run_report

    return run_report(report_id)

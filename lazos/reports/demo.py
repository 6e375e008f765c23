"""The demo's reports: a handover dossier and last year's annual report for each government.

Runs last, after every other demo step, so the reports describe the whole demo register
(strategy, agreements, actions, networks, results, evaluations). Requested through the service
by the demo coordinator: with the default backend (``TASKS_BACKEND=database``) they are queued
when the demo's transaction commits and the worker produces them (``make run`` starts it right
after ``lazos demo``; tests/jobs/test_worker.py proves it); with the immediate backend (the
test suite) they are produced at that commit. Idempotent: nothing is
requested when the government already has reports. Deterministic: the year is the one before
the current year, like the annual report form's default.
"""

from __future__ import annotations

from lazos.accounts.models import User
from lazos.demo.kit import DemoReport, demo_step, today
from lazos.governments.models import Government
from lazos.reports.choices import ReportKind
from lazos.reports.models import Report
from lazos.reports.services import request_report

DEMO_REQUESTER = "coordinator"


@demo_step(order=100)
def load_reports(government: Government, report: DemoReport) -> None:
    if Report.objects.for_tenant(government).exists():
        return
    requester = User.objects.filter(
        username=DEMO_REQUESTER, memberships__government=government
    ).first()
    dossier = request_report(government, acting_user=requester, kind=ReportKind.HANDOVER)
    report.add(f"report {dossier.title} (v{dossier.version}) for {government.slug}")
    year = today().year - 1
    annual = request_report(government, acting_user=requester, kind=ReportKind.ANNUAL, year=year)
    report.add(f"report {annual.title} (v{annual.version}) for {government.slug}")

"""Builders of reports (registered for the generic tests)."""

from __future__ import annotations

import factory

from lazos.core.testing.builders import GovernmentFactory, register_builder
from lazos.governments.models import Government
from lazos.reports.choices import ReportKind, ReportStatus
from lazos.reports.models import ListExport, Report


class ReportFactory(factory.django.DjangoModelFactory[Report]):
    """A report row (no files: tests that need them run the job)."""

    class Meta:
        model = Report

    government = factory.SubFactory(GovernmentFactory)
    kind = ReportKind.HANDOVER
    version = factory.Sequence(lambda n: n + 1)
    status = ReportStatus.QUEUED
    title = factory.Sequence(lambda n: f"Handover dossier {n}")
    language = "en"


@register_builder(Report)
def _build_report(government: Government) -> Report:
    return ReportFactory.create(government=government, title="Secret dossier")


@register_builder(ListExport)
def _build_list_export(government: Government) -> ListExport:
    return ListExport.objects.create(
        government=government, title="Secret partners", path="/partners/", fmt="csv"
    )

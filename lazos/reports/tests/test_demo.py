"""The demo step requests a handover dossier and last year's annual report, once."""

from __future__ import annotations

import pytest

from lazos.demo.kit import DemoReport
from lazos.governments.models import Government
from lazos.reports.demo import load_reports
from lazos.reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("slug", ["villa-esperanza", "rio-claro-do-sul"])
def test_the_demo_reports_are_produced_in_the_governments_language(
    slug, django_capture_on_commit_callbacks, loaded_demo
):
    government = Government.objects.get(slug=slug)
    Report.objects.for_tenant(government).delete()  # whatever the registered steps made
    with django_capture_on_commit_callbacks(execute=True):
        load_reports(government, DemoReport())
    reports = list(Report.objects.for_tenant(government).order_by("kind"))
    assert [
        (r.kind, r.status, r.requested_by.username if r.requested_by else None) for r in reports
    ] == [
        ("annual", "ready", "coordinator"),
        ("handover", "ready", "coordinator"),
    ]
    assert {r.language for r in reports} == {government.official_languages[0]}
    load_reports(government, DemoReport())  # a second run requests nothing
    assert Report.objects.for_tenant(government).count() == 2

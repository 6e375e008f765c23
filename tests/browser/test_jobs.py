"""The Jobs pages in a browser: no WCAG violation, and a running job's bar moves by itself
(htmx polling) until the job ends and shows its result, without a reload."""

from __future__ import annotations

from typing import Any

import pytest

from lazos.core.progress import ProgressReporter
from lazos.core.testing.builders import GovernmentFactory, MembershipFactory, UserFactory
from lazos.spreadsheets.choices import ImportStatus
from lazos.spreadsheets.models import ImportRun
from lazos.spreadsheets.runs import progress_cache_key
from lazos.spreadsheets.tests.factories import ImportRunFactory
from tests.browser.support import sign_in, wcag_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Like the other browser tests, this module is collected without playwright (and skips).
expect = pytest.importorskip("playwright.sync_api").expect


def _running_import() -> Any:
    government = GovernmentFactory.create(name="Busy City", slug="busy")
    user = UserFactory.create(username="jobs", password="a-long-passphrase-1")
    MembershipFactory.create(government=government, user=user, role="coordinator")
    return ImportRunFactory.create(
        government=government,
        status=ImportStatus.RUNNING,
        original_name="twin-cities.xlsx",
        uploaded_by=user,
        total=40,
    )


def test_the_jobs_pages_follow_a_running_job(live_server, browser_page):
    run = _running_import()
    reporter = ProgressReporter(None, cache_key=progress_cache_key(run.pk))
    reporter(10, 40)
    page = browser_page
    sign_in(page, live_server.url, "jobs", "a-long-passphrase-1")
    page.goto(f"{live_server.url}/jobs/")
    assert page.get_by_role("link", name="twin-cities.xlsx (actions)").count() == 1
    assert wcag_violations(page) == []
    page.get_by_role("link", name="twin-cities.xlsx (actions)").click()
    bar = page.get_by_label("Items done")
    assert bar.get_attribute("value") == "10"
    assert wcag_violations(page) == []

    reporter(30, 40)
    expect(page.locator("#job-progress-bar")).to_have_attribute("value", "30", timeout=10_000)
    reporter.close()
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.APPLIED, processed=40)
    page.get_by_role("link", name="See what was imported").wait_for(timeout=10_000)
    assert page.get_by_label("Items done").get_attribute("value") == "40"
    page.reload()  # the page after a reload is the same
    assert page.get_by_label("Items done").get_attribute("value") == "40"
    assert page.failed_responses == []

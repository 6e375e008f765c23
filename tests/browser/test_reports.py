"""Reports in a real browser: a coordinator asks for a handover dossier, reads it inside the
application and downloads its PDF; the pages pass axe-core (WCAG 2.1 AA), break no CSP rule
and fit a phone screen."""

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from lazos.core.testing.builders import GovernmentFactory, MembershipFactory, UserFactory
from tests.browser.support import wcag_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-1"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _world() -> Any:
    from lazos.reports.tests.data import populate

    government = GovernmentFactory.create(
        name="Reporting City", slug="reporting", official_languages=["en"]
    )
    user = UserFactory.create(username="coord", password=PASSWORD)
    MembershipFactory.create(government=government, user=user, role="coordinator")
    populate(government, 2)
    return government


def sign_in(page: Any, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("coord")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/dashboard/")


def _request_both(page: Any, base: str) -> list[str]:
    """Ask for a handover dossier and an annual report; the paths of their pages."""
    page.goto(f"{base}/reports/")
    page.get_by_role("link", name="New handover dossier").click()
    # The suite runs jobs inline: the request answers once the PDF is made (seconds on a
    # loaded machine), so the click waits longer than the page's default.
    page.get_by_role("button", name="Generate").click(timeout=60_000)
    page.get_by_role("heading", level=2, name="3. Agreements in force").wait_for()
    dossier = page.url
    page.goto(f"{base}/reports/new/annual/")
    page.get_by_label("Year covered").select_option(str(timezone.localdate().year - 1))
    page.get_by_role("button", name="Generate").click(timeout=60_000)
    page.get_by_role("heading", level=2, name="2. By strategy objective").wait_for()
    return [dossier.removeprefix(base), page.url.removeprefix(base)]


def test_request_read_and_download_a_handover_dossier(live_server, browser_page):
    _world()
    page = browser_page
    sign_in(page, live_server.url)
    dossier, _annual = _request_both(page, live_server.url)
    page.goto(f"{live_server.url}{dossier}")
    assert page.get_by_role("heading", level=3, name="Twinning 0 with Porto").is_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF").click()
    download = info.value
    assert download.suggested_filename.startswith("handover-dossier-reporting-v1-")
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    page.goto(f"{live_server.url}/reports/")
    assert page.locator(".status--ready").count() == 2
    assert page.csp_violations == []
    assert page.failed_responses == []


def test_report_pages_have_no_wcag_violations(live_server, browser_page):
    _world()
    page = browser_page
    sign_in(page, live_server.url)
    paths = ["/reports/", "/reports/new/handover/", "/reports/new/annual/"]
    paths += _request_both(page, live_server.url)
    found = {}
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        found[path] = wcag_violations(page)
    assert {path: v for path, v in found.items() if v} == {}
    assert page.csp_violations == []


@pytest.mark.browser_context(viewport={"width": 360, "height": 740}, is_mobile=True)
def test_report_pages_fit_a_phone_screen(live_server, browser_page):
    _world()
    page = browser_page
    sign_in(page, live_server.url)
    paths = ["/reports/", *_request_both(page, live_server.url)]
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        culprits = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .filter(e => !e.closest('.menu'))
                .slice(0, 8).map(e => e.tagName + '.' + e.className + ':' + Math.round(e.getBoundingClientRect().right))"""
        )
        assert overflow <= 0, f"{path} is {overflow}px wider than a phone screen: {culprits}"

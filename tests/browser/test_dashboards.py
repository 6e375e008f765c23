"""Dashboards in a real browser: axe-core finds no serious or critical violation on any tab,
every drawn chart has its data table, the strict CSP holds, and the pages fit a phone."""

from pathlib import Path
from typing import Any

import pytest

from lazos.core.testing.builders import (
    DepartmentFactory,
    GovernmentFactory,
    MembershipFactory,
    UserFactory,
)
from tests.browser.support import wcag_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABS = ["/dashboards/", "/dashboards/budget/", "/dashboards/agreements/", "/dashboards/results/"]
MAP = "/dashboards/map/"


def _world() -> Any:
    from lazos.dashboards.tests.factories import populate
    from lazos.partners.tests.factories import make_city

    place = make_city(geonameid=3530597, name="Mexico City", country="MX")
    place.latitude, place.longitude = 19.42847, -99.12766
    place.save()
    government = GovernmentFactory.create(
        name="Chart City", slug="charts", is_demo=True, country="MX", place=place
    )
    department = DepartmentFactory.create(government=government, name="Culture")
    user = UserFactory.create(username="charts", password="a-long-passphrase-1")
    MembershipFactory.create(government=government, user=user, role="viewer")
    populate(government, 4)
    populate(government, 2, department=department, prefix="Culture ")
    return government


def sign_in(page: Any, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("charts")
    page.get_by_label("Password").fill("a-long-passphrase-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/dashboard/")


def test_dashboards_are_accessible_and_have_data_tables(live_server, browser_page):
    _world()
    page = browser_page
    sign_in(page, live_server.url)
    found = {}
    for path in TABS:
        page.goto(f"{live_server.url}{path}")
        drawn = page.locator("figure.chart:has(svg[role='img'])")
        assert drawn.count() >= 2, f"{path}: charts without data"
        for index in range(drawn.count()):
            figure = drawn.nth(index)
            assert figure.locator("table caption").count() == 1, path
            assert figure.locator("tbody th[scope='row']").count() >= 1, path
        # open the tables so axe checks them as people see them
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        found[path] = wcag_violations(page)
    page.goto(f"{live_server.url}{MAP}")
    assert page.locator("svg.map__svg circle.map__point").count() >= 6
    assert page.locator("svg.map__svg path.map__line").count() >= 6
    assert page.locator("figure.map table tbody tr").count() == 6
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    found[MAP] = wcag_violations(page)
    assert {path: v for path, v in found.items() if v} == {}
    assert page.csp_violations == []
    assert page.failed_responses == []


def test_filters_and_csv_download(live_server, browser_page):
    _world()
    page = browser_page
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/dashboards/")
    page.get_by_label("Department").select_option(label="Culture")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**department=*")
    figure = page.locator("figure#actions-by-modality")
    figure.locator("summary").click()
    totals = figure.locator("tbody tr td:last-child").all_inner_texts()  # the Total column
    assert sum(int(t) for t in totals) == 2
    with page.expect_download() as download:
        figure.get_by_role("link", name="Download").click()
    content = Path(download.value.path()).read_text()
    assert content.startswith("Year,")


@pytest.mark.browser_context(viewport={"width": 320, "height": 640}, is_mobile=True)
def test_dashboards_fit_a_phone_screen(live_server, browser_page):
    _world()
    page = browser_page
    sign_in(page, live_server.url)
    for path in [*TABS, MAP]:
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        culprits = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .filter(e => !e.closest('.table-wrap, .menu__panel'))
                .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id)"""
        )
        assert overflow <= 0, f"{path} is {overflow}px wider than a phone screen: {culprits}"

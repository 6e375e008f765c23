"""Acceptance of the results framework in a real browser: an indicator update goes from a
coordinator to an administrator and back, its History tells the whole path, and the
objective's progress chart shows the approved value."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from lazos.core.testing.builders import (
    DepartmentFactory,
    GovernmentFactory,
    MembershipFactory,
    UserFactory,
)
from lazos.results.models import IndicatorUpdate
from tests.browser.support import sign_in, wcag_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _switch_user(page: Any, base: str, username: str, password: str) -> None:
    page.context.clear_cookies()
    sign_in(page, base, username, password)


def test_update_is_returned_resubmitted_approved_and_reaches_the_objective_chart(
    live_server, browser_page, tmp_path, settings
):
    from lazos.results.models import Indicator, IndicatorPeriod
    from lazos.strategy.models import Objective, Strategy

    settings.MEDIA_ROOT = tmp_path / "media"
    government = GovernmentFactory.create(name="Villa Resultados", slug="villa-resultados")
    DepartmentFactory.create(government=government, name="International Relations")
    coordinator = UserFactory.create(username="carmen", password="coordinator-passphrase-1")
    MembershipFactory.create(government=government, user=coordinator, role="coordinator")
    admin = UserFactory.create(username="ana", password="administrator-passphrase-1")
    MembershipFactory.create(government=government, user=admin, role="administrator")
    strategy = Strategy.objects.create(
        government=government, title="International strategy", start_year=2024, end_year=2030
    )
    objective = Objective.objects.create(
        government=government, strategy=strategy, code="3", title="Youth without borders"
    )
    indicator = Indicator.objects.create(
        government=government,
        objective=objective,
        title="Young people in exchanges",
        unit="people",
        baseline_value=Decimal(10),
        disaggregations=["sex"],
    )
    period = IndicatorPeriod.objects.create(
        government=government,
        indicator=indicator,
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        target_value=Decimal(100),
    )
    evidence = tmp_path / "attendance.pdf"
    evidence.write_bytes(PDF)
    page = browser_page
    base = live_server.url

    # 1. The coordinator records the value with its evidence and submits it.
    sign_in(page, base, "carmen", "coordinator-passphrase-1")
    page.goto(f"{base}/results/{indicator.pk}/")
    page.get_by_role("link", name="Record a value 2025").click()
    page.get_by_label("Value:", exact=True).fill("48")
    page.get_by_label("Narrative:").fill("Two exchanges with Rosario.")
    page.get_by_label("female (sex):").fill("30")
    page.get_by_label("male (sex):", exact=True).fill("18")
    page.get_by_label("Evidence:").set_input_files(str(evidence))
    page.get_by_role("button", name="Save and submit for review").click()
    page.wait_for_url(f"{base}/results/updates/*/")
    update = IndicatorUpdate.objects.get(period=period)
    assert update.status == "submitted"
    assert update.evidence_name == "attendance.pdf"
    assert "submitted" in page.locator(".lead").inner_text()
    # A coordinator does not review what they reported.
    assert page.get_by_role("button", name="Approve").count() == 0

    # 2. The administrator returns it from the review queue, with a reason.
    _switch_user(page, base, "ana", "administrator-passphrase-1")
    page.goto(f"{base}/results/review/")
    page.get_by_role("link", name="Review Young people in exchanges").click()
    page.get_by_role("button", name="Return with this reason").click()
    assert "Say why the update is returned." in page.locator(".form").inner_text()
    page.get_by_label("Reason for returning:").fill("The list of Rosario is missing.")
    page.get_by_role("button", name="Return with this reason").click()
    page.wait_for_url(f"{base}/results/updates/{update.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="attendance.pdf").click()
    assert download.value.suggested_filename == "attendance.pdf"

    # 3. The coordinator corrects it and submits it again.
    _switch_user(page, base, "carmen", "coordinator-passphrase-1")
    page.goto(f"{base}/results/updates/{update.pk}/")
    assert "The list of Rosario is missing." in page.get_by_role("note").inner_text()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Value:", exact=True).fill("52")
    page.get_by_label("female (sex):").fill("32")
    page.get_by_label("male (sex):", exact=True).fill("20")
    page.get_by_role("button", name="Save and submit again").click()
    page.wait_for_url(f"{base}/results/updates/{update.pk}/")

    # 4. The administrator approves it from the update's page.
    _switch_user(page, base, "ana", "administrator-passphrase-1")
    page.goto(f"{base}/results/updates/{update.pk}/")
    page.get_by_role("button", name="Approve").click()
    page.wait_for_url(f"{base}/results/updates/{update.pk}/")
    assert "approved" in page.locator(".lead").inner_text()

    # 5. The History tab shows the whole path, with who did each step.
    page.get_by_role("navigation", name="Sections of this page").get_by_role(
        "link", name="History"
    ).click()
    events = [
        item.inner_text() for item in page.locator("ol.events > li.event").all()
    ]  # newest first
    expected = [
        ("ana", "Approved"),
        ("carmen", "Submitted again for review"),
        ("carmen", "Edited"),
        ("ana", "Returned: The list of Rosario is missing."),
        ("carmen", "Submitted for review"),
        ("carmen", "Recorded as a draft"),
    ]
    assert len(events) == len(expected), events
    for text, (who, note) in zip(events, expected, strict=True):
        assert who in text, text
        assert note in text, text

    # 6. The objective's progress chart (on the objective's page) shows the approved value.
    page.goto(f"{base}/strategy/objectives/{objective.pk}/")
    figure = page.locator("figure.chart", has_text="Young people in exchanges")
    figure.locator("summary").click()
    row = figure.locator("tbody tr", has_text="2025")
    cells = [cell.inner_text() for cell in row.locator("td").all()]
    assert cells == ["100", "52"], cells  # target, actual
    assert page.csp_violations == []
    assert page.failed_responses == []


def _results_world() -> tuple[dict[str, int], str]:
    """An objective indicator with a contributing action indicator, a qualitative one, and
    an update awaiting review; returns the ids for the pages and a password."""
    from lazos.results import services
    from lazos.results.tests.factories import (
        make_action,
        make_indicator,
        make_objective,
        make_period,
    )

    government = GovernmentFactory.create(name="Accessible results", slug="accessible-results")
    department = DepartmentFactory.create(government=government, name="Culture")
    admin = UserFactory.create(username="a11y", password="a-long-passphrase-1")
    MembershipFactory.create(government=government, user=admin, role="administrator")
    editor = UserFactory.create(username="ed")
    MembershipFactory.create(government=government, user=editor, role="editor")
    objective = make_objective(government, title="Youth without borders")
    indicator = make_indicator(
        government,
        objective=objective,
        title="Young people in exchanges",
        rollup_rule="sum",
        department=department,
        disaggregations=["sex", "district"],
    )
    period = make_period(indicator, 2025)
    services.revise_target(period, acting_user=admin, new_value=120, reason="New partner.")
    action = make_action(government, title="Exchange with Rosario")
    contributor = make_indicator(government, action=action, contributes_to=indicator)
    their = make_period(contributor, 2025)
    approved = services.record_indicator_update(their, acting_user=editor, value=30)
    services.submit_update(approved, acting_user=editor)
    services.approve_update(approved, acting_user=admin)
    own = make_period(make_indicator(government, objective=objective, title="Own"), 2025)
    pending = services.record_indicator_update(
        own, acting_user=editor, value=12, narrative="Counted at the door."
    )
    services.submit_update(pending, acting_user=editor)
    make_indicator(
        government, objective=objective, title="Gender", measure="qualitative", rubric="low\nhigh"
    )
    ids = {
        "objective": objective.pk,
        "indicator": indicator.pk,
        "period": period.pk,
        "action": action.pk,
        "update": pending.pk,
    }
    return ids, "a-long-passphrase-1"


RESULTS_PAGES = [
    "/results/",
    "/results/?update_due=true",
    "/results/review/",
    "/results/new/?objective={objective}",
    "/results/{indicator}/",
    "/results/{indicator}/history/",
    "/results/{indicator}/periods/add/",
    "/results/periods/{period}/revise/",
    "/results/periods/{period}/updates/new/",
    "/results/updates/{update}/",
    "/results/updates/{update}/review/",
    "/results/updates/{update}/history/",
    "/actions/{action}/",
    "/strategy/objectives/{objective}/",
]


def test_results_pages_have_no_wcag_violations(live_server, browser_page):
    ids, password = _results_world()
    page = browser_page
    sign_in(page, live_server.url, "a11y", password)
    found = {}
    for path in RESULTS_PAGES:
        url = path.format(**ids)
        page.goto(f"{live_server.url}{url}")
        found[url] = wcag_violations(page)
    assert {url: v for url, v in found.items() if v} == {}
    assert page.failed_responses == []
    assert page.csp_violations == []


@pytest.mark.browser_context(viewport={"width": 375, "height": 740}, is_mobile=True)
def test_results_pages_fit_a_phone_screen(live_server, browser_page):
    ids, password = _results_world()
    page = browser_page
    sign_in(page, live_server.url, "a11y", password)
    for path in RESULTS_PAGES:
        url = path.format(**ids)
        page.goto(f"{live_server.url}{url}")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        culprits = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .filter(e => !e.closest('details:not([open]) > div'))
                .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id)"""
        )
        assert overflow <= 0, f"{url} is {overflow}px wider than a phone screen: {culprits}"

"""Evaluations and relationship health in a real browser: a coordinator evaluates an action,
rates the six criteria, responds to a recommendation and records a relationship review; the
pages pass axe-core (WCAG 2.1 AA) and fit a phone screen."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from lazos.core.testing.builders import (
    DepartmentFactory,
    GovernmentFactory,
    MembershipFactory,
    UserFactory,
)
from tests.browser.support import wcag_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-1"


def sign_in(page: Any, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("coord")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/dashboard/")


def _world() -> dict[str, Any]:
    from lazos.actions.tests.factories import ActionFactory
    from lazos.agreements.tests.factories import AgreementFactory, make_partner
    from lazos.evaluations.tests.factories import EvaluationFactory, RecommendationFactory

    government = GovernmentFactory.create(name="Evaluating City", slug="evaluating")
    department = DepartmentFactory.create(government=government, name="Culture")
    user = UserFactory.create(username="coord", password=PASSWORD)
    MembershipFactory.create(government=government, user=user, role="coordinator")
    partner = make_partner(government, "Rosario")
    agreement = AgreementFactory.create(
        government=government, title="Twinning with Rosario", status="in_force", partners=[partner]
    )
    today = timezone.localdate()
    action = ActionFactory.create(
        government=government,
        title="Youth music exchange",
        agreement=agreement,
        status="completed",
        start_date=today - timedelta(days=200),
        end_date=today - timedelta(days=20),
        lead_department=department,
    )
    action.partners.set([partner])
    evaluation = EvaluationFactory.create(
        government=government, action=action, title="Earlier evaluation"
    )
    RecommendationFactory.create(
        evaluation=evaluation,
        response="accepted",
        planned_action="Publish a report",
        due_date=today - timedelta(days=5),
    )
    return {
        "action": action,
        "agreement": agreement,
        "partner": partner,
        "evaluation": evaluation,
    }


def test_evaluate_an_action_and_review_a_relationship(live_server, browser_page):
    objects = _world()
    page = browser_page
    base = live_server.url
    sign_in(page, base)
    page.goto(f"{base}/evaluations/new/?action={objects['action'].pk}")
    page.get_by_label("Title").fill("Final evaluation of the exchange")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/criteria/")
    relevance = page.locator("fieldset", has_text="Relevance")
    relevance.get_by_label("Rating").select_option("4")
    relevance.get_by_label("Assessment").fill("Answers the plan's culture priority.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/evaluations/*/")
    assert page.get_by_text("4 of 4 · highly satisfactory").is_visible()
    page.get_by_role("link", name="Add a recommendation").click()
    page.get_by_label("Recommendation").fill("Invite the music schools earlier.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record the response").click()
    page.get_by_label("Decision").select_option("rejected")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Give the reasons for rejecting the recommendation.").is_visible()
    page.locator("#id_response_text").fill("The schools were already invited.")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("rejected: no follow-up").is_visible()

    page.goto(f"{base}/relationships/agreements/{objects['agreement'].pk}/")
    assert page.get_by_text("1 action in the last 12 months").is_visible()
    page.get_by_label("Decision").select_option("renew")
    page.get_by_label("Reasons").fill("Active and valued by the schools.")
    page.get_by_role("button", name="Record the review").click()
    assert page.get_by_text("Active and valued by the schools.").is_visible()
    assert page.csp_violations == []
    assert page.failed_responses == []


def test_pages_have_no_wcag_violations(live_server, browser_page):
    objects = _world()
    page = browser_page
    sign_in(page, live_server.url)
    paths = [
        "/evaluations/",
        f"/evaluations/{objects['evaluation'].pk}/",
        f"/evaluations/{objects['evaluation'].pk}/criteria/",
        f"/evaluations/new/?action={objects['action'].pk}",
        "/evaluations/recommendations/",
        "/relationships/",
        f"/relationships/agreements/{objects['agreement'].pk}/",
        f"/relationships/partners/{objects['partner'].pk}/",
    ]
    found = {}
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        found[path] = wcag_violations(page)
    assert {path: v for path, v in found.items() if v} == {}
    assert page.failed_responses == []


@pytest.mark.browser_context(viewport={"width": 320, "height": 640}, is_mobile=True)
def test_pages_fit_a_phone_screen(live_server, browser_page):
    objects = _world()
    page = browser_page
    sign_in(page, live_server.url)
    for path in [
        "/evaluations/",
        f"/evaluations/{objects['evaluation'].pk}/",
        f"/evaluations/{objects['evaluation'].pk}/criteria/",
        "/evaluations/recommendations/",
        "/relationships/",
        f"/relationships/agreements/{objects['agreement'].pk}/",
    ]:
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        culprits = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .filter(e => !e.closest('.menu'))
                .slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + ':' + Math.round(e.getBoundingClientRect().right))"""
        )
        assert overflow <= 0, f"{path} is {overflow}px wider than a phone screen: {culprits}"

"""WCAG 2.1 AA checks with axe-core on the main pages, and layout on a phone."""

from typing import Any

import pytest

from lazos.core.testing.builders import (
    DepartmentFactory,
    GovernmentFactory,
    MembershipFactory,
    UserFactory,
)
from tests.browser.support import sign_in, wcag_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world() -> Any:
    government = GovernmentFactory.create(name="Accessible City", slug="accessible", is_demo=True)
    department = DepartmentFactory.create(government=government, name="Culture")
    admin = UserFactory.create(username="a11y", password="a-long-passphrase-1")
    MembershipFactory.create(government=government, user=admin, role="administrator")
    return department


def _register(department: Any) -> dict[str, int]:
    """One object of each kind of the register, for the pages below."""
    from lazos.actions.tests.factories import ActionFactory, CommitmentFactory
    from lazos.actors.tests.factories import LocalActorFactory
    from lazos.agreements.tests.factories import AgreementFactory
    from lazos.networks.tests.factories import NetworkFactory
    from lazos.partners.tests.factories import PartnerFactory

    government = department.government
    partner = PartnerFactory.create(government=government, name="Ville de Lyon")
    agreement = AgreementFactory.create(
        government=government, partners=[partner], lead_department=department
    )
    action = ActionFactory.create(
        government=government, modality="mission", lead_department=department, agreement=agreement
    )
    action.partners.set([partner])
    commitment = CommitmentFactory.create(government=government, action=action)
    return {
        "partner": partner.pk,
        "agreement": agreement.pk,
        "action": action.pk,
        "commitment": commitment.pk,
        "network": NetworkFactory.create(government=government).pk,
        "actor": LocalActorFactory.create(government=government).pk,
        **_peer_network(department),
    }


def _peer_network(department: Any) -> dict[str, int]:
    """A practice and a community question, for the pages of the peer network."""
    from lazos.community.tests.factories import QuestionFactory
    from lazos.practices.tests.factories import make_practice

    government = department.government
    practice = make_practice(government, published=True, themes=("waste",), targets=("12.5",))
    question = QuestionFactory.create(government=government)
    return {"practice": practice.pk, "question": question.pk}


PAGES = [
    "/dashboard/",
    "/departments/",
    "/departments/{pk}/",
    "/departments/{pk}/edit/",
    "/departments/{pk}/history/",
    "/members/",
    "/members/add/",
    "/government/",
    "/government/edit/",
    "/activity/",
    "/accounts/profile/",
    "/reference/sdg/",
    "/partners/",
    "/partners/{partner}/",
    "/partners/new/",
    "/agreements/",
    "/agreements/{agreement}/",
    "/agreements/new/",
    "/actions/",
    "/actions/{action}/",
    "/actions/new/",
    "/actions/{action}/mission/",
    "/commitments/",
    "/commitments/overdue/",
    "/commitments/{commitment}/",
    "/networks/",
    "/networks/{network}/",
    "/local-actors/",
    "/local-actors/{actor}/",
    "/calendar/",
    "/calendar/?view=list",
    "/calendar/feed/",
    "/search/?q=lyon",
    "/spreadsheets/imports/",
    "/spreadsheets/import/",
    "/practices/",
    "/practices/new/",
    "/practices/{practice}/",
    "/practices/library/?q=residuos",
    "/practices/library/{practice}/",
    "/practices/transfers/",
    "/peers/",
    "/peers/action/{action}/",
    "/peers/challenge/?q=gesti%C3%B3n+de+residuos",
    "/directory/",
    "/networks/positions/",
    "/networks/positions/new/",
    "/community/",
    "/community/ask/",
    "/community/questions/{question}/",
    "/community/experts/",
    "/community/profile/",
    "/community/notifications/",
    "/solidarity/",
    "/solidarity/declare/",
]


def test_main_pages_have_no_wcag_violations(live_server, browser_page):
    department = _world()
    ids = _register(department)
    page = browser_page
    page.goto(f"{live_server.url}/")
    found = {"/": wcag_violations(page)}
    page.goto(f"{live_server.url}/accounts/login/")
    found["/accounts/login/"] = wcag_violations(page)
    sign_in(page, live_server.url, "a11y", "a-long-passphrase-1")
    for path in PAGES:
        url = path.format(pk=department.pk, **ids)
        page.goto(f"{live_server.url}{url}")
        found[url] = wcag_violations(page)
    assert {url: v for url, v in found.items() if v} == {}
    assert page.failed_responses == []


@pytest.mark.browser_context(viewport={"width": 320, "height": 640}, is_mobile=True)
def test_pages_fit_a_phone_screen(live_server, browser_page):
    department = _world()
    page = browser_page
    sign_in(page, live_server.url, "a11y", "a-long-passphrase-1")
    ids = _register(department)
    for path in [
        "/dashboard/",
        "/departments/",
        f"/departments/{department.pk}/",
        "/activity/",
        "/partners/",
        f"/partners/{ids['partner']}/",
        f"/agreements/{ids['agreement']}/",
        "/actions/",
        f"/actions/{ids['action']}/",
        "/actions/new/",
        "/calendar/",
        f"/practices/library/{ids['practice']}/",
        f"/peers/action/{ids['action']}/",
        f"/community/questions/{ids['question']}/",
        "/solidarity/",
    ]:
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        culprits = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
                .filter(e => !e.closest('.table-wrap'))
                .filter(e => !e.closest('details:not([open]) > :not(summary)'))
                .slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + '@' + Math.round(e.getBoundingClientRect().left) + '-' + Math.round(e.getBoundingClientRect().right) + ':' + (e.textContent || '').trim().slice(0, 40))"""
        )
        assert overflow <= 0, f"{path} is {overflow}px wider than a phone screen: {culprits}"


def test_the_checker_does_report_a_violation(live_server, browser_page):
    """Guard against a silently broken checker: an unlabelled field must be reported."""
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')"
    )
    assert any(v.startswith("label ") for v in wcag_violations(page))

"""WCAG 2.1 AA (axe-core) on the agreement pages, and the detail page on a phone."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from lazos.agreements.tests.factories import (
    AgreementFactory,
    SignatoryFactory,
    TransitionFactory,
    attachment_row,
    make_partner,
)
from lazos.core.testing.builders import (
    DepartmentFactory,
    GovernmentFactory,
    MembershipFactory,
    UserFactory,
)
from tests.browser.conftest import browser_page  # noqa: F401 - the fixture
from tests.browser.support import sign_in, wcag_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _agreement() -> Any:
    government = GovernmentFactory.create(name="Accessible City", slug="accessible-agr")
    department = DepartmentFactory.create(government=government, name="Culture")
    admin = UserFactory.create(username="a11y-agr", password="a-long-passphrase-1")
    MembershipFactory.create(government=government, user=admin, role="administrator")
    today = timezone.localdate()
    agreement = AgreementFactory.create(
        government=government,
        title="Twinning with Porto",
        status="in_force",
        lead_department=department,
        in_force_from=today - timedelta(days=800),
        valid_until=today + timedelta(days=40),
        notice_period_days=60,
        partners=[
            make_partner(government, "Porto"),
            make_partner(government, "Lyon", country="FR"),
        ],
    )
    SignatoryFactory.create(agreement=agreement)
    TransitionFactory.create(agreement=agreement, on=today - timedelta(days=900), actor=admin)
    attachment_row(agreement).save()
    attachment_row(agreement, version=2).save()
    return agreement


def test_agreement_pages_have_no_wcag_violations(live_server, browser_page):  # noqa: F811
    agreement = _agreement()
    page = browser_page
    sign_in(page, live_server.url, "a11y-agr", "a-long-passphrase-1")
    found = {}
    for path in [
        "/agreements/",
        "/agreements/?dormant=yes&expiring_within=90",
        "/agreements/new/",
        f"/agreements/{agreement.pk}/",
        f"/agreements/{agreement.pk}/edit/",
        f"/agreements/{agreement.pk}/status/",
        f"/agreements/{agreement.pk}/history/",
        f"/agreements/{agreement.pk}/signatories/add/",
    ]:
        page.goto(f"{live_server.url}{path}")
        found[path] = wcag_violations(page)
    assert {path: v for path, v in found.items() if v} == {}


@pytest.mark.browser_context(viewport={"width": 360, "height": 740}, is_mobile=True)
def test_the_agreement_pages_fit_a_phone_screen(live_server, browser_page):  # noqa: F811
    agreement = _agreement()
    page = browser_page
    sign_in(page, live_server.url, "a11y-agr", "a-long-passphrase-1")
    for path in [f"/agreements/{agreement.pk}/", "/agreements/new/"]:
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow}px wider than a phone screen"

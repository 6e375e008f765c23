"""The home page on a phone (320 px): what needs the member now, section by section, each item
a link to where it is done, with no WCAG 2.1 AA violation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lazos.actions.tests.factories import CommitmentFactory
from lazos.agreements.choices import AgreementStatus
from lazos.agreements.tests.factories import AgreementFactory
from lazos.core.testing.builders import GovernmentFactory, MembershipFactory, UserFactory
from tests.browser.support import sign_in, wcag_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser_context(viewport={"width": 320, "height": 640}, is_mobile=True),
]

PASSWORD = "a-long-passphrase-1"


def test_the_home_page_lists_what_needs_me_with_links_and_no_violation(live_server, browser_page):
    today = timezone.localdate()
    government = GovernmentFactory.create(name="Ciudad Hogar", slug="hogar")
    user = UserFactory.create(username="home-coordinator", password=PASSWORD)
    MembershipFactory.create(government=government, user=user, role="coordinator")
    agreement = AgreementFactory.create(
        government=government,
        title="Water and sanitation agreement with Porto Alegre",
        status=AgreementStatus.IN_FORCE,
        valid_until=today + timedelta(days=20),
        notice_period_days=30,
    )
    commitment = CommitmentFactory.create(
        government=government,
        title="Send the steering committee minutes",
        due_date=today - timedelta(days=4),
    )

    page = browser_page
    sign_in(page, live_server.url, "home-coordinator", PASSWORD)

    deadlines = page.locator("#home-agreement-deadlines")
    assert deadlines.get_by_role("heading", name="Agreement deadlines").is_visible()
    link = deadlines.get_by_role("link", name=agreement.title)
    assert link.get_attribute("href") == agreement.get_absolute_url()
    assert "passed 10 days ago" in deadlines.inner_text()

    commitments = page.locator("#home-commitments")
    link = commitments.get_by_role("link", name=commitment.title)
    assert link.get_attribute("href") == commitment.get_absolute_url()
    assert "passed 4 days ago" in commitments.inner_text()

    # An empty section says what to do next.
    assert page.locator("#home-missions").get_by_role("link", name="Plan an action").is_visible()

    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow} px wider than the screen"
    assert wcag_violations(page) == []

    link.click()
    page.wait_for_url(f"{live_server.url}{commitment.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text().startswith(commitment.title)

"""The reminders inbox, its preferences and the open-data page in a real browser: axe-core
finds no serious or critical violation, the strict CSP holds, nothing overflows a phone."""

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


def _world() -> Any:
    from lazos.actions.models import Commitment
    from lazos.actions.tests.factories import ActionFactory
    from lazos.agreements.tests.factories import AgreementFactory

    government = GovernmentFactory.create(name="Reminder City", slug="reminder-city")
    department = DepartmentFactory.create(government=government, name="Culture")
    user = UserFactory.create(username="remind", password="a-long-passphrase-1")
    MembershipFactory.create(government=government, user=user, role="coordinator")
    today = timezone.localdate()
    AgreementFactory.create(
        government=government,
        title="Twinning with Porto",
        status="in_force",
        valid_until=today + timedelta(days=40),
        notice_period_days=90,
        lead_department=department,
    )
    action = ActionFactory.create(
        government=government,
        title="Waste cooperation",
        is_public=True,
        public_summary="Recycling together with Porto.",
    )
    Commitment.objects.create(
        government=government,
        title="Send the technical report",
        action=action,
        due_date=today - timedelta(days=3),
    )
    return government


def sign_in(page: Any, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("remind")
    page.get_by_label("Password").fill("a-long-passphrase-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/dashboard/")


def _fits_a_phone(page: Any) -> bool:
    page.set_viewport_size({"width": 375, "height": 800})
    fits = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    return bool(fits)


def test_inbox_and_preferences(browser_page: Any, live_server: Any) -> None:
    _world()
    page, base = browser_page, live_server.url
    sign_in(page, base)
    page.goto(f"{base}/inbox/")
    assert page.get_by_role("heading", name="Reminders", level=1).is_visible()
    assert page.get_by_role("link", name="Twinning with Porto").is_visible()
    assert page.get_by_role("link", name="Send the technical report").is_visible()
    assert wcag_violations(page) == []
    assert _fits_a_phone(page)
    page.get_by_role("link", name="Choose your reminders").click()
    page.wait_for_url(f"{base}/inbox/preferences/")
    assert wcag_violations(page) == []
    page.get_by_label("Overdue commitments").uncheck()
    page.get_by_label("Send me a daily email digest").uncheck()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{base}/inbox/")
    assert page.get_by_text("The daily email digest is off.").is_visible()
    assert page.get_by_role("link", name="Send the technical report").count() == 0
    assert page.csp_violations == []


def test_open_data_page(browser_page: Any, live_server: Any) -> None:
    _world()
    page, base = browser_page, live_server.url
    page.goto(f"{base}/reminder-city/open-data/")
    assert page.get_by_role("heading", name="Open data of Reminder City").is_visible()
    assert page.get_by_role("link", name="Data package (zip)").is_visible()
    assert wcag_violations(page) == []
    assert _fits_a_phone(page)
    page.locator("summary", has_text="Columns of Actions").click()
    assert page.get_by_role("rowheader", name="public_summary").is_visible()
    assert page.csp_violations == []

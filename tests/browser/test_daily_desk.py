"""Acceptance of the daily desk (issue 14) in a real browser, on a phone: an editor's
indicator update is returned by the coordinator; the editor, who reads Lazos in Portuguese,
finds the notification on the home page and in the inbox and has the email in Portuguese,
corrects the update and submits it again; the coordinator's home page then lists the
resubmission for review. Home page and inbox have no WCAG 2.1 AA violation at 320 px."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from lazos.core.testing.builders import (
    DepartmentFactory,
    GovernmentFactory,
    MembershipFactory,
    UserFactory,
)
from lazos.governments.models import Membership
from lazos.results import services as results
from lazos.results.choices import UpdateStatus
from lazos.results.models import IndicatorUpdate
from lazos.results.tests.factories import make_indicator, make_period
from tests.browser.support import sign_in, wcag_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser_context(viewport={"width": 320, "height": 640}, is_mobile=True),
]

PASSWORD = "a-long-passphrase-1"


def in_portuguese(text: str) -> str:
    with translation.override("pt"):
        return gettext(text)


def test_a_returned_update_reaches_its_author_and_comes_back_for_review(live_server, browser_page):
    government = GovernmentFactory.create(name="Rio Claro do Norte", slug="rio-claro-norte")
    department = DepartmentFactory.create(government=government, name="Juventude")
    coordinator = UserFactory.create(username="carmen", password=PASSWORD)
    MembershipFactory.create(government=government, user=coordinator, role="coordinator")
    editor = UserFactory.create(
        username="joana", password=PASSWORD, email="joana@example.org", preferred_language="pt"
    )
    membership = MembershipFactory.create(government=government, user=editor, role="editor")
    Membership.objects.get(pk=membership.pk).departments.add(department)
    indicator = make_indicator(
        government, title="Jovens em intercâmbios", unit="pessoas", department=department
    )
    period = make_period(indicator, 2025, target_value=Decimal(100))
    update = results.record_indicator_update(
        period, acting_user=editor, value=Decimal(48), narrative="Dois intercâmbios com Rosário."
    )
    results.submit_update(update, acting_user=editor)
    mail.outbox.clear()

    page = browser_page
    base = live_server.url

    # 1. The coordinator returns the update from the review queue, with a reason.
    sign_in(page, base, "carmen", PASSWORD)
    page.goto(f"{base}/results/review/")
    page.get_by_role("link", name=f"Review {indicator.title}").click()
    page.get_by_label("Reason for returning:").fill("Falta a lista de Rosário.")
    page.get_by_role("button", name="Return with this reason").click()
    page.wait_for_url(f"{base}/results/updates/{update.pk}/")
    update.refresh_from_db()
    assert update.status == UpdateStatus.RETURNED

    # 2. The editor is emailed at once, in Portuguese.
    [email] = [message for message in mail.outbox if editor.email in message.to]
    assert in_portuguese("Your indicator update was returned") in email.subject
    assert in_portuguese("Your indicator update was returned") != (
        "Your indicator update was returned"
    )
    assert indicator.title in email.body

    # 3. The editor signs in (the interface turns Portuguese) and finds it on the home page…
    page.context.clear_cookies()
    sign_in(page, base, "joana", PASSWORD)
    assert page.locator("html").get_attribute("lang") == "pt"
    notifications = page.locator("#home-notifications")
    assert notifications.get_by_role("heading", name=in_portuguese("New notifications")).count()
    link = notifications.get_by_role("link", name=indicator.title)
    assert link.get_attribute("href") == update.get_absolute_url()
    returned = page.locator("#home-updates-returned")
    assert returned.get_by_role("link", name=indicator.title).is_visible()
    assert wcag_violations(page) == []

    # … and in the inbox, unread, with its link.
    page.goto(f"{base}/inbox/")
    inbox = page.get_by_role("main")
    assert in_portuguese("Your indicator update was returned") in inbox.inner_text()
    assert inbox.get_by_role("link", name=indicator.title).first.get_attribute("href") == (
        update.get_absolute_url()
    )
    assert wcag_violations(page) == []

    # 4. The editor reads the reason, corrects the value and submits it again.
    inbox.get_by_role("link", name=indicator.title).first.click()
    page.wait_for_url(f"{base}{update.get_absolute_url()}")
    assert "Falta a lista de Rosário." in page.get_by_role("note").inner_text()
    page.get_by_role("link", name=in_portuguese("Edit"), exact=True).click()
    page.get_by_label(f"{in_portuguese('Value')}:", exact=True).fill("52")
    page.get_by_role("button", name=in_portuguese("Save and submit again")).click()
    page.wait_for_url(f"{base}{update.get_absolute_url()}")
    update.refresh_from_db()
    assert (update.status, update.value) == (UpdateStatus.SUBMITTED, Decimal(52))

    # 5. The coordinator's home page lists the resubmission for review.
    page.context.clear_cookies()
    sign_in(page, base, "carmen", PASSWORD)
    to_review = page.locator("#home-updates-to-review")
    assert to_review.get_by_role("link", name=indicator.title).get_attribute("href") == (
        update.get_absolute_url()
    )
    assert IndicatorUpdate.objects.filter(period=period).count() == 1

"""A resident visits a government's public portal in Portuguese, contributes to a
consultation (confirming by the emailed link), and sees the office's response."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.browser.support import wcag_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser_context(locale="pt-BR"),
]


def test_resident_contributes_and_sees_the_response(live_server, browser_page):
    from lazos.consultations.models import Contribution
    from lazos.core.testing.builders import MembershipFactory, UserFactory
    from lazos.portal.tests.world import build_portal_world

    world = build_portal_world("rio-claro-do-sul", languages=["pt"])
    coordinator = UserFactory.create(username="coord", password="a-long-passphrase-1")
    MembershipFactory.create(government=world.government, user=coordinator, role="coordinator")
    page = browser_page
    base = f"{live_server.url}/rio-claro-do-sul"

    # The government's home, in Portuguese, with the partner map.
    page.goto(f"{base}/")
    assert page.locator("html").get_attribute("lang") == "pt"
    assert page.locator("figure.map svg").count() == 1
    assert page.get_by_role("heading", level=1).inner_text().endswith("Rio Claro")
    assert wcag_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})

    # An action with its results (a public indicator and its approved value).
    page.get_by_role("link", name="Intercâmbio de mobilidade urbana").first.click()
    page.wait_for_url(f"{base}/actions/{world.public_action.pk}/")
    results = page.locator("table.results-table")
    assert "Técnicos capacitados" in results.inner_text()
    assert "35" in results.inner_text()
    assert wcag_violations(page) == []

    # Contribute to the open consultation.
    page.goto(f"{base}/consultations/")
    assert wcag_violations(page) == []
    page.get_by_role("link", name="Nova parceria com Rosário?").click()
    detail_url = f"{base}/consultations/{world.open_consultation.pk}/"
    page.wait_for_url(detail_url)
    page.locator("textarea[name=text]").fill("Precisamos de mais ciclovias no centro.")
    page.locator("input[name=display_name]").fill("Beatriz")
    page.locator("input[name=email]").fill("beatriz@example.org")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(detail_url)
    assert page.locator(".messages").count() == 1
    assert wcag_violations(page) == []

    # Confirm through the link sent by email.
    message = mail.outbox[-1]
    assert message.to == ["beatriz@example.org"]
    match = re.search(r"https?://\S+/verify/\S+", str(message.body))
    assert match is not None
    link = match[0]
    page.goto(link)
    assert page.get_by_role("heading", level=1).count() == 1
    contribution = Contribution.objects.get(display_name="Beatriz")
    assert contribution.status == "pending"

    # The coordinator approves it and publishes the response (in another browser context).
    office = page.context.browser.new_context(locale="en-GB")
    staff = office.new_page()
    staff.goto(f"{live_server.url}/accounts/login/")
    staff.locator("input[name=username]").fill("coord")
    staff.locator("input[name=password]").fill("a-long-passphrase-1")
    staff.get_by_role("button", name="Sign in").click()
    staff.wait_for_url(f"{live_server.url}/dashboard/")
    staff.goto(f"{live_server.url}/consultations/{world.open_consultation.pk}/")
    item = staff.locator("article.contribution", has_text="Precisamos de mais ciclovias")
    item.locator("input[value=approve]").check()
    item.get_by_role("button", name="Save the decision").click()
    staff.wait_for_url(re.compile(r".*/consultations/\d+/"))
    staff.get_by_role("link", name="Publish the response").click()
    staff.locator("textarea[name=response]").fill(
        "Vocês pediram ciclovias: o acordo inclui um projeto de ciclovias com Rosário."
    )
    staff.get_by_role("button", name="Publish the response").click()
    staff.wait_for_url(f"{live_server.url}/consultations/{world.open_consultation.pk}/")
    office.close()

    # The resident sees the response and the published contribution.
    page.goto(detail_url)
    response = page.locator("#response")
    assert "o acordo inclui um projeto de ciclovias" in response.inner_text()
    assert "Precisamos de mais ciclovias no centro." in page.locator("main").inner_text()
    assert "beatriz@example.org" not in page.content()
    assert wcag_violations(page) == []
    assert page.csp_violations == []

"""Issue 7 part 5 in a real browser: a flood, a need, an offer from a partner city, the match,
the delivery and the closing, with WCAG checks on every page of the board."""

from __future__ import annotations

from typing import Any

import pytest

from lazos.core.testing.builders import GovernmentFactory, MembershipFactory, UserFactory
from lazos.partners.tests.factories import PartnerFactory
from tests.browser.support import sign_in, wcag_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-1"


def _switch_user(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, base, username, PASSWORD)


def test_help_goes_from_a_need_to_emergency_aid_in_both_registers(live_server, browser_page):
    affected = GovernmentFactory.create(
        name="Ciudad Ribera", slug="ribera", country="AR", official_languages=["es"]
    )
    helper = GovernmentFactory.create(name="Ville Amie", slug="amie", country="FR")
    PartnerFactory.create(government=helper, name="Ciudad Ribera", country="AR")
    for username, government in (("ribera", affected), ("amie", helper)):
        user = UserFactory.create(username=username, password=PASSWORD)
        MembershipFactory.create(government=government, user=user, role="coordinator")
    page = browser_page
    base = live_server.url
    found: dict[str, list[str]] = {}

    # The affected city declares the flood and posts what it needs.
    sign_in(page, base, "ribera", PASSWORD)
    page.goto(f"{base}/solidarity/")
    found["board"] = wcag_violations(page)
    page.get_by_role("link", name="Declare an emergency").click()
    found["declare"] = wcag_violations(page)
    page.get_by_label("Title:").fill("Inundaciones en la Ribera")
    page.get_by_label("Hazard:").select_option("flood")
    page.get_by_label("Situation:").fill("El río desbordó; 2.000 familias evacuadas.")
    page.get_by_label("Contact person:").fill("Defensa Civil")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{base}/solidarity/*/")
    emergency_url = page.url
    page.get_by_role("link", name="Post a need").click()
    found["need"] = wcag_violations(page)
    page.get_by_label("What is needed:").select_option("technical_team")
    page.get_by_label("Details:").fill("Ingenieros para evaluar puentes")
    page.get_by_label("Quantity:").fill("2 ingenieros")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{emergency_url}#need-*")
    found["emergency (affected)"] = wcag_violations(page)

    # The partner city sees it on its board and offers a team.
    _switch_user(page, base, "amie")
    page.goto(f"{base}/solidarity/")
    card = page.locator(".emergency-card", has_text="Inundaciones en la Ribera")
    assert "partners" in card.inner_text()
    card.get_by_role("link", name="Offer help").click()
    found["offer"] = wcag_violations(page)
    page.get_by_label("What we offer:").fill("Deux ingénieurs en structures, trois semaines")
    page.get_by_role("button", name="Send the offer").click()
    page.wait_for_url(f"{emergency_url}#need-*")
    found["emergency (helper)"] = wcag_violations(page)

    # The affected city accepts: the match.
    _switch_user(page, base, "ribera")
    page.goto(emergency_url)
    page.get_by_role("button", name="Accept Ville Amie").click()
    page.wait_for_url(f"{emergency_url}#need-*")
    assert "Offer accepted" in page.content()
    # Recorded in the affected city's register, in its language.
    page.get_by_role("link", name="Respuesta a: Inundaciones en la Ribera").click()
    assert "Ville Amie" in page.content()

    # The partner city delivers; its emergency-aid action is completed.
    _switch_user(page, base, "amie")
    page.goto(emergency_url)
    page.get_by_role("button", name="Mark as delivered").click()
    page.wait_for_url(f"{emergency_url}#need-*")
    page.get_by_role("link", name="Our emergency-aid action").click()
    assert "Ciudad Ribera" in page.content()
    assert "completed" in page.content().lower()

    # The affected city marks the need met and closes the emergency.
    _switch_user(page, base, "ribera")
    page.goto(emergency_url)
    page.get_by_role("button", name="Mark as met").click()
    page.wait_for_url(f"{emergency_url}#need-*")
    assert "Need marked as met." in page.content()
    page.get_by_role("link", name="Close the emergency").click()
    found["close"] = wcag_violations(page)
    page.get_by_label("Closing note:").fill("Las familias volvieron a sus casas.")
    page.get_by_role("button", name="Close the emergency").click()
    page.wait_for_url(emergency_url)
    assert "Las familias volvieron a sus casas." in page.content()
    page.goto(f"{base}/solidarity/?status=closed")
    assert "Inundaciones en la Ribera" in page.locator("#closed-title + *").inner_text()
    found["board (closed)"] = wcag_violations(page)

    assert {name: v for name, v in found.items() if v} == {}
    assert page.failed_responses == []
    assert page.csp_violations == []


@pytest.mark.browser_context(viewport={"width": 320, "height": 640}, is_mobile=True)
def test_the_board_fits_a_phone_screen(live_server, browser_page):
    from lazos.solidarity.tests.factories import EmergencyFactory, NeedFactory

    government = GovernmentFactory.create(name="Ciudad Ribera", slug="ribera", country="AR")
    user = UserFactory.create(username="ribera", password=PASSWORD)
    MembershipFactory.create(government=government, user=user, role="coordinator")
    emergency = EmergencyFactory.create(
        government=government, contact_email="defensa.civil.municipal@ribera.example.org"
    )
    NeedFactory.create(emergency=emergency, quantity="2 ingenieros, 3 semanas")
    page = browser_page
    sign_in(page, live_server.url, "ribera", PASSWORD)
    for path in ("/solidarity/", f"/solidarity/{emergency.pk}/"):
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow}px wider than a phone screen"

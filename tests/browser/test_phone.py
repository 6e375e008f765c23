"""On a phone (320 px wide), in each of the four languages: the staff header folds behind a
Menu button, and register lists turn into cards whose every value is labelled with its column,
with nothing wider than the screen and no WCAG 2.1 AA violation."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from lazos.actions.tests.factories import ActionFactory
from lazos.core.testing.builders import (
    DepartmentFactory,
    GovernmentFactory,
    MembershipFactory,
    UserFactory,
)
from lazos.partners.tests.factories import PartnerFactory
from tests.browser.support import wcag_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser_context(viewport={"width": 320, "height": 640}, is_mobile=True),
]

WIDTH, HEIGHT = 320, 640


def _office(language: str) -> None:
    government = GovernmentFactory.create(name="Ciudad Móvil", slug="movil")
    department = DepartmentFactory.create(government=government, name="Cooperación")
    user = UserFactory.create(username=f"phone-{language}", password="a-long-passphrase-1")
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    MembershipFactory.create(government=government, user=user, role="coordinator")
    partner = PartnerFactory.create(government=government, name="Prefeitura de São Paulo")
    action = ActionFactory.create(
        government=government,
        title="Intercambio técnico sobre gestión del agua y saneamiento en barrios periféricos",
        lead_department=department,
    )
    action.partners.add(partner)


def _overflow(page: Any) -> int:
    return int(
        page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    )


@pytest.mark.parametrize("language", ["es", "en", "fr", "pt"])
def test_the_header_folds_and_lists_become_cards(live_server, browser_page, language):
    _office(language)
    with translation.override(language):
        menu = translation.gettext("Menu")
        actions = translation.gettext("Actions")
        status = translation.gettext("Status")
        partners = translation.gettext("Partners")
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(f"phone-{language}")
    page.locator("#id_password").fill("a-long-passphrase-1")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")

    # Folded: the header is a line (the name and the Menu button), not most of the screen.
    toggle = page.get_by_role("button", name=menu, exact=True)
    assert toggle.get_attribute("aria-expanded") == "false"
    header = page.locator(".site-header").bounding_box()
    assert header is not None
    assert header["height"] < HEIGHT * 0.2, header
    assert not page.locator("#main-nav").is_visible()
    assert not page.get_by_role("search").is_visible()

    # Opened with the keyboard: the navigation, the search and the person's menu come back.
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("search").is_visible()
    page.locator("#main-nav").get_by_role("link", name=actions, exact=True).click()
    page.wait_for_url(f"{live_server.url}/actions/")
    assert _overflow(page) <= 0

    # The list is a card per row: the title first, each other value under its column's name.
    row = page.locator("table.cards tbody tr").first
    box = row.bounding_box()
    assert box is not None
    assert box["width"] <= WIDTH, box
    title = row.locator("td:not(.bulk-cell)").first
    assert "Intercambio técnico" in title.inner_text()
    assert title.evaluate("cell => getComputedStyle(cell, '::before').content") == "none"
    labels = row.locator("td[data-label]").evaluate_all("cells => cells.map(c => c.dataset.label)")
    assert status in labels, labels
    assert partners in labels, labels
    partner_cell = row.locator(f'td[data-label="{partners}"]')
    assert "São Paulo" in partner_cell.inner_text()
    assert page.get_by_role("columnheader", name=status).count() == 1
    assert wcag_violations(page) == []
    assert page.csp_violations == []

"""Key journeys in a real browser."""

import pytest
from django.utils import translation

from lazos.core.testing.builders import (
    DepartmentFactory,
    GovernmentFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _word(language: str, text: str) -> str:
    with translation.override(language):
        return str(translation.gettext(text))


def test_sign_in_switch_to_portuguese_and_see_the_translated_home(live_server, browser_page):
    government = GovernmentFactory.create(name="Município de Teste", slug="teste", country="BR")
    DepartmentFactory.create(government=government, name="Cultura")
    user = UserFactory.create(username="coordinator", password="lazos-demo-passphrase")
    MembershipFactory.create(government=government, user=user, role="coordinator")
    page = browser_page

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("lazos-demo-passphrase")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")
    assert page.get_by_role("heading", level=1).inner_text() == "Município de Teste"
    assert page.get_by_role("link", name="Dashboard", exact=True).is_visible()

    page.get_by_label("Language").select_option("pt")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "pt"
    dashboard_pt = _word("pt", "Dashboard")
    assert dashboard_pt != "Dashboard"
    assert page.get_by_role("link", name=dashboard_pt, exact=True).is_visible()
    assert page.get_by_role("navigation", name=_word("pt", "Main")).is_visible()
    user.refresh_from_db()
    assert user.preferred_language == "pt"
    assert page.csp_violations == []
    assert page.failed_responses == []


def test_keyboard_user_can_skip_to_content_and_the_city_autocomplete_works(
    live_server, browser_page
):
    from lazos.reference.loaders import load_cities
    from lazos.reference.models import City

    load_cities(City, countries={"BR"})
    government = GovernmentFactory.create(name="Rio Teste", slug="rio-teste", country="BR")
    admin = UserFactory.create(username="boss", password="another-passphrase-1")
    MembershipFactory.create(government=government, user=admin, role="administrator")
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("another-passphrase-1")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/dashboard/")

    page.goto(f"{live_server.url}/government/edit/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")

    place = page.get_by_role("combobox", name="Place (GeoNames)")
    place.fill("sao paulo")
    option = page.locator("#id_place-listbox").get_by_role("option").first
    option.wait_for()
    assert "São Paulo" in option.inner_text()
    place.press("ArrowDown")
    place.press("Enter")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/government/")
    government.refresh_from_db()
    assert government.place is not None
    assert government.place.name == "São Paulo"
    assert page.csp_violations == []
    assert page.failed_responses == []

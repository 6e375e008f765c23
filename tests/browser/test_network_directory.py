"""Issue 7, network positions in a real browser: a coordinator of one government writes and
opens a position; a coordinator of another member government finds it through the network
directory and endorses it; the author sees the endorsement. The directory pages pass axe and
fit a phone screen."""

from __future__ import annotations

import pytest

from lazos.core.testing.builders import GovernmentFactory, MembershipFactory, UserFactory
from lazos.networks.tests.factories import NetworkFactory, NetworkMembershipFactory
from tests.browser.support import sign_in, wcag_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _member(slug: str, name: str, language: str, network_name: str, website: str, user: str):
    government = GovernmentFactory.create(
        name=name, slug=slug, official_languages=[language], portal_enabled=True
    )
    network = NetworkFactory.create(
        government=government, name=network_name, acronym="CGLU", website=website
    )
    NetworkMembershipFactory.create(network=network)
    person = UserFactory.create(username=user, password="a-long-passphrase-1")
    MembershipFactory.create(government=government, user=person, role="coordinator")
    return government


def test_a_member_endorses_another_members_position(live_server, browser_page):
    _member(
        "villa-prueba",
        "Villa Prueba",
        "es",
        "Ciudades y Gobiernos Locales Unidos",
        "https://www.uclg.org/es",
        "ana",
    )
    _member(
        "rio-teste", "Rio Teste", "pt", "Cidades e Governos Locais Unidos",
        "https://uclg.org/pt", "joao",
    )  # fmt: skip
    page = browser_page
    base = live_server.url

    # 1. Villa Prueba writes the position, with an English title, and opens it.
    sign_in(page, base, "ana", "a-long-passphrase-1")
    page.goto(f"{base}/networks/positions/new/")
    page.get_by_label("Network:").select_option(label="Ciudades y Gobiernos Locales Unidos (CGLU)")
    page.get_by_label("Title:", exact=True).fill("Localizar los ODS desde las ciudades")
    page.get_by_label("Summary:", exact=True).fill("Los informes locales voluntarios cuentan.")
    page.get_by_label("Addressed to:").fill("HLPF 2027")
    page.get_by_label("Content language:").select_option("es")
    page.get_by_label("Title (English):").fill("Localising the SDGs from the cities")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Open for endorsement").click()
    assert page.get_by_text("The position is open for endorsement and public.").is_visible()
    page.context.clear_cookies()

    # 2. Rio Teste finds it through the directory and endorses it.
    sign_in(page, base, "joao", "a-long-passphrase-1")
    page.goto(f"{base}/directory/")
    assert wcag_violations(page) == []
    page.get_by_role("link", name="Cidades e Governos Locais Unidos").click()
    assert page.get_by_role("rowheader", name="Villa Prueba").is_visible()
    assert wcag_violations(page) == []
    page.get_by_role("link", name="Localising the SDGs from the cities").click()
    assert page.get_by_role("heading", name="Endorse on behalf of Rio Teste").is_visible()
    assert wcag_violations(page) == []
    page.get_by_label("Signed by:").fill("Marina Toledo Reis")
    page.get_by_label("Note:").fill("Apoiamos.")
    page.get_by_role("button", name="Endorse on behalf of Rio Teste").click()
    assert page.get_by_text("Rio Teste endorsed this position.").is_visible()
    assert page.get_by_role("cell", name="Marina Toledo Reis").is_visible()
    page.context.clear_cookies()

    # 3. Villa Prueba sees the endorsement in its office.
    sign_in(page, base, "ana", "a-long-passphrase-1")
    page.goto(f"{base}/networks/positions/")
    page.get_by_role("link", name="Localizar los ODS desde las ciudades").click()
    assert page.get_by_role("cell", name="Marina Toledo Reis").is_visible()
    assert wcag_violations(page) == []
    assert page.csp_violations == []


@pytest.mark.browser_context(viewport={"width": 320, "height": 640}, is_mobile=True)
def test_directory_pages_fit_a_phone_screen(live_server, browser_page):
    _member(
        "villa-prueba", "Villa Prueba", "es", "Ciudades y Gobiernos Locales Unidos",
        "https://www.uclg.org/es", "ana",
    )  # fmt: skip
    page = browser_page
    for path in ("/directory/", "/directory/uclg-org/"):
        page.goto(f"{live_server.url}{path}")
        assert wcag_violations(page) == []
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow}px wider than a phone screen"

"""Issue 7 part 2 in a real browser: a coordinator finds peers for a challenge typed in
Spanish, narrows them to cities without reloading, and reads why each one is suggested."""

from __future__ import annotations

import pytest

from lazos.core.testing import build_world
from lazos.matching.tests.factories import SENTINEL, build_scenario
from tests.browser.support import sign_in, wcag_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-1"


def test_a_spanish_challenge_finds_a_portuguese_peer_with_its_reasons(live_server, browser_page):
    world = build_world("peers")
    scenario = build_scenario(world)
    coordinator = world.users["coordinator"]
    coordinator.set_password(PASSWORD)
    coordinator.save()
    page = browser_page
    base = live_server.url
    sign_in(page, base, coordinator.username, PASSWORD)

    page.goto(f"{base}/peers/challenge/")
    page.get_by_label("Your challenge:").fill(
        "Queremos reducir la basura que llega al relleno sanitario con reciclaje en los barrios"
    )
    page.get_by_role("button", name="Find peers").click()
    page.wait_for_url("**/peers/challenge/?q=*")
    ranking = page.locator("section[aria-labelledby='ranking-title']")
    peer = ranking.locator("article", has=page.get_by_role("heading", name=scenario.b.name))
    assert peer.count() == 1, ranking.inner_text()
    assert "Topics your text names" in peer.inner_text()
    assert "Solid waste management — your text speaks of it" in peer.inner_text()
    assert peer.get_by_role("link", name=f"Public site of {scenario.b.name}").count() == 1
    assert SENTINEL not in page.content()
    assert wcag_violations(page) == []

    # How the score is built, one click away.
    how = page.locator("details.how")
    assert not how.get_by_role("rowheader", name="Partners of partners").is_visible()
    page.get_by_text("How suggestions are made").click()
    assert how.get_by_role("rowheader", name="Partners of partners").is_visible()

    # The suggestions for one of our actions, narrowed to cities in place (htmx).
    page.goto(f"{base}/peers/action/{scenario.action.pk}/")
    assert page.get_by_role("heading", name=scenario.b.name).count() == 1
    partners = page.locator("section[aria-labelledby='partners-title']")
    assert scenario.e.name in partners.inner_text()
    page.get_by_label("Candidates:").select_option("city")
    page.wait_for_url("**kind=city*")
    page.locator("#results").get_by_role("heading", name="Belo Horizonte (BR)").wait_for()
    headings = ranking.locator("h3").all_inner_texts()
    assert headings
    assert all("(" in heading for heading in headings)  # cities only: "Name (country)"
    assert wcag_violations(page) == []
    assert page.csp_violations == []

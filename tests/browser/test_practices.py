"""Issue 7 acceptance in a real browser: cities learning from cities.

A coordinator of a Spanish-speaking government finds, with a Spanish query, a practice that a
Brazilian government wrote in Portuguese (no word in common: the shared theme and SDG target
connect them), marks "we adapted this", and the Brazilian coordinator sees it in the transfer
log of their own practice.
"""

from typing import Any

import pytest
from django.utils import timezone

from lazos.core.testing.builders import GovernmentFactory, MembershipFactory, UserFactory
from lazos.practices.choices import PracticeStatus
from lazos.practices.models import GoodPractice
from lazos.reference.loaders import sync_sdgs, sync_themes
from lazos.reference.models import SdgGoal, SdgTarget, Theme
from tests.browser.support import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-7"


def _sign_out(page: Any) -> None:
    page.locator("details.user-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_a_spanish_query_finds_a_portuguese_practice_and_the_mark_reaches_its_authors(
    live_server, browser_page
):
    # Reference data (a transactional test starts from empty tables).
    sync_themes(Theme)
    sync_sdgs(SdgGoal, SdgTarget)
    villa = GovernmentFactory.create(
        name="Municipio de Villa Prueba", slug="villa-prueba", country="MX",
        official_languages=["es"],
    )  # fmt: skip
    rio = GovernmentFactory.create(
        name="Prefeitura de Rio Teste", slug="rio-teste", country="BR",
        official_languages=["pt"], portal_enabled=True,
    )  # fmt: skip
    for username, government in (("coord-a", villa), ("coord-b", rio)):
        user = UserFactory.create(username=username, password=PASSWORD)
        MembershipFactory.create(government=government, user=user, role="coordinator")
    practice = GoodPractice.objects.create(
        government=rio,
        title="Coleta seletiva solidária com cooperativas de catadores",
        summary="Cooperativas recolhem recicláveis porta a porta e recebem por tonelada triada.",
        context="Lixões irregulares e catadores sem renda estável.",
        solution="Contratos com cooperativas e galpões de triagem.",
        results="A reciclagem passou de 3% para 17%.",
        language="pt",
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    practice.themes.set([Theme.objects.get(code="waste")])
    practice.sdg_targets.set([SdgTarget.objects.get(code="12.5")])

    page = browser_page
    base = live_server.url

    # A's coordinator searches the library in Spanish.
    sign_in(page, base, "coord-a", PASSWORD)
    page.goto(f"{base}/practices/library/")
    search = page.get_by_label("Search:", exact=True)
    search.fill("manejo de basura")
    search.press("Enter")
    results = page.locator("#results")
    results.get_by_text("1 practice matches").wait_for()
    result = results.locator(".library-result").first
    assert "Coleta seletiva solidária com cooperativas de catadores" in result.inner_text()
    reasons = result.locator(".reasons").inner_text()
    assert "Theme: Solid waste management" in reasons
    assert "12.5" in reasons

    # Opens it and marks "we adapted this" with a note.
    result.get_by_role(
        "link", name="Coleta seletiva solidária com cooperativas de catadores"
    ).click()
    page.wait_for_url(f"{base}/practices/library/{practice.pk}/")
    assert "Cooperativas recolhem recicláveis" in page.locator("main").inner_text()
    page.get_by_label("Note for the authors:").fill(
        "Lo adaptamos con dos cooperativas de recicladores en las colonias del oriente."
    )
    page.get_by_role("button", name="We adapted this").click()
    page.wait_for_url(f"{base}/practices/library/{practice.pk}/*")
    transfers = page.locator("#transfers")
    assert "Municipio de Villa Prueba" in transfers.inner_text()
    assert page.get_by_role("button", name="Remove our mark").is_visible()
    _sign_out(page)

    # B's coordinator sees A in the transfer log of B's own practice.
    sign_in(page, base, "coord-b", PASSWORD)
    page.goto(f"{base}/practices/{practice.pk}/")
    log = page.locator("#transfers").inner_text()
    assert "Municipio de Villa Prueba" in log
    assert "we adapted this" in log
    assert "Lo adaptamos con dos cooperativas" in log
    assert "coord-a" in log or "recorded by" in log

    # And so do visitors of B's public site (without the note).
    page.goto(f"{base}/rio-teste/practices/{practice.pk}/")
    public = page.locator("main").inner_text()
    assert "Municipio de Villa Prueba" in public
    assert "Lo adaptamos" not in public

    assert page.csp_violations == []
    assert page.failed_responses == []

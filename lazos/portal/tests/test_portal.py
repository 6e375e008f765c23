"""The public site of a government and the instance home."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.conf import settings
from django.core.cache import cache
from icalendar import Calendar

from lazos.actions.choices import Modality
from lazos.actions.models import Action
from lazos.agreements.models import Agreement
from lazos.core.testing import assert_constant_queries
from lazos.governments.models import RESERVED_SLUGS
from lazos.portal.urls import urlpatterns as portal_patterns


def test_top_level_paths_of_the_portal_are_reserved_slugs():
    top = {str(p.pattern).strip("/") for p in portal_patterns if "<" not in str(p.pattern)}
    top = {path.split("/")[0] for path in top} - {""}  # "" is the instance home, no slug
    assert top <= set(RESERVED_SLUGS)
    assert {"robots.txt", "sitemap.xml", "i18n"} <= set(RESERVED_SLUGS)


def test_unknown_or_disabled_portals_are_not_found(client, portal_world):
    assert client.get("/no-such-city/").status_code == 404
    government = portal_world.government
    government.portal_enabled = False
    government.save()
    for path in ("", "actions/", "agreements/", "missions/", "networks/", "consultations/",
                 "events.ics", "feed.atom"):  # fmt: skip
        assert client.get(f"/{government.slug}/{path}").status_code == 404, path


def test_government_home_tells_what_why_with_whom(client, portal_world):
    page = client.get(f"/{portal_world.government.slug}/", HTTP_ACCEPT_LANGUAGE="pt")
    html = page.content.decode()
    assert "Cooperamos com cidades do mundo." in html
    assert "Estratégia internacional 2024–2027" in html
    assert "Mobilidade limpa" in html
    assert "Ciudad de Rosário" in html  # partner map table
    assert "Acordo de cooperação com Rosário" in html
    assert "4.321,00 BRL" in html or "4,321.00 BRL" in html or "4321" in html
    assert "Secretária de Mobilidade" in html
    assert "Mercocidades" in html
    assert "Vice-presidência" in html
    assert "Nova parceria com Rosário?" in html
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match is not None
    data = json.loads(match[1])
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Rio Claro"
    assert '<meta property="og:title"' in html


def test_content_in_the_visitors_language_or_marked_fallback(client, portal_world):
    url = f"/{portal_world.government.slug}/actions/{portal_world.public_action.pk}/"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Urban mobility exchange</h1>" in english
    assert 'lang="pt"' in english  # the summary exists in Portuguese only
    assert "Not yet available in your language" in english
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<h1 lang="pt">Intercâmbio de mobilidade urbana</h1>' in french
    home = client.get(f"/{portal_world.government.slug}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "We work with cities around the world." in home.content.decode()


def test_action_page_shows_results_of_approved_updates_only(client, portal_world):
    url = f"/{portal_world.government.slug}/actions/{portal_world.public_action.pk}/"
    html = client.get(url).content.decode()
    assert "Técnicos capacitados" in html
    assert ">35<" in html
    assert "40" in html
    assert "987654" not in html
    assert '"@type": "Project"' in html


def test_mission_page_shows_travel_transparency_without_names(client, portal_world):
    url = f"/{portal_world.government.slug}/actions/{portal_world.mission_action.pk}/"
    html = client.get(url).content.decode()
    assert "Conhecer o sistema de metrô." in html
    assert "Secretária de Mobilidade" in html
    assert "Engenheiro" in html
    assert "SECRET-traveller" not in html
    missions = client.get(f"/{portal_world.government.slug}/missions/").content.decode()
    assert "Buenos Aires, Argentina" in missions
    assert '"@type": "Event"' in missions


def test_action_list_filters(client, portal_world):
    base = f"/{portal_world.government.slug}/actions/"
    html = client.get(base + "?modality=mission", HTTP_ACCEPT_LANGUAGE="pt").content.decode()
    assert "Missão a Buenos Aires" in html
    assert "Intercâmbio de mobilidade" not in html
    html = client.get(base + "?year=2023").content.decode()
    assert "No public action matches these filters." in html
    html = client.get(
        base + f"?partner={portal_world.partner.pk}", HTTP_ACCEPT_LANGUAGE="pt"
    ).content.decode()
    assert "Intercâmbio de mobilidade" in html
    assert "Missão a Buenos Aires" not in html


def test_agreement_detail_lists_only_public_documents(client, portal_world):
    url = f"/{portal_world.government.slug}/agreements/{portal_world.public_agreement.pk}/"
    html = client.get(url).content.decode()
    assert "Texto assinado" in html
    assert "SECRET-annex" not in html
    assert '"@type": "Legislation"' in html


def test_instance_home_lists_portals_and_searches_public_items_accent_insensitively(
    client, portal_world
):
    from lazos.search.indexing import reindex_government

    reindex_government(portal_world.government)
    html = client.get("/").content.decode()
    assert "Rio Claro" in html
    html = client.get("/?q=rosario").content.decode()  # "Rosário"
    assert "Ciudad de Rosário" in html
    assert f"/{portal_world.government.slug}/agreements/{portal_world.public_agreement.pk}/" in html
    html = client.get("/?q=intercambio").content.decode()
    assert f"/actions/{portal_world.public_action.pk}/" in html
    html = client.get("/?q=private-action").content.decode()
    assert "Nothing public matches this search." in html


def test_robots_and_sitemap(client, portal_world):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /accounts/" in robots
    assert f"Sitemap: {settings.LAZOS_BASE_URL}/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml").content.decode()
    slug = portal_world.government.slug
    assert f"{settings.LAZOS_BASE_URL}/{slug}/actions/{portal_world.public_action.pk}/" in sitemap
    assert f"/actions/{portal_world.private_action.pk}/" not in sitemap
    assert f"/{slug}/consultations/{portal_world.closed_consultation.pk}/" in sitemap


def test_language_switcher_works_for_anonymous_visitors(client, portal_world):
    url = f"/{portal_world.government.slug}/"
    response = client.get("/i18n/set/", {"language": "fr", "next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    assert 'lang="fr"' in client.get(url).content.decode()
    response = client.get("/i18n/set/", {"language": "pt", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_events_calendar_lists_public_events_and_missions(client, portal_world):
    Action.objects.create(
        government=portal_world.government, title="Fórum público", modality=Modality.EVENT,
        start_date=date(2025, 2, 3), is_public=True, public_summary="Aberto a todos.",
    )  # fmt: skip
    response = client.get(f"/{portal_world.government.slug}/events.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Missão a Buenos Aires", "Fórum público"}
    mission = events["Missão a Buenos Aires"]
    assert str(mission["url"]).endswith(
        f"/{portal_world.government.slug}/actions/{portal_world.mission_action.pk}/"
    )


def test_atom_feed_has_agreements_completed_actions_and_consultations(client, portal_world):
    response = client.get(f"/{portal_world.government.slug}/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert "Acordo de cooperação com Rosário" in xml or "Cooperation agreement" in xml
    assert "Missão a Buenos Aires" in xml
    assert "Prioridades da estratégia" in xml
    assert "a estratégia prioriza mobilidade" in xml
    assert "SECRET" not in xml


@pytest.mark.parametrize("path", ["", "actions/", "agreements/", "missions/", "networks/"])
def test_portal_pages_have_a_query_budget(client, portal_world, path):
    government = portal_world.government
    partner = portal_world.partner

    def add_rows(n: int) -> None:
        cache.clear()
        for i in range(n):
            action = Action.objects.create(
                government=government, title=f"Ação {i}", modality=Modality.MISSION,
                start_date=date(2024, 1, 1 + i % 27), is_public=True, public_summary="Resumo",
            )  # fmt: skip
            action.partners.set([partner])
            from lazos.actions.models import Mission, Traveller

            mission = Mission.objects.create(government=government, action=action, cost=10)
            Traveller.objects.create(government=government, mission=mission, name="X", position="Y")
            agreement = Agreement.objects.create(
                government=government, title=f"Acordo {i}", kind="mou", status="in_force",
                is_public=True, public_summary="Resumo",
            )  # fmt: skip
            agreement.partners.set([partner])

    assert_constant_queries(client, f"/{government.slug}/{path}", add_rows, budget=25)

"""The peer pages: what they show, to whom, and at what cost."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from lazos.actions.tests.factories import ActionFactory
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.matching.tests.factories import SENTINEL, Scenario, build_scenario
from lazos.matching.tests.test_engine import add_governments

pytestmark = pytest.mark.django_db

EVERYONE = {
    "anonymous": 302,
    "stranger": 403,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}


@pytest.fixture
def scenario(world) -> Scenario:
    return build_scenario(world)


def page(world, url: str, who: str = "viewer") -> str:
    response = world.client_for(who).get(url)
    assert response.status_code == 200
    return response.content.decode()


def sections(html: str) -> tuple[str, str]:
    """(the ranking, the "Already partners" section) of a page of suggestions."""
    ranking, _sep, partners = html.partition('id="partners-title"')
    return ranking, partners


def names(html: str) -> list[str]:
    """The names of the suggestions of a page (or section), in order."""
    return [
        re.sub(r"^\d+\.\s*", "", re.sub(r"<[^>]+>", "", heading)).strip()
        for heading in re.findall(r'<h3 id="(?:government|city)-\d+-name">(.*?)</h3>', html)
    ]


def urls(scenario: Scenario) -> list[str]:
    return [
        reverse("matching:suggestions"),
        reverse("matching:action", kwargs={"pk": scenario.action.pk}),
        reverse("matching:challenge")
        + "?q=gesti%C3%B3n+de+residuos+y+reciclaje&themes=waste&goals=12",
    ]


def test_permissions(world, scenario):
    for url in urls(scenario):
        # The outsider is a member of another government: for them /peers/ shows their own
        # government's peers, and our action is a 404.
        outsider = 404 if "/action/" in url else 200
        assert_permission_matrix(world, url, {**EVERYONE, "outsider": outsider})


def test_another_governments_action_is_a_404(world, scenario):
    url = reverse("matching:action", kwargs={"pk": scenario.d_action.pk})
    assert world.client_for("administrator").get(url).status_code == 404


def test_the_action_page_ranks_b_and_explains_why(world, scenario):
    html = page(world, urls(scenario)[1])
    ranking, partners = sections(html)
    assert names(ranking)[0] == scenario.b.name
    assert "Belo Horizonte (BR)" in names(ranking)
    assert "Solid waste management — 2 public actions, 1 good practice" in ranking
    assert "Shared SDG targets" in ranking
    assert '<td class="reasons__points">16</td>' in ranking
    # Evidence links to the public portal; the practice is listed as text.
    portal = reverse(
        "portal:action",
        kwargs={"government_slug": scenario.b.slug, "id": scenario.b_action.pk},
    )
    assert f'href="{portal}" lang="pt"' in ranking
    assert 'lang="pt">Reciclagem inclusiva com catadores' in ranking
    assert f'href="/{scenario.b.slug}/"' in ranking
    assert '<meter min="0" max="149"' in ranking
    # C and D are not suggested; E, already a partner, is listed apart.
    assert scenario.c.name not in html
    assert scenario.d.name not in html
    assert scenario.e.name not in names(ranking)
    assert names(partners) == [scenario.e.name]
    assert "Gobierno de Buenos Aires" in partners
    assert "How suggestions are made" in html
    assert "up to 30" in html


def test_no_page_shows_a_private_action_of_another_government(world, scenario):
    for url in urls(scenario):
        for who in ("viewer", "administrator"):
            html = page(world, url, who)
            assert SENTINEL not in html
            assert "Madrid" not in html  # the city only D's private action names
    # Typed in a challenge, the words of D's private action find nothing of D.
    html = page(world, reverse("matching:challenge") + f"?q={SENTINEL}+compostaje+sanitario")
    results = html[html.index('id="results"') : html.index("<footer")]
    assert SENTINEL not in results
    assert scenario.d.name not in html


def test_the_challenge_page_finds_b_through_concepts(world, scenario):
    url = reverse("matching:challenge") + (
        "?q=Queremos+mejorar+la+gesti%C3%B3n+de+residuos+en+los+barrios"
    )
    ranking, _partners = sections(page(world, url))
    assert scenario.b.name in ranking
    assert "Topics your text names" in ranking
    assert "Solid waste management — your text speaks of it" in ranking
    assert scenario.c.name not in ranking
    assert scenario.d.name not in ranking


def test_the_challenge_form_alone_without_a_challenge(world, scenario):
    html = page(world, reverse("matching:challenge"))
    assert 'name="q"' in html
    assert 'method="get"' in html
    assert "to see suggestions" in html
    assert scenario.b.name not in html


def test_filters_on_the_page(world, scenario):
    base = reverse("matching:suggestions")
    ranking, _partners = sections(page(world, base + "?kind=city"))
    assert names(ranking) == ["Montevideo (UY)", "Belo Horizonte (BR)"]
    ranking, _partners = sections(page(world, base + "?kind=government&region=419"))
    assert names(ranking) == [scenario.b.name]
    ranking, _partners = sections(page(world, base + "?band=0"))
    assert names(ranking) == []
    assert "No government or city shares enough" in ranking
    # A value that is not a choice is reported, and the page still answers, unfiltered.
    html = page(world, base + "?band=9&theme=nothing")
    assert "errorlist" in html
    assert scenario.b.name in names(html)


def test_htmx_refresh_returns_the_results(world, scenario):
    response = world.client_for("viewer").get(
        reverse("matching:suggestions") + "?kind=city", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert b'id="results"' in response.content


def test_every_suggestion_lists_its_reasons(world, scenario):
    ranking, _partners = sections(page(world, reverse("matching:suggestions")))
    articles = re.findall(r'<article class="suggestion".*?</article>', ranking, re.S)
    assert len(articles) >= 3
    for article in articles:
        assert '<table class="reasons">' in article
        assert re.search(r'<td class="reasons__points">\d+</td>', article)


@pytest.mark.parametrize("which", [0, 1, 2])
def test_query_budget(world, scenario, which):
    client = world.client_for("viewer")
    url = urls(scenario)[which]
    start = iter(range(0, 1000, 20))

    def add(count: int) -> None:
        # Governments written in bulk, without the services: their profiles built by the
        # command, as after an import (the steady state: every profile fresh).
        add_governments(count, next(start))
        call_command("rebuild_peer_profiles", stdout=StringIO())
        cache.clear()  # the seeker's own words (its private register) read again

    assert_constant_queries(client, url, add, budget=24)


def test_a_link_to_the_action_page_works_for_any_action_of_ours(world):
    action = ActionFactory.create(government=world.government, title="Plain action")
    html = page(world, reverse("matching:action", kwargs={"pk": action.pk}))
    assert "Peers for “Plain action”" in html


def test_an_action_page_leads_to_its_peers(world, scenario):
    html = page(world, reverse("actions:action-detail", args=[scenario.action.pk]))
    assert f'href="{reverse("matching:action", kwargs={"pk": scenario.action.pk})}"' in html

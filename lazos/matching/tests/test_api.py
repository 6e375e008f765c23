"""The peer suggestions' API: who may read them, the same ranking, reasons and points as the
pages, another government's action is a 404, no private work of another government ever
shows, and the number of queries does not grow with the candidates."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from lazos.api.tests.helpers import api_client, assert_api_matrix
from lazos.core.testing import TenantWorld
from lazos.core.testing.queries import count_queries
from lazos.matching.tests.factories import SENTINEL, Scenario, build_scenario
from lazos.matching.tests.test_engine import add_governments

pytestmark = pytest.mark.django_db

EVERYONE = {
    "anonymous": 401,
    "stranger": 403,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}
CHALLENGE = "/api/v1/peer-suggestions/challenge/?q=gesti%C3%B3n+de+residuos&themes=waste&goals=12"


@pytest.fixture
def scenario(world: TenantWorld) -> Scenario:
    return build_scenario(world)


def urls(scenario: Scenario) -> list[str]:
    return [
        "/api/v1/peer-suggestions/",
        f"/api/v1/peer-suggestions/{scenario.action.pk}/",
        CHALLENGE,
    ]


def test_permissions(world: TenantWorld, scenario: Scenario) -> None:
    for url in urls(scenario):
        # For the outsider: their own government's peers; our action is a 404.
        outsider = 404 if url.endswith(f"/{scenario.action.pk}/") else 200
        assert_api_matrix(world, "get", url, {**EVERYONE, "outsider": outsider})
    other = f"/api/v1/peer-suggestions/{scenario.d_action.pk}/"
    assert api_client(world, "administrator").get(other).status_code == 404


def test_the_action_ranks_b_with_reasons_and_points(world: TenantWorld, scenario: Scenario) -> None:
    body = api_client(world, "viewer").get(urls(scenario)[1]).json()
    assert body["mode"] == "action"
    first = body["results"][0]
    assert (first["kind"], first["id"], first["name"]) == (
        "government",
        scenario.b.pk,
        scenario.b.name,
    )
    assert first["score"] == sum(reason["points"] for reason in first["reasons"])
    themes = next(reason for reason in first["reasons"] if reason["key"] == "themes")
    assert themes["evidence"][0]["text"].startswith("Solid waste management")
    assert "Reciclagem inclusiva com catadores" in [p["text"] for p in first["practices"]]
    # Already a partner: apart, under its name in our register.
    assert [p["partner_name"] for p in body["partners"]] == ["Gobierno de Buenos Aires"]
    assert scenario.e.name not in [row["name"] for row in body["results"]]


def test_no_private_work_of_another_government_shows(
    world: TenantWorld, scenario: Scenario
) -> None:
    for url in [*urls(scenario), f"/api/v1/peer-suggestions/challenge/?q={SENTINEL}+compostaje"]:
        body = api_client(world, "administrator").get(url).json()
        # (the challenge's own words come back as its subject)
        text = json.dumps([body["results"], body["partners"]])
        assert SENTINEL not in text
        assert "Madrid" not in text  # the city only D's private action names


def test_filters_and_refusals(world: TenantWorld, scenario: Scenario) -> None:
    client = api_client(world, "viewer")
    cities = client.get("/api/v1/peer-suggestions/?kind=city").json()
    assert {row["kind"] for row in cities["results"]} == {"city"}
    assert client.get("/api/v1/peer-suggestions/?kind=planet").status_code == 400
    empty = client.get("/api/v1/peer-suggestions/challenge/")
    assert empty.status_code == 400
    assert empty.json()["non_field_errors"] == [
        "Describe the challenge: give words (q), themes or SDG goals."
    ]


@pytest.mark.parametrize("mode", ["government", "action", "challenge"])
def test_queries_do_not_grow_with_candidates(
    world: TenantWorld, scenario: Scenario, mode: str
) -> None:
    """Cold (the words of public texts read again) and warm (cached), the same number of
    queries with 2 more candidates as with 10 more (like the engine's own test)."""
    client = api_client(world, "viewer")
    url = {"government": urls(scenario)[0], "action": urls(scenario)[1]}.get(mode, CHALLENGE)
    client.get(url)  # the token's first use is recorded once: not part of the budget
    counts = []
    for count, start in ((2, 0), (8, 100)):
        add_governments(count, start)
        cache.clear()
        counts.append((count_queries(client, url), count_queries(client, url)))
    assert counts[0] == counts[1], counts
    assert max(counts[1]) <= 40, counts

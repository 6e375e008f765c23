"""The relationships' API: the health of agreements and partners (read-only, with its reasons,
filtered like the web list) and relationship reviews (recorded per role with the web's
messages, audited with the channel "api"); another government's objects; query budgets."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from lazos.actions.tests.factories import ActionFactory
from lazos.agreements.models import Agreement
from lazos.agreements.tests.factories import AgreementFactory, make_partner
from lazos.api.tests.helpers import api_client, assert_api_matrix, events_of
from lazos.core.audit import Channel
from lazos.core.testing import TenantWorld, assert_constant_queries
from lazos.core.testing.matrix import PEOPLE
from lazos.governments.models import Government
from lazos.relationships import health
from lazos.relationships.models import RelationshipReview

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
READ = {
    "anonymous": 401,
    "stranger": 403,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}
_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def in_force(government: Government, title: str = "", **values: object) -> Agreement:
    return AgreementFactory.create(
        government=government,
        title=title or f"Twinning {next(_serial)}",
        status="in_force",
        signed_on=TODAY - timedelta(days=900),
        in_force_from=TODAY - timedelta(days=900),
        **values,
    )


def lively(government: Government) -> Agreement:
    """In force for years, with an action this year: at risk or healthy, never dormant."""
    agreement = in_force(government, "Lively twinning")
    ActionFactory.create(
        government=government,
        agreement=agreement,
        status="ongoing",
        start_date=TODAY - timedelta(days=30),
    )
    return agreement


# --- health ------------------------------------------------------------------------------------


def test_agreement_health_list_with_reasons(world: TenantWorld) -> None:
    sleeping = in_force(world.government, "Sleeping twinning")
    awake = lively(world.government)
    AgreementFactory.create(government=world.government)  # a draft: not judged
    in_force(world.other_government)
    responses = assert_api_matrix(
        world, "get", "/api/v1/agreement-health/", {**READ, "outsider": 200}
    )
    rows = {row["id"]: row for row in responses["viewer"].json()["results"]}
    assert set(rows) == {sleeping.pk, awake.pk}
    row = rows[sleeping.pk]
    expected = health.agreement_health(sleeping, world.government.dormancy_months)
    assert (row["score"], row["band"]) == (expected.score, "dormant")
    assert [c["key"] for c in row["components"]] == [c.key for c in expected.components]
    assert [c["reason"] for c in row["reasons"]] == [c.reason for c in expected.top_reasons()]
    assert row["signals"]["recent_actions"] == 0
    assert rows[awake.pk]["band"] != "dormant"
    assert len(responses["outsider"].json()["results"]) == 1  # their own


def test_agreement_health_filters(world: TenantWorld) -> None:
    sleeping = in_force(world.government, "Sleeping twinning")
    awake = lively(world.government)
    client = api_client(world, "viewer")

    def ids(query: str) -> list[int]:
        response = client.get(f"/api/v1/agreement-health/?{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids("band=dormant") == [sleeping.pk]
    assert ids("band=attention&q=sleeping") == [sleeping.pk]
    assert ids("sort=name") == [awake.pk, sleeping.pk]
    assert ids("sort=-score")[0] == awake.pk
    response = client.get("/api/v1/agreement-health/?band=splendid")
    assert response.status_code == 400
    assert "band" in response.json()


def test_agreement_health_of_one(world: TenantWorld) -> None:
    agreement = lively(world.government)
    RelationshipReview.objects.create(
        government=world.government,
        agreement=agreement,
        reviewed_on=TODAY,
        decision="revitalise",
        reasons="Quiet",
        score=10,
        band="at_risk",
    )
    responses = assert_api_matrix(
        world, "get", f"/api/v1/agreement-health/{agreement.pk}/", {**READ, "outsider": 404}
    )
    body = responses["viewer"].json()
    assert (body["id"], body["last_decision"], body["last_review_on"]) == (
        agreement.pk,
        "revitalise",
        TODAY.isoformat(),
    )
    client = api_client(world, "administrator")
    theirs = in_force(world.other_government)
    assert client.get(f"/api/v1/agreement-health/{theirs.pk}/").status_code == 404
    assert client.get("/api/v1/agreement-health/nope/").status_code == 404


def test_partner_health(world: TenantWorld) -> None:
    partner = make_partner(world.government, "Rosario")
    in_force(world.government, partners=[partner])
    make_partner(world.government, "Met once")  # no living agreement nor action: not judged
    responses = assert_api_matrix(
        world, "get", "/api/v1/partner-health/", {**READ, "outsider": 200}
    )
    assert [row["name"] for row in responses["viewer"].json()["results"]] == ["Rosario"]
    responses = assert_api_matrix(
        world, "get", f"/api/v1/partner-health/{partner.pk}/", {**READ, "outsider": 404}
    )
    expected = health.partner_health(partner, world.government.dormancy_months)
    assert responses["viewer"].json()["score"] == expected.score


# --- reviews -----------------------------------------------------------------------------------


def test_record_a_review_per_role(world: TenantWorld) -> None:
    actual, responses = {}, {}
    for who in PEOPLE:
        agreement = lively(world.government)
        response = api_client(world, who).post(
            "/api/v1/relationship-reviews/",
            {"agreement": agreement.pk, "decision": "renew", "reasons": "Going well"},
            format="json",
        )
        actual[who], responses[who] = response.status_code, response
    assert actual == {
        "anonymous": 401,
        "stranger": 403,
        "outsider": 400,  # our agreement is not one of theirs
        "administrator": 201,
        "coordinator": 201,
        "editor": 403,
        "viewer": 403,
    }
    body = responses["coordinator"].json()
    review = RelationshipReview.objects.select_related("agreement").get(pk=body["id"])
    assert review.agreement is not None
    expected = health.agreement_health(review.agreement, world.government.dormancy_months)
    assert (body["score"], body["band"], body["reviewed_on"]) == (
        expected.score,
        expected.band,
        TODAY.isoformat(),
    )
    assert body["reviewed_by"] == world.users["coordinator"].pk
    assert len(body["components"]["components"]) == 4
    [event] = events_of(review)
    assert (event.channel, event.actor) == (Channel.API, world.users["coordinator"])
    assert RelationshipReview.objects.count() == 2


def test_a_review_refused_with_the_web_messages(world: TenantWorld) -> None:
    client = api_client(world, "coordinator")
    partner = make_partner(world.government, "Rosario")
    agreement = lively(world.government)
    url = "/api/v1/relationship-reviews/"

    def refusal(body: dict[str, object]) -> object:
        response = client.post(url, body, format="json")
        assert response.status_code == 400, response.content
        return response.json()

    assert refusal({"partner": partner.pk, "decision": "renew", "reasons": "x"}) == {
        "decision": ["Only an agreement can be renewed."]
    }
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    assert refusal(
        {"agreement": agreement.pk, "decision": "keep", "reasons": "x", "reviewed_on": tomorrow}
    ) == {"reviewed_on": ["A review cannot be dated in the future."]}
    assert refusal({"agreement": agreement.pk, "decision": "keep", "reasons": " "}) == {
        "reasons": ["Give the reasons for the decision."]
    }
    assert refusal({"decision": "keep", "reasons": "x"}) == {
        "non_field_errors": ["A review is of one agreement or one partner."]
    }
    assert refusal(
        {"agreement": agreement.pk, "partner": partner.pk, "decision": "keep", "reasons": "x"}
    ) == {"non_field_errors": ["A review is of one agreement or one partner."]}
    assert not RelationshipReview.objects.exists()


def test_reviews_list_retrieve_and_no_changes(world: TenantWorld) -> None:
    agreement = lively(world.government)
    review = RelationshipReview.objects.create(
        government=world.government,
        agreement=agreement,
        reviewed_on=TODAY,
        decision="keep",
        reasons="Fine",
        score=70,
        band="healthy",
    )
    responses = assert_api_matrix(
        world, "get", "/api/v1/relationship-reviews/", {**READ, "outsider": 200}
    )
    assert [row["id"] for row in responses["viewer"].json()["results"]] == [review.pk]
    assert responses["outsider"].json()["results"] == []
    rows = api_client(world, "viewer").get(
        f"/api/v1/relationship-reviews/?agreement={agreement.pk}"
    )
    assert [row["id"] for row in rows.json()["results"]] == [review.pk]
    url = f"/api/v1/relationship-reviews/{review.pk}/"
    assert_api_matrix(world, "get", url, {**READ, "outsider": 404})
    client = api_client(world, "administrator")
    client.validate = False  # methods the schema rightly does not have
    assert client.patch(url, {"reasons": "Changed"}, format="json").status_code == 405
    assert client.delete(url).status_code == 405
    review.refresh_from_db()
    assert review.reasons == "Fine"


# --- query budgets -----------------------------------------------------------------------------


def test_list_queries_do_not_grow_with_rows(world: TenantWorld) -> None:
    client = api_client(world, "viewer")
    client.get("/api/v1/agreement-health/")  # the token's first use is recorded once
    g = world.government
    partner = make_partner(g, "Rosario")

    def agreements(n: int) -> None:
        rows = Agreement.objects.bulk_create(
            Agreement(government=g, title=f"A {next(_serial)}", kind="mou", status="in_force")
            for _ in range(n)
        )
        Agreement.partners.through.objects.bulk_create(
            Agreement.partners.through(agreement_id=row.pk, partner_id=partner.pk) for row in rows
        )
        RelationshipReview.objects.bulk_create(
            RelationshipReview(
                government=g,
                agreement=row,
                reviewed_on=TODAY,
                decision="keep",
                reasons="R",
                score=50,
                band="at_risk",
                reviewed_by=world.users["coordinator"],
            )
            for row in rows
        )

    for url in (
        "/api/v1/agreement-health/?page_size=500",
        "/api/v1/partner-health/?page_size=500",
        "/api/v1/relationship-reviews/?page_size=500",
    ):
        assert_constant_queries(client, url, agreements, budget=10, few=3, many=40)

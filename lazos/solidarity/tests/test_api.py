"""The solidarity board's API: who sees which emergency (tied governments only), each step of
the path of help as an action (allowed and refused per role, with the web's messages), audit
rows of channel "api", permission matrices and list budgets constant in rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from lazos.api.tests.helpers import api_client, assert_api_matrix, events_of
from lazos.core.audit import Channel
from lazos.core.testing import TenantWorld, assert_constant_queries
from lazos.core.testing.builders import GovernmentFactory
from lazos.partners.tests.factories import PartnerFactory
from lazos.solidarity import services
from lazos.solidarity.choices import EmergencyStatus, NeedStatus, OfferStatus
from lazos.solidarity.models import Emergency, Need, Offer
from lazos.solidarity.tests.factories import EmergencyFactory, NeedFactory, OfferFactory

pytestmark = pytest.mark.django_db

READ = {
    "anonymous": 401,
    "stranger": 403,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}


def declare(government: Any, user: Any, **values: Any) -> Emergency:
    values.setdefault("title", f"Floods in {government.name}")
    values.setdefault("hazard", "flood")
    values.setdefault("description", "The river overflowed.")
    values.setdefault("started_on", timezone.localdate() - timedelta(days=10))
    return services.declare_emergency(government, acting_user=user, **values)


@pytest.fixture
def tied(world: TenantWorld) -> None:
    """Our government records the other one as a partner: the two are tied."""
    other = world.other_government
    PartnerFactory.create(government=world.government, name=other.name, country=other.country)


@pytest.fixture
def their_need(world: TenantWorld, tied: None) -> Need:
    emergency = declare(world.other_government, world.users["outsider"])
    return services.post_need(
        emergency,
        acting_user=world.users["outsider"],
        category="technical_team",
        description="Engineers to assess the bridges.",
    )


def test_only_tied_governments_see_an_emergency(world: TenantWorld, their_need: Need) -> None:
    ours = declare(world.government, world.users["coordinator"], title="Our fire")
    untied = GovernmentFactory.create(name="Far away", slug="far-away")
    hidden = EmergencyFactory.create(government=untied)
    responses = assert_api_matrix(world, "get", "/api/v1/emergencies/", {**READ, "outsider": 200})
    ids = {row["id"] for row in responses["viewer"].json()["results"]}
    assert ids == {ours.pk, their_need.emergency_id}
    # The other government sees ours only if tied the other way too: a partner record in
    # either register ties them, so it does.
    assert {row["id"] for row in responses["outsider"].json()["results"]} == ids
    client = api_client(world, "viewer")
    assert client.get(f"/api/v1/emergencies/{hidden.pk}/").status_code == 404
    theirs = client.get(f"/api/v1/emergencies/{their_need.emergency_id}/").json()
    assert (theirs["ours"], theirs["response_action"]) == (False, None)
    assert theirs["tie"] == {
        "partner_name": world.other_government.name,
        "recorded_by_them": False,
        "networks": [],
    }
    assert client.get(f"/api/v1/emergencies/{ours.pk}/").json()["tie"] is None
    assert client.get(f"/api/v1/needs/{their_need.pk}/").status_code == 200
    hidden_need = NeedFactory.create(emergency=hidden)
    assert client.get(f"/api/v1/needs/{hidden_need.pk}/").status_code == 404
    assert (
        api_client(world, "coordinator")
        .post(f"/api/v1/needs/{hidden_need.pk}/offer/", {"description": "Help"}, format="json")
        .status_code
        == 404
    )


def test_declare_correct_and_close(world: TenantWorld) -> None:
    data = {"title": "Storm", "hazard": "storm", "description": "Roofs blown away."}
    statuses = {
        who: api_client(world, who).post("/api/v1/emergencies/", data, format="json").status_code
        for who in ("anonymous", "stranger", "editor", "viewer")
    }
    assert statuses == {"anonymous": 401, "stranger": 403, "editor": 403, "viewer": 403}
    client = api_client(world, "coordinator")
    response = client.post("/api/v1/emergencies/", data, format="json")
    assert response.status_code == 201, response.content
    emergency = Emergency.objects.get(pk=response.json()["id"])
    assert emergency.government == world.government
    assert events_of(emergency)[-1].channel == Channel.API

    url = f"/api/v1/emergencies/{emergency.pk}/"
    # Another government never changes it, even one that sees it.
    assert (
        api_client(world, "outsider").patch(url, {"title": "X"}, format="json").status_code == 404
    )
    assert api_client(world, "outsider").post(f"{url}close/", {}, format="json").status_code == 404

    response = client.post(f"{url}close/", {"closing_note": " "}, format="json")
    assert response.status_code == 400
    etag = client.get(url)["ETag"]
    response = client.post(
        f"{url}close/", {"closing_note": "The water receded."}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"
    again = client.post(f"{url}close/", {"closing_note": "Again"}, format="json")
    assert again.status_code == 400
    assert again.json()["non_field_errors"] == [f"The emergency “{emergency.title}” is closed."]


def test_the_path_of_help(world: TenantWorld, their_need: Need) -> None:
    url = f"/api/v1/needs/{their_need.pk}/offer/"
    data = {"description": "Two engineers for three weeks", "quantity": "2"}
    statuses = {
        who: api_client(world, who).post(url, data, format="json").status_code
        for who in ("anonymous", "stranger", "editor", "viewer")
    }
    assert statuses == {"anonymous": 401, "stranger": 403, "editor": 403, "viewer": 403}
    # The affected government cannot offer help for its own emergency (the web's message).
    own = api_client(world, "outsider").post(url, data, format="json")
    assert own.status_code == 400
    assert own.json()["non_field_errors"] == [
        "A government cannot offer help for its own emergency."
    ]

    response = api_client(world, "coordinator").post(url, data, format="json")
    assert response.status_code == 201, response.content
    offer = Offer.objects.get(pk=response.json()["id"])
    assert (offer.government, offer.status) == (world.government, OfferStatus.OFFERED)
    assert events_of(offer)[-1].channel == Channel.API

    offer_url = f"/api/v1/offers/{offer.pk}/"
    # Both governments read it; we do not answer our own offer.
    assert api_client(world, "viewer").get(offer_url).status_code == 200
    assert api_client(world, "outsider").get(offer_url).status_code == 200
    assert api_client(world, "coordinator").post(f"{offer_url}accept/").status_code == 404
    assert api_client(world, "outsider").post(f"{offer_url}withdraw/").status_code == 404

    response = api_client(world, "outsider").post(f"{offer_url}accept/", {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    assert response.json()["action"] is None  # the offering government's action, not theirs
    offer.refresh_from_db()
    assert offer.action is not None
    assert events_of(offer)[-1].channel == Channel.API
    again = api_client(world, "outsider").post(f"{offer_url}decline/")
    assert again.status_code == 400
    assert again.json()["non_field_errors"] == [
        "This offer is no longer waiting for an answer (accepted)."
    ]

    assert api_client(world, "viewer").post(f"{offer_url}deliver/").status_code == 403
    response = api_client(world, "coordinator").post(f"{offer_url}deliver/", {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "delivered"
    assert response.json()["action"] == offer.action_id


def test_needs_met_and_withdrawn(world: TenantWorld) -> None:
    emergency = declare(world.government, world.users["coordinator"])
    client = api_client(world, "coordinator")
    response = client.post(
        "/api/v1/needs/",
        {"emergency": emergency.pk, "category": "funds", "description": "Money"},
        format="json",
    )
    assert response.status_code == 201, response.content
    need = Need.objects.get(pk=response.json()["id"])
    assert api_client(world, "viewer").post(f"/api/v1/needs/{need.pk}/met/").status_code == 403
    response = client.post(f"/api/v1/needs/{need.pk}/met/")
    assert response.status_code == 200
    assert response.json()["status"] == NeedStatus.MET
    again = client.post(f"/api/v1/needs/{need.pk}/withdraw/")
    assert again.status_code == 400
    assert again.json()["non_field_errors"] == ["This need is no longer open (met)."]


def test_offers_list_shows_only_those_made_or_received(world: TenantWorld, tied: None) -> None:
    third = GovernmentFactory.create(name="Third", slug="third")
    their_emergency = EmergencyFactory.create(government=world.other_government)
    need = NeedFactory.create(emergency=their_emergency)
    ours = OfferFactory.create(need=need, government=world.government)
    OfferFactory.create(need=need, government=third)  # between two other governments
    responses = assert_api_matrix(world, "get", "/api/v1/offers/", {**READ, "outsider": 200})
    assert [row["id"] for row in responses["viewer"].json()["results"]] == [ours.pk]
    assert responses["outsider"].json()["count"] == 2  # made to its emergency


@pytest.mark.parametrize("path", ["emergencies", "needs", "offers"])
def test_list_queries_do_not_grow_with_rows(world: TenantWorld, tied: None, path: str) -> None:
    client = api_client(world, "viewer")
    url = f"/api/v1/{path}/?page_size=500"
    client.get(url)
    emergency = EmergencyFactory.create(government=world.other_government)
    need = NeedFactory.create(emergency=emergency)

    def add(n: int) -> None:
        for _ in range(n):
            if path == "emergencies":
                EmergencyFactory.create(government=world.other_government)
            elif path == "needs":
                NeedFactory.create(emergency=emergency)
            else:
                OfferFactory.create(need=need, government=world.government)

    assert_constant_queries(client, url, add, budget=14, few=3, many=20)


def test_statuses_are_read_only(world: TenantWorld) -> None:
    emergency = declare(world.government, world.users["coordinator"])
    url = f"/api/v1/emergencies/{emergency.pk}/"
    response = api_client(world, "coordinator").patch(url, {"status": "closed"}, format="json")
    assert response.status_code == 200
    emergency.refresh_from_db()
    assert emergency.status == EmergencyStatus.OPEN

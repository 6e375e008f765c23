"""The positions' API: the government's own positions (open and close as actions), every
government's published positions (endorse and withdraw as actions, refused with the web's
sentences), the endorsements given; permission matrices, drafts of another government are
404, audit rows of channel "api", list budgets constant in rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lazos.api.tests.helpers import api_client, assert_api_matrix, events_of
from lazos.core.attachments import attach_file
from lazos.core.audit import Channel
from lazos.core.testing import TenantWorld, assert_constant_queries
from lazos.governments.models import Government
from lazos.networks.choices import MembershipStatus, PositionStatus
from lazos.networks.models import Endorsement, Network, Position
from lazos.networks.tests.factories import (
    EndorsementFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db

READ = {
    "anonymous": 401,
    "stranger": 403,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}


def member_of(government: Government, name: str, website: str, **values: object) -> Network:
    """The government's own record of a network and its (active, public) membership."""
    network = NetworkFactory.create(government=government, name=name, acronym="", website=website)
    values.setdefault("status", MembershipStatus.ACTIVE)
    NetworkMembershipFactory.create(network=network, **values)
    return network


@pytest.fixture
def networks(world: TenantWorld) -> tuple[Network, Network]:
    """Both governments are active, public members of the same network (their own records,
    in different languages, with the same website's domain)."""
    ours = member_of(world.government, "Ciudades Unidas", "https://www.uclg.org/es")
    theirs = member_of(world.other_government, "Cidades Unidas", "https://uclg.org/pt")
    return ours, theirs


@pytest.fixture
def their_position(networks: tuple[Network, Network]) -> Position:
    return PositionFactory.create(
        network=networks[1],
        status=PositionStatus.OPEN,
        opened_on=timezone.localdate() - timedelta(days=2),
        title="Localising the SDGs",
    )


# --- own positions -------------------------------------------------------------------------


def test_own_positions_matrix_and_another_governments_draft(
    world: TenantWorld, networks: tuple[Network, Network]
) -> None:
    draft = PositionFactory.create(network=networks[0], title="Our draft")
    responses = assert_api_matrix(world, "get", "/api/v1/positions/", {**READ, "outsider": 200})
    assert responses["outsider"].json()["count"] == 0
    assert [row["id"] for row in responses["viewer"].json()["results"]] == [draft.pk]
    assert_api_matrix(world, "get", f"/api/v1/positions/{draft.pk}/", {**READ, "outsider": 404})
    # A draft is nobody else's business: not among the published positions either.
    outsider = api_client(world, "outsider")
    assert outsider.get(f"/api/v1/network-positions/{draft.pk}/").status_code == 404
    assert outsider.post(f"/api/v1/network-positions/{draft.pk}/endorse/").status_code == 404
    assert outsider.post(f"/api/v1/positions/{draft.pk}/open/").status_code == 404


def test_create_open_and_close(world: TenantWorld, networks: tuple[Network, Network]) -> None:
    data = {"network": networks[0].pk, "title": "Water for all", "summary": "We ask…"}
    statuses = {
        who: api_client(world, who).post("/api/v1/positions/", data, format="json").status_code
        for who in ("anonymous", "stranger", "editor", "viewer")
    }
    assert statuses == {"anonymous": 401, "stranger": 403, "editor": 403, "viewer": 403}
    client = api_client(world, "coordinator")
    response = client.post("/api/v1/positions/", data, format="json")
    assert response.status_code == 201, response.content
    position = Position.objects.get(pk=response.json()["id"])
    assert position.status == PositionStatus.DRAFT
    assert events_of(position)[-1].channel == Channel.API

    url = f"/api/v1/positions/{position.pk}/"
    assert api_client(world, "viewer").post(f"{url}open/").status_code == 403
    etag = client.get(url)["ETag"]
    response = client.post(f"{url}open/", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "open"
    assert client.post(f"{url}close/", HTTP_IF_MATCH=etag).status_code == 412
    again = client.post(f"{url}open/")
    assert again.status_code == 400
    assert again.json()["non_field_errors"] == ["The position is already open for endorsement."]
    event = events_of(position)[-1]
    assert (event.channel, event.changes["status"]["after"]) == (Channel.API, "open")

    # A published position is not deleted (the web's message).
    response = client.delete(url)
    assert response.status_code == 400
    assert "Only a draft can be deleted" in response.json()["non_field_errors"][0]
    assert client.post(f"{url}close/").json()["status"] == "closed"


def test_opening_needs_a_public_membership(world: TenantWorld) -> None:
    network = member_of(world.government, "Hidden", "https://hidden.example", is_public=False)
    position = PositionFactory.create(network=network)
    response = api_client(world, "coordinator").post(f"/api/v1/positions/{position.pk}/open/")
    assert response.status_code == 400
    assert "Make your membership in Hidden public" in response.json()["non_field_errors"][0]


# --- every government's published positions ----------------------------------------------------


def test_published_positions_of_every_government(
    world: TenantWorld, their_position: Position, networks: tuple[Network, Network]
) -> None:
    PositionFactory.create(network=networks[1], title="Their draft")  # never shown
    responses = assert_api_matrix(
        world, "get", "/api/v1/network-positions/", {**READ, "outsider": 200}
    )
    rows = responses["viewer"].json()["results"]
    assert [(row["id"], row["government_name"]) for row in rows] == [
        (their_position.pk, world.other_government.name)
    ]
    detail = assert_api_matrix(
        world,
        "get",
        f"/api/v1/network-positions/{their_position.pk}/",
        {**READ, "outsider": 200},
    )
    assert detail["viewer"].json()["endorsement_refusal"] is None
    assert detail["viewer"].json()["endorsements"] == []


def test_endorse_and_withdraw(world: TenantWorld, their_position: Position) -> None:
    url = f"/api/v1/network-positions/{their_position.pk}/"
    data = {"signatory": "The mayor", "note": "We agree."}
    statuses = {
        who: api_client(world, who).post(f"{url}endorse/", data, format="json").status_code
        for who in ("anonymous", "stranger", "editor", "viewer")
    }
    assert statuses == {"anonymous": 401, "stranger": 403, "editor": 403, "viewer": 403}
    response = api_client(world, "coordinator").post(f"{url}endorse/", data, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["endorsed_by_us"] is True
    assert [(e["government_name"], e["signatory"]) for e in body["endorsements"]] == [
        (world.government.name, "The mayor")
    ]
    endorsement = Endorsement.objects.get()
    assert endorsement.government == world.government
    assert events_of(endorsement)[-1].channel == Channel.API

    again = api_client(world, "administrator").post(f"{url}endorse/", data, format="json")
    assert again.status_code == 400
    assert again.json()["non_field_errors"] == [
        f"{world.government.name} has already endorsed this position."
    ]

    mine = assert_api_matrix(world, "get", "/api/v1/endorsements/", {**READ, "outsider": 200})
    assert mine["outsider"].json()["count"] == 0
    [row] = mine["viewer"].json()["results"]
    assert (row["position_title"], row["author_name"]) == (
        "Localising the SDGs",
        world.other_government.name,
    )

    assert api_client(world, "viewer").post(f"{url}withdraw-endorsement/").status_code == 403
    response = api_client(world, "coordinator").post(f"{url}withdraw-endorsement/")
    assert response.status_code == 200
    assert response.json()["endorsed_by_us"] is False
    assert not Endorsement.objects.exists()
    response = api_client(world, "coordinator").post(f"{url}withdraw-endorsement/")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        f"{world.government.name} has not endorsed this position."
    ]


def test_a_government_outside_the_network_is_refused_with_the_reason(
    world: TenantWorld, networks: tuple[Network, Network]
) -> None:
    stranger_network = member_of(world.other_government, "Alone", "https://alone.example")
    position = PositionFactory.create(
        network=stranger_network,
        status=PositionStatus.OPEN,
        opened_on=timezone.localdate(),
    )
    url = f"/api/v1/network-positions/{position.pk}/"
    client = api_client(world, "coordinator")
    refusal = client.get(url).json()["endorsement_refusal"]
    assert "has no active membership in Alone" in refusal
    response = client.post(f"{url}endorse/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [refusal]
    assert not Endorsement.objects.exists()


def test_only_public_documents_are_listed(world: TenantWorld, their_position: Position) -> None:
    for title, public, name, content, mime in (
        ("Advocacy document", True, "statement.pdf", b"%PDF-1.4 public text", "application/pdf"),
        ("Internal notes", False, "notes.txt", b"internal notes", "text/plain"),
    ):
        attach_file(
            their_position,
            acting_user=world.users["outsider"],
            upload=SimpleUploadedFile(name, content, mime),
            title=title,
            is_public=public,
        )
    body = api_client(world, "viewer").get(f"/api/v1/network-positions/{their_position.pk}/")
    [document] = body.json()["documents"]
    assert document["title"] == "Advocacy document"
    assert api_client(world, "viewer").get(document["url"]).status_code == 200


# --- query budgets ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["positions", "network-positions", "endorsements"])
def test_list_queries_do_not_grow_with_rows(
    world: TenantWorld, networks: tuple[Network, Network], path: str
) -> None:
    client = api_client(world, "viewer")
    url = f"/api/v1/{path}/?page_size=500"
    client.get(url)

    def add(n: int) -> None:
        for _ in range(n):
            if path == "positions":
                PositionFactory.create(network=networks[0])
            elif path == "network-positions":
                position = PositionFactory.create(network=networks[1], status=PositionStatus.OPEN)
                EndorsementFactory.create(position=position)
            else:
                position = PositionFactory.create(network=networks[1], status=PositionStatus.OPEN)
                EndorsementFactory.create(position=position, government=world.government)

    assert_constant_queries(client, url, add, budget=10, few=3, many=20)

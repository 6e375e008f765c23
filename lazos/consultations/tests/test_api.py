"""The consultations' API, office side: the permission matrix of consultations and
contributions, another government's objects, the workflow actions (open, close, respond,
moderate) allowed and refused per role with the web's messages, the audit channel, personal
data kept out, and the lists' query budgets."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from lazos.actions.tests.factories import make_actor
from lazos.api.tests.helpers import (
    api_client,
    assert_api_matrix,
    assert_api_matrix_fresh,
    events_of,
)
from lazos.consultations.choices import ConsultationStatus, ContributionStatus
from lazos.consultations.models import Consultation, Contribution, Invitation
from lazos.consultations.tests.factories import ConsultationFactory, ContributionFactory
from lazos.core.audit import Channel
from lazos.core.testing import TenantWorld, assert_constant_queries

pytestmark = pytest.mark.django_db

READ = {
    "anonymous": 401,
    "stranger": 403,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}
# Consultations and their moderation belong to the international office.
OFFICE = {
    "anonymous": 401,
    "stranger": 403,
    "outsider": 404,
    "editor": 403,
    "viewer": 403,
}
_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def office(ok: int, **overrides: int) -> dict[str, int]:
    return {**OFFICE, "administrator": ok, "coordinator": ok, **overrides}


def consultation(world: TenantWorld, **values: Any) -> Consultation:
    return ConsultationFactory.create(government=world.government, **values)


def contribution(world: TenantWorld, **values: Any) -> Contribution:
    return ContributionFactory.create(consultation=consultation(world), **values)


# --- consultations ---------------------------------------------------------------------------


def test_consultations_list_and_retrieve(world: TenantWorld) -> None:
    ours = consultation(world)
    ContributionFactory.create(consultation=ours)
    ContributionFactory.create(consultation=ours, status=ContributionStatus.APPROVED)
    theirs = ConsultationFactory.create(government=world.other_government)
    responses = assert_api_matrix(world, "get", "/api/v1/consultations/", {**READ, "outsider": 200})
    [row] = responses["viewer"].json()["results"]
    assert (row["id"], row["pending_count"], row["approved_count"]) == (ours.pk, 1, 1)
    assert [r["id"] for r in responses["outsider"].json()["results"]] == [theirs.pk]
    responses = assert_api_matrix(
        world, "get", f"/api/v1/consultations/{ours.pk}/", {**READ, "outsider": 404}
    )
    assert responses["viewer"]["ETag"]


def test_consultations_create_open_or_draft_with_invitations(world: TenantWorld) -> None:
    closes = (timezone.localdate() + timedelta(days=20)).isoformat()
    responses = assert_api_matrix_fresh(
        world,
        "post",
        lambda: "/api/v1/consultations/",
        office(201, outsider=201),
        data_for=lambda: {
            "title": f"Youth strategy {next(_serial)}",
            "description": "What should it say?",
            "closes_on": closes,
        },
    )
    created = Consultation.objects.get(pk=responses["coordinator"].json()["id"])
    assert created.status == ConsultationStatus.OPEN
    assert [e.channel for e in events_of(created)] == [Channel.API]
    actor = make_actor(world.government, "Neighbours' association")
    actor.email = "hello@example.org"
    actor.save()
    response = api_client(world, "coordinator").post(
        "/api/v1/consultations/",
        {
            "title": "Draft",
            "description": "Later",
            "closes_on": closes,
            "draft": True,
            "invited_actors": [actor.pk],
            "audience": "invited",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert [i["actor_name"] for i in body["invitations"]] == ["Neighbours' association"]
    assert mail.outbox == []  # a draft sends no invitation yet
    invitation = Invitation.objects.get(consultation_id=body["id"])
    assert [e.channel for e in events_of(invitation)] == [Channel.API]
    # Another government's local actor cannot be invited.
    stranger_actor = make_actor(world.other_government, "Far away")
    response = api_client(world, "coordinator").post(
        "/api/v1/consultations/",
        {
            "title": "X",
            "description": "Y",
            "closes_on": closes,
            "invited_actors": [stranger_actor.pk],
        },
        format="json",
    )
    assert response.status_code == 400


def test_consultations_update_and_no_delete(world: TenantWorld) -> None:
    responses = assert_api_matrix_fresh(
        world,
        "patch",
        lambda: f"/api/v1/consultations/{consultation(world).pk}/",
        office(200),
        data_for=lambda: {"description": "Changed", "status": "closed"},
    )
    body = responses["coordinator"].json()
    assert (body["description"], body["status"]) == ("Changed", "open")  # status: actions only
    response = api_client(world, "coordinator").patch(
        f"/api/v1/consultations/{consultation(world).pk}/",
        {"closes_on": "2000-01-01", "opens_on": "2000-02-01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["closes_on"] == ["It cannot close before it opens."]
    target = consultation(world)
    client = api_client(world, "administrator")
    client.validate = False  # a method the schema rightly does not have
    assert client.delete(f"/api/v1/consultations/{target.pk}/").status_code == 405
    assert Consultation.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize(
    ("operation", "status_before", "status_after"),
    [("open", "draft", "open"), ("close", "open", "closed")],
)
def test_open_and_close_per_role(
    world: TenantWorld, operation: str, status_before: str, status_after: str
) -> None:
    responses = assert_api_matrix_fresh(
        world,
        "post",
        lambda: (
            f"/api/v1/consultations/{consultation(world, status=status_before).pk}/{operation}/"
        ),
        office(200),
    )
    body = responses["coordinator"].json()
    assert body["status"] == status_after
    event = events_of(Consultation.objects.get(pk=body["id"]))[-1]
    assert event.channel == Channel.API
    assert event.changes["status"] == {"before": status_before, "after": status_after}


def test_open_and_close_refused_with_the_web_messages(world: TenantWorld) -> None:
    client = api_client(world, "coordinator")
    closed = consultation(world, status=ConsultationStatus.CLOSED)
    response = client.post(f"/api/v1/consultations/{closed.pk}/open/")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Only a draft consultation can be opened."]}
    response = client.post(f"/api/v1/consultations/{closed.pk}/close/")
    assert response.json() == {"non_field_errors": ["Only an open consultation can be closed."]}
    closed.refresh_from_db()
    assert closed.status == ConsultationStatus.CLOSED


def test_respond_per_role_and_refusals(world: TenantWorld) -> None:
    responses = assert_api_matrix_fresh(
        world,
        "post",
        lambda: f"/api/v1/consultations/{consultation(world).pk}/respond/",
        office(200),
        data_for=lambda: {"response": "You said more parks; we planted 40 trees."},
    )
    body = responses["administrator"].json()
    assert body["status"] == "closed"
    assert body["response_published_at"]
    client = api_client(world, "coordinator")
    draft = consultation(world, status=ConsultationStatus.DRAFT)
    response = client.post(
        f"/api/v1/consultations/{draft.pk}/respond/", {"response": "Hi"}, format="json"
    )
    assert response.json() == {
        "non_field_errors": ["Open the consultation before responding to it."]
    }
    response = client.post(
        f"/api/v1/consultations/{consultation(world).pk}/respond/", {"response": " "}, format="json"
    )
    assert response.json() == {"response": ["Write the response."]}


def test_a_consultation_action_honours_if_match(world: TenantWorld) -> None:
    target = consultation(world)
    url = f"/api/v1/consultations/{target.pk}/"
    client = api_client(world, "coordinator")
    etag = client.get(url)["ETag"]
    assert client.patch(url, {"description": "New"}, format="json").status_code == 200
    assert client.post(f"{url}close/", HTTP_IF_MATCH=etag).status_code == 412
    target.refresh_from_db()
    assert target.status == ConsultationStatus.OPEN
    fresh = client.get(url)["ETag"]
    assert client.post(f"{url}close/", HTTP_IF_MATCH=fresh).status_code == 200


# --- contributions ---------------------------------------------------------------------------


def test_contributions_list_and_retrieve_without_email(world: TenantWorld) -> None:
    ours = contribution(world, email="private@example.org")
    ContributionFactory.create(
        consultation=ConsultationFactory.create(government=world.other_government)
    )
    responses = assert_api_matrix(world, "get", "/api/v1/contributions/", {**READ, "outsider": 200})
    [row] = responses["viewer"].json()["results"]
    assert row["id"] == ours.pk
    assert "private@example.org" not in responses["viewer"].content.decode()
    assert len(responses["outsider"].json()["results"]) == 1
    rows = api_client(world, "viewer").get(
        f"/api/v1/contributions/?consultation={ours.consultation_id}&status=pending"
    )
    assert [r["id"] for r in rows.json()["results"]] == [ours.pk]
    assert_api_matrix(world, "get", f"/api/v1/contributions/{ours.pk}/", {**READ, "outsider": 404})
    # Contributions come from the portal: the office API creates, changes and deletes none.
    client = api_client(world, "administrator")
    client.validate = False  # methods the schema rightly does not have
    assert client.post("/api/v1/contributions/", {"text": "x"}, format="json").status_code == 405
    assert client.delete(f"/api/v1/contributions/{ours.pk}/").status_code == 405


def test_moderate_per_role(world: TenantWorld) -> None:
    responses = assert_api_matrix_fresh(
        world,
        "post",
        lambda: f"/api/v1/contributions/{contribution(world).pk}/moderate/",
        office(200),
        data_for=lambda: {"decision": "approve"},
    )
    body = responses["coordinator"].json()
    assert (body["status"], body["moderated_by"]) == ("approved", world.users["coordinator"].pk)
    event = events_of(Contribution.objects.get(pk=body["id"]))[-1]
    assert event.channel == Channel.API
    assert event.changes["status"] == {"before": "pending", "after": "approved"}
    assert "email" not in event.changes


def test_moderate_refused_with_the_web_messages(world: TenantWorld) -> None:
    client = api_client(world, "coordinator")
    pending = contribution(world)
    url = f"/api/v1/contributions/{pending.pk}/moderate/"
    response = client.post(url, {"decision": "reject"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"reason": ["Say why the contribution is rejected."]}
    response = client.post(url, {"decision": "maybe"}, format="json")
    assert response.json() == {
        "decision": ["Choose whether to publish or reject the contribution."]
    }
    unverified = contribution(world, status=ContributionStatus.UNVERIFIED)
    response = client.post(
        f"/api/v1/contributions/{unverified.pk}/moderate/", {"decision": "approve"}, format="json"
    )
    assert response.json() == {
        "non_field_errors": ["Its author has not confirmed the email address yet."]
    }
    pending.refresh_from_db()
    unverified.refresh_from_db()
    assert (pending.status, unverified.status) == ("pending", "unverified")
    response = client.post(url, {"decision": "reject", "reason": "Insults"}, format="json")
    assert response.status_code == 200
    assert response.json()["rejection_reason"] == "Insults"


# --- query budgets -----------------------------------------------------------------------------


def test_list_queries_do_not_grow_with_rows(world: TenantWorld) -> None:
    client = api_client(world, "viewer")
    client.get("/api/v1/consultations/")  # the token's first use is recorded once
    g = world.government
    today = timezone.localdate()

    def consultations(n: int) -> None:
        rows = Consultation.objects.bulk_create(
            Consultation(
                government=g,
                title=f"C {next(_serial)}",
                description="D",
                closes_on=today,
            )
            for _ in range(n)
        )
        actors = [make_actor(g, f"A {next(_serial)}") for _ in range(2)]
        Invitation.objects.bulk_create(
            Invitation(government=g, consultation=c, actor=a, token=f"t{next(_serial)}")
            for c in rows
            for a in actors
        )
        Contribution.objects.bulk_create(
            Contribution(government=g, consultation=c, text="T", status="pending") for c in rows
        )

    assert_constant_queries(
        client, "/api/v1/consultations/?page_size=500", consultations, budget=10, few=3, many=40
    )
    target = consultation(world)
    invitation = Invitation.objects.create(
        government=g, consultation=target, actor=make_actor(g, "Invited")
    )

    def contributions(n: int) -> None:
        Contribution.objects.bulk_create(
            Contribution(
                government=g,
                consultation=target,
                text=f"T {next(_serial)}",
                invitation=invitation,
                moderated_by=world.users["coordinator"],
                status="approved",
            )
            for _ in range(n)
        )

    assert_constant_queries(
        client, "/api/v1/contributions/?page_size=500", contributions, budget=10, few=5, many=60
    )

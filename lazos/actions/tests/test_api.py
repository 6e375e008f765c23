"""The actions' API beyond permissions (lazos/api/tests has the matrices): completing a
commitment, the action list's filters equal the HTML list's, travel details of missions."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from lazos.actions.choices import ActionStatus, CommitmentStatus
from lazos.actions.filtersets import ActionFilterSet
from lazos.actions.models import Action, Commitment
from lazos.actions.tests.factories import ActionFactory, CommitmentFactory
from lazos.api.tests.helpers import api_client, events_of
from lazos.core.audit import Channel
from lazos.core.testing import TenantWorld
from lazos.partners.tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_complete_a_commitment_and_the_overdue_filter(world: TenantWorld) -> None:
    today = timezone.localdate()
    late = CommitmentFactory.create(
        government=world.government,
        department=world.department,
        due_date=today - datetime.timedelta(days=3),
        title="Late report",
    )
    CommitmentFactory.create(
        government=world.government, due_date=today + datetime.timedelta(days=3), title="Soon"
    )
    client = api_client(world, "editor")
    listed = client.get("/api/v1/commitments/?overdue=yes").json()["results"]
    assert [(row["id"], row["is_overdue"]) for row in listed] == [(late.pk, True)]

    response = client.post(f"/api/v1/commitments/{late.pk}/complete/", {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == CommitmentStatus.DONE
    assert response.json()["completed_on"] == today.isoformat()
    assert client.get("/api/v1/commitments/?overdue=yes").json()["results"] == []
    assert events_of(Commitment.objects.get(pk=late.pk))[-1].channel == Channel.API
    assert (
        api_client(world, "viewer")
        .post(f"/api/v1/commitments/{late.pk}/complete/", {}, format="json")
        .status_code
        == 403
    )


def test_action_filters_equal_the_html_list(world: TenantWorld) -> None:
    porto = PartnerFactory.create(government=world.government, name="Porto")
    lyon = PartnerFactory.create(government=world.government, name="Lyon")
    expected = []
    for number, (partner, status) in enumerate(
        [
            (porto, ActionStatus.COMPLETED),
            (porto, ActionStatus.COMPLETED),
            (porto, ActionStatus.ONGOING),
            (lyon, ActionStatus.COMPLETED),
        ]
    ):
        action = ActionFactory.create(
            government=world.government, title=f"Exchange number {number}", status=status
        )
        action.partners.set([partner])
        if partner == porto and status == ActionStatus.COMPLETED:
            expected.append(action.pk)
    query = f"partner={porto.pk}&status=completed"

    api = api_client(world, "viewer").get(f"/api/v1/actions/?{query}").json()
    api_ids = sorted(row["id"] for row in api["results"])
    assert api["count"] == 2
    assert api_ids == sorted(expected)

    html_filter = ActionFilterSet(
        {"partner": str(porto.pk), "status": "completed"},
        queryset=Action.objects.for_tenant(world.government),
        government=world.government,
    )
    assert sorted(html_filter.qs.values_list("pk", flat=True)) == api_ids
    page = world.client_for("viewer").get(f"/actions/?{query}").content.decode()
    for action in Action.objects.for_tenant(world.government):
        assert (action.title in page) == (action.pk in expected), action.title


def test_travel_details_only_for_missions_and_once_per_action(world: TenantWorld) -> None:
    client = api_client(world, "coordinator")
    exchange = ActionFactory.create(government=world.government, modality="technical_exchange")
    response = client.post("/api/v1/missions/", {"action": exchange.pk}, format="json")
    assert response.status_code == 400
    assert "Only missions abroad and delegations received" in response.json()["non_field_errors"][0]

    trip = ActionFactory.create(government=world.government, modality="mission")
    response = client.post(
        "/api/v1/missions/", {"action": trip.pk, "destination_text": "Rosario"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["currency"] == world.government.currency
    again = client.post("/api/v1/missions/", {"action": trip.pk}, format="json")
    assert again.status_code == 400
    assert "action" in again.json()
    other = ActionFactory.create(government=world.government, modality="delegation")
    moved = client.patch(
        f"/api/v1/missions/{response.json()['id']}/", {"action": other.pk}, format="json"
    )
    assert moved.status_code == 400
    assert moved.json() == {"action": ["This cannot be changed once the record exists."]}

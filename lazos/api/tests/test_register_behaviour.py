"""What the register's API does beyond permissions, whatever the resource: audited writes
through the services, refusals as 400s, rows of another government refused, search and
ordering from the FilterSet. Each app's own API behaviour is in its ``tests/test_api.py``."""

from __future__ import annotations

import pytest

from lazos.actions.models import Action
from lazos.agreements.choices import AgreementStatus
from lazos.agreements.models import Agreement
from lazos.api.tests.helpers import api_client, events_of
from lazos.core.audit import AuditAction, Channel
from lazos.core.testing import TenantWorld
from lazos.partners.tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_a_create_and_an_update_through_the_api_are_audited_with_channel_api(
    world: TenantWorld,
) -> None:
    client = api_client(world, "coordinator")
    partner = PartnerFactory.create(government=world.government, name="Rosario")
    response = client.post(
        "/api/v1/agreements/",
        {
            "title": "Cooperation with Rosario",
            "kind": "cooperation",
            "partners": [partner.pk],
            "tags": ["water", "youth"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == AgreementStatus.DRAFT
    assert body["partner_names"] == ["Rosario"]
    assert sorted(body["tags"]) == ["water", "youth"]
    agreement = Agreement.objects.get(pk=body["id"])
    [created] = events_of(agreement)
    assert (created.channel, created.action) == (Channel.API, AuditAction.CREATE)
    assert created.actor == world.users["coordinator"]
    assert created.changes["title"] == {"before": None, "after": "Cooperation with Rosario"}
    assert created.changes["partners"]["after"] == [partner.pk]

    response = client.patch(
        f"/api/v1/agreements/{agreement.pk}/", {"summary": "Water and youth"}, format="json"
    )
    assert response.status_code == 200, response.content
    updated = events_of(agreement)[-1]
    assert (updated.channel, updated.action) == (Channel.API, AuditAction.UPDATE)
    assert updated.changes == {"summary": {"before": "", "after": "Water and youth"}}


def test_a_service_refusal_is_a_400_with_its_message(world: TenantWorld) -> None:
    response = api_client(world, "coordinator").post(
        "/api/v1/actions/",
        {"title": "Festival", "modality": "culture", "is_public": True},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"public_summary": ["A public action needs a public summary."]}
    assert not Action.objects.filter(title="Festival").exists()


def test_an_object_of_another_government_cannot_be_named(world: TenantWorld) -> None:
    theirs = PartnerFactory.create(government=world.other_government)
    response = api_client(world, "coordinator").post(
        "/api/v1/actions/",
        {"title": "Exchange", "modality": "culture", "partners": [theirs.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert "partners" in response.json()


def test_search_and_ordering_come_from_the_filterset(world: TenantWorld) -> None:
    for name in ("Zaragoza", "Amsterdam", "Mar del Plata"):
        PartnerFactory.create(government=world.government, name=name)
    client = api_client(world, "viewer")
    names = [
        row["name"] for row in client.get("/api/v1/partners/?ordering=-name").json()["results"]
    ]
    assert names == ["Zaragoza", "Mar del Plata", "Amsterdam"]
    found = client.get("/api/v1/partners/?q=plata").json()["results"]
    assert [row["name"] for row in found] == ["Mar del Plata"]

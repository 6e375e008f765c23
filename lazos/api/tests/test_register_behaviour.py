"""What the register's API does beyond permissions: audited writes through the services, the
agreement's status transitions, optimistic concurrency, the HTML lists' filters."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Model
from django.utils import timezone

from lazos.actions.choices import ActionStatus, CommitmentStatus
from lazos.actions.filtersets import ActionFilterSet
from lazos.actions.models import Action, Commitment
from lazos.actions.tests.factories import ActionFactory, CommitmentFactory
from lazos.agreements.choices import AgreementStatus
from lazos.agreements.models import Agreement, AgreementTransition
from lazos.agreements.tests.factories import AgreementFactory
from lazos.api.tests.helpers import api_client
from lazos.core.audit import AuditAction, Channel
from lazos.core.models import AuditEvent
from lazos.core.testing import TenantWorld
from lazos.partners.tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(world: TenantWorld) -> Agreement:
    return AgreementFactory.create(
        government=world.government,
        title="Twinning with Porto",
        lead_department=world.department,
        partners=[PartnerFactory.create(government=world.government, name="Porto")],
    )


def events_of(obj: Model) -> list[AuditEvent]:
    return list(AuditEvent.objects.for_object(obj).order_by("id"))


# --- audit -----------------------------------------------------------------------------------


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


def test_the_status_cannot_be_written_directly(world: TenantWorld, agreement: Agreement) -> None:
    response = api_client(world, "coordinator").patch(
        f"/api/v1/agreements/{agreement.pk}/", {"status": "in_force"}, format="json"
    )
    assert response.status_code == 200
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


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


# --- agreement transitions -------------------------------------------------------------------


def test_a_valid_transition_is_recorded(world: TenantWorld, agreement: Agreement) -> None:
    client = api_client(world, "editor")  # of the agreement's lead department
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        f"/api/v1/agreements/{agreement.pk}/transition/",
        {"to_status": "negotiation", "on": yesterday.isoformat(), "note": "Talks begin"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "negotiation"
    assert response.json()["allowed_transitions"] == ["draft", "signed", "terminated"]
    assert response["ETag"]
    step = AgreementTransition.objects.get(agreement=agreement)
    assert (step.from_status, step.to_status, step.on, step.note) == (
        "draft",
        "negotiation",
        yesterday,
        "Talks begin",
    )
    assert step.actor == world.users["editor"]
    event = events_of(agreement)[-1]
    assert event.channel == Channel.API
    assert event.changes["status"] == {"before": "draft", "after": "negotiation"}


def test_an_invalid_transition_is_a_400_with_the_reason_and_writes_nothing(
    world: TenantWorld, agreement: Agreement
) -> None:
    client = api_client(world, "coordinator")  # its token's creation is audited too
    before = AuditEvent.objects.count()
    response = client.post(
        f"/api/v1/agreements/{agreement.pk}/transition/", {"to_status": "expired"}, format="json"
    )
    assert response.status_code == 400
    [message] = response.json()["non_field_errors"]
    assert "cannot go from draft to expired" in message
    assert "in negotiation, terminated" in message
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT
    assert not AgreementTransition.objects.filter(agreement=agreement).exists()
    assert AuditEvent.objects.count() == before


def test_a_transition_dated_in_the_future_is_refused(
    world: TenantWorld, agreement: Agreement
) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = api_client(world, "coordinator").post(
        f"/api/v1/agreements/{agreement.pk}/transition/",
        {"to_status": "negotiation", "on": tomorrow.isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert "future" in response.json()["on"][0]


def test_who_may_change_the_status(world: TenantWorld, agreement: Agreement) -> None:
    url = f"/api/v1/agreements/{agreement.pk}/transition/"
    statuses = {
        who: api_client(world, who)
        .post(url, {"to_status": "negotiation"}, format="json")
        .status_code
        for who in ("anonymous", "stranger", "outsider", "viewer")
    }
    assert statuses == {"anonymous": 401, "stranger": 403, "outsider": 404, "viewer": 403}
    elsewhere = AgreementFactory.create(government=world.government)  # no department
    response = api_client(world, "editor").post(
        f"/api/v1/agreements/{elsewhere.pk}/transition/",
        {"to_status": "negotiation"},
        format="json",
    )
    assert response.status_code == 403
    assert not AgreementTransition.objects.exists()


# --- optimistic concurrency ------------------------------------------------------------------


def test_two_clients_updating_the_same_agreement_the_second_gets_412(
    world: TenantWorld, agreement: Agreement
) -> None:
    url = f"/api/v1/agreements/{agreement.pk}/"
    first, second = api_client(world, "coordinator"), api_client(world, "administrator")
    first_etag = first.get(url)["ETag"]
    second_etag = second.get(url)["ETag"]
    assert first_etag == second_etag

    response = first.patch(url, {"summary": "First"}, format="json", HTTP_IF_MATCH=first_etag)
    assert response.status_code == 200
    assert response["ETag"] != first_etag

    response = second.patch(url, {"summary": "Second"}, format="json", HTTP_IF_MATCH=second_etag)
    assert response.status_code == 412
    agreement.refresh_from_db()
    assert agreement.summary == "First"
    assert [e.changes["summary"]["after"] for e in events_of(agreement)] == ["First"]

    # The transition honours If-Match too.
    stale = api_client(world, "coordinator").post(
        f"{url}transition/", {"to_status": "negotiation"}, format="json", HTTP_IF_MATCH=first_etag
    )
    assert stale.status_code == 412
    fresh_etag = second.get(url)["ETag"]
    response = second.post(
        f"{url}transition/", {"to_status": "negotiation"}, format="json", HTTP_IF_MATCH=fresh_etag
    )
    assert response.status_code == 200
    agreement.refresh_from_db()
    assert (agreement.status, agreement.summary) == ("negotiation", "First")


# --- commitments -----------------------------------------------------------------------------


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


# --- filters equal the HTML list -------------------------------------------------------------


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


def test_contacts_of_one_partner(world: TenantWorld) -> None:
    from lazos.partners.tests.factories import ContactFactory

    porto = PartnerFactory.create(government=world.government, name="Porto")
    mine = ContactFactory.create(partner=porto)
    ContactFactory.create(partner=PartnerFactory.create(government=world.government))
    rows = api_client(world, "viewer").get(f"/api/v1/contacts/?partner={porto.pk}").json()
    assert [(row["id"], row["partner_name"]) for row in rows["results"]] == [(mine.pk, "Porto")]
    theirs = PartnerFactory.create(government=world.other_government)
    ContactFactory.create(partner=theirs)
    rows = api_client(world, "viewer").get(f"/api/v1/contacts/?partner={theirs.pk}").json()
    assert rows["results"] == []


def test_dormant_agreements(world: TenantWorld) -> None:
    long_ago = timezone.localdate() - datetime.timedelta(days=800)
    sleeping = AgreementFactory.create(
        government=world.government,
        status=AgreementStatus.IN_FORCE,
        signed_on=long_ago,
        in_force_from=long_ago,
    )
    AgreementFactory.create(government=world.government, status=AgreementStatus.DRAFT)
    rows = api_client(world, "viewer").get("/api/v1/agreements/?dormant=yes").json()["results"]
    assert [(row["id"], row["dormant"]) for row in rows] == [(sleeping.pk, True)]


def test_a_full_update_with_put(world: TenantWorld, agreement: Agreement) -> None:
    url = f"/api/v1/agreements/{agreement.pk}/"
    client = api_client(world, "coordinator")
    body = client.get(url).json()
    body.update(title="Twinning with Porto (renewed)", valid_until="2030-12-31", tags=["culture"])
    response = client.put(url, body, format="json")
    assert response.status_code == 200, response.content
    agreement.refresh_from_db()
    assert agreement.title == "Twinning with Porto (renewed)"
    assert [t.name for t in agreement.tags.all()] == ["culture"]
    assert response.json()["partner_names"] == ["Porto"]


def test_an_international_partner_has_an_empty_country(world: TenantWorld) -> None:
    response = api_client(world, "coordinator").post(
        "/api/v1/partners/",
        {"name": "UN-Habitat", "kind": "international_organisation"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["country"] == ""
    assert response.json()["place_name"] is None


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

"""The agreements' API beyond permissions (lazos/api/tests has the matrices): the status changes
only through its transitions, optimistic concurrency, full updates, the dormant filter."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from lazos.agreements.choices import AgreementStatus
from lazos.agreements.models import Agreement, AgreementTransition
from lazos.agreements.tests.factories import AgreementFactory
from lazos.api.tests.helpers import api_client, events_of
from lazos.core.audit import Channel
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


def test_the_status_cannot_be_written_directly(world: TenantWorld, agreement: Agreement) -> None:
    response = api_client(world, "coordinator").patch(
        f"/api/v1/agreements/{agreement.pk}/", {"status": "in_force"}, format="json"
    )
    assert response.status_code == 200
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


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

"""The solidarity board: who is tied to whom, the path of help from need to delivered
emergency aid in both registers, refusals, permissions, isolation and query budgets."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lazos.actions.choices import ActionStatus, Modality
from lazos.actions.models import Action
from lazos.core.models import AuditEvent
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.core.testing.builders import GovernmentFactory, MembershipFactory, UserFactory
from lazos.governments.choices import Role
from lazos.networks.choices import MembershipStatus
from lazos.networks.tests.factories import NetworkFactory, NetworkMembershipFactory
from lazos.partners.models import Partner
from lazos.partners.tests.factories import PartnerFactory
from lazos.solidarity import services
from lazos.solidarity.choices import EmergencyStatus, NeedStatus, OfferStatus
from lazos.solidarity.models import Emergency, Need, Offer
from lazos.solidarity.tests.factories import EmergencyFactory, NeedFactory, OfferFactory
from lazos.solidarity.ties import tied_governments

TODAY = timezone.localdate


# --- Helpers ---------------------------------------------------------------------------------


def record_partner(recorder: Any, recorded: Any) -> Partner:
    """``recorder`` records ``recorded`` as a partner (same name, no place)."""
    return PartnerFactory.create(government=recorder, name=recorded.name, country=recorded.country)


def join_network(
    government: Any,
    *,
    website: str = "https://www.uclg.org/es",
    name: str = "Ciudades y Gobiernos Locales Unidos",
    acronym: str = "CGLU",
    public: bool = True,
    status: str = MembershipStatus.ACTIVE,
) -> None:
    network = NetworkFactory.create(
        government=government, website=website, name=name, acronym=acronym
    )
    NetworkMembershipFactory.create(network=network, is_public=public, status=status)


def third_government(prefix: str = "gamma") -> tuple[Any, Any]:
    """A third government (Canadian, in CAD) and its coordinator."""
    government = GovernmentFactory.create(
        name=f"Ville de {prefix.title()}", slug=f"ville-{prefix}", country="CA", currency="CAD"
    )
    user = UserFactory.create(username=f"{prefix}-coordinator")
    MembershipFactory.create(government=government, user=user, role=Role.COORDINATOR)
    return government, user


def last_event(obj: Any) -> AuditEvent:
    return AuditEvent.objects.for_object(obj)[0]


def declare(government: Any, user: Any, **values: Any) -> Emergency:
    values.setdefault("title", f"Floods in {government.name}")
    values.setdefault("hazard", "flood")
    values.setdefault("description", "The river overflowed; 3,000 families left their homes.")
    values.setdefault("started_on", TODAY() - timedelta(days=10))
    return services.declare_emergency(government, acting_user=user, **values)


def post(emergency: Emergency, user: Any, category: str = "technical_team", **values: Any) -> Need:
    values.setdefault("description", "Engineers to assess the bridges.")
    return services.post_need(emergency, acting_user=user, category=category, **values)


@pytest.fixture
def beta(world: Any) -> tuple[Any, Any]:
    """The other government of the world (its administrator is the "outsider")."""
    return world.other_government, world.users["outsider"]


# --- Ties ------------------------------------------------------------------------------------


def test_without_a_tie_another_governments_emergency_is_invisible(world, beta):
    government, admin = beta
    emergency = declare(government, admin)
    assert tied_governments(world.government) == {}
    assert not Emergency.objects.visible_to(world.government).filter(pk=emergency.pk).exists()
    client = world.client_for("administrator")
    url = reverse("solidarity:emergency-detail", args=[emergency.pk])
    assert client.get(url).status_code == 404
    assert emergency.title.encode() not in client.get(reverse("solidarity:board")).content


@pytest.mark.parametrize("direction", ["we record them", "they record us"])
def test_a_partner_record_in_either_register_ties_the_two(world, beta, direction):
    government, admin = beta
    if direction == "we record them":
        record_partner(world.government, government)
    else:
        record_partner(government, world.government)
    emergency = declare(government, admin)
    ties = tied_governments(world.government)
    assert set(ties) == {government.pk}
    assert ties[government.pk].is_partnership
    assert ties[government.pk].networks == ()
    response = world.client_for("viewer").get(emergency.get_absolute_url())
    assert response.status_code == 200
    assert "partners" in response.content.decode()


def test_fellow_members_of_a_network_through_public_memberships_are_tied(world, beta):
    government, admin = beta
    join_network(world.government, public=False)  # our own records: private is fine
    join_network(government, website="https://uclg.org/pt", name="Cidades e Governos Locais Unidos")
    emergency = declare(government, admin)
    ties = tied_governments(world.government)
    assert ties[government.pk].networks == ("CGLU",)
    assert not ties[government.pk].is_partnership
    response = world.client_for("viewer").get(emergency.get_absolute_url())
    assert response.status_code == 200
    assert "fellow members of CGLU" in response.content.decode()


def test_a_private_membership_of_the_affected_government_creates_no_tie(world, beta):
    government, admin = beta
    join_network(world.government)
    join_network(government, website="https://uclg.org/pt", public=False)
    emergency = declare(government, admin)
    assert tied_governments(world.government) == {}
    url = emergency.get_absolute_url()
    assert world.client_for("administrator").get(url).status_code == 404


@pytest.mark.parametrize("status", [MembershipStatus.ENDED, MembershipStatus.SUSPENDED])
def test_only_our_active_memberships_tie_us(world, beta, status):
    government, _admin = beta
    join_network(world.government, status=status)
    join_network(government, website="https://uclg.org/pt")
    assert tied_governments(world.government) == {}


# --- The path of help ------------------------------------------------------------------------


def test_the_match_records_emergency_aid_in_both_registers(world, beta):
    affected, admin = beta
    affected.official_languages = ["pt"]  # each register is written in its government's language
    affected.save()
    our_record_of_them = record_partner(world.government, affected)
    coordinator = world.users["coordinator"]
    emergency = declare(affected, admin, title="Floods in Beta")
    need = post(emergency, admin)
    offer = services.make_offer(
        world.government, need, acting_user=coordinator, description="Two engineers"
    )
    assert offer.offered_by == coordinator
    assert offer.status == OfferStatus.OFFERED

    accepted_on = TODAY() - timedelta(days=5)
    services.accept_offer(offer, acting_user=admin, on=accepted_on)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert offer.accepted_on == accepted_on

    # (1) In the offering government's register, written in the name of who offered.
    ours = offer.action
    assert ours is not None
    assert ours.government_id == world.government.pk
    assert ours.modality == Modality.EMERGENCY_AID
    assert ours.status == ActionStatus.ONGOING
    assert ours.start_date == accepted_on
    assert "w Beta" in ours.title
    assert list(ours.partners.all()) == [our_record_of_them]  # the existing record is reused
    assert [t.code for t in ours.themes.all()] == ["risk"]
    assert "Two engineers" in ours.description
    created = AuditEvent.objects.for_object(ours).get()
    assert created.actor == coordinator
    assert created.government_id == world.government.pk

    # (2) In the affected government's register: one response action, the helper a partner.
    emergency.refresh_from_db()
    response = emergency.response_action
    assert response is not None
    assert response.government_id == affected.pk
    assert response.modality == Modality.EMERGENCY_AID
    assert response.title == "Resposta a: Floods in Beta"
    assert response.start_date == emergency.started_on
    their_record_of_us = response.partners.get()
    assert their_record_of_us.government_id == affected.pk
    assert their_record_of_us.name == world.government.name
    assert their_record_of_us.kind == "local_government"
    assert AuditEvent.objects.for_object(their_record_of_us).get().actor == admin
    assert AuditEvent.objects.for_object(response).get().actor == admin
    assert "response_action_id" in last_event(emergency).changes
    accepted = last_event(offer)
    assert accepted.actor == admin
    assert accepted.changes["status"] == {"before": "offered", "after": "accepted"}

    # A second helper, tied through a network, joins the same response action.
    gamma, gamma_user = third_government()
    join_network(gamma)
    join_network(affected, website="https://uclg.org/pt")
    funds = post(emergency, admin, category="funds", description="Rent for displaced families")
    second = services.make_offer(
        gamma, funds, acting_user=gamma_user, description="Solidarity fund", amount=Decimal("25000")
    )
    assert second.currency == "CAD"
    services.accept_offer(second, acting_user=admin)
    second.refresh_from_db()
    emergency.refresh_from_db()
    assert emergency.response_action_id == response.pk
    assert {p.name for p in response.partners.all()} == {world.government.name, gamma.name}
    assert second.action is not None
    gamma_partner = second.action.partners.get()
    assert gamma_partner.government_id == gamma.pk
    assert gamma_partner.name == affected.name
    assert str(gamma_partner.country) == str(affected.country)

    # Delivered: the offering government's action is completed.
    delivered_on = TODAY() - timedelta(days=1)
    services.deliver_offer(offer, acting_user=coordinator, on=delivered_on)
    ours.refresh_from_db()
    assert ours.status == ActionStatus.COMPLETED
    assert ours.end_date == delivered_on
    assert Offer.objects.get(pk=offer.pk).delivered_on == delivered_on


def test_closing_withdraws_open_needs_declines_pending_offers_and_completes_the_response(
    world, beta
):
    affected, admin = beta
    record_partner(affected, world.government)
    emergency = declare(affected, admin)
    met = post(emergency, admin)
    still_open = post(emergency, admin, category="equipment", description="Pumps")
    accepted = services.make_offer(
        world.government, met, acting_user=world.users["administrator"], description="Team"
    )
    pending = services.make_offer(
        world.government, still_open, acting_user=world.users["administrator"], description="4"
    )
    services.accept_offer(accepted, acting_user=admin)
    services.mark_need_met(met, acting_user=admin)
    closed_on = TODAY()
    services.close_emergency(
        emergency, acting_user=admin, closing_note="Families are back home.", closed_on=closed_on
    )
    emergency.refresh_from_db()
    assert emergency.status == EmergencyStatus.CLOSED
    assert emergency.closed_on == closed_on
    assert Need.objects.get(pk=met.pk).status == NeedStatus.MET
    assert Need.objects.get(pk=still_open.pk).status == NeedStatus.WITHDRAWN
    assert Offer.objects.get(pk=pending.pk).status == OfferStatus.DECLINED
    assert Offer.objects.get(pk=accepted.pk).status == OfferStatus.ACCEPTED
    assert emergency.response_action_id is not None
    response = Action.objects.get(pk=emergency.response_action_id)
    assert response.status == ActionStatus.COMPLETED
    assert response.end_date == closed_on
    for row in (emergency, still_open, pending, response):
        assert AuditEvent.objects.for_object(row).filter(actor=admin).exists()
    # The accepted help can still be delivered after the emergency closed.
    services.deliver_offer(accepted, acting_user=world.users["administrator"])
    assert Offer.objects.get(pk=accepted.pk).status == OfferStatus.DELIVERED


def test_withdrawing_or_meeting_a_need_declines_its_pending_offers(world, beta):
    affected, admin = beta
    record_partner(world.government, affected)
    emergency = declare(affected, admin)
    for close in (services.withdraw_need, services.mark_need_met):
        need = post(emergency, admin)
        offer = services.make_offer(
            world.government, need, acting_user=world.users["coordinator"], description="x"
        )
        close(need, acting_user=admin)
        assert Offer.objects.get(pk=offer.pk).status == OfferStatus.DECLINED
        with pytest.raises(ValidationError, match="no longer open"):
            services.update_need(need, acting_user=admin, description="changed")


def test_withdraw_and_decline_are_recorded(world, beta):
    affected, admin = beta
    record_partner(world.government, affected)
    need = post(declare(affected, admin), admin)
    coordinator = world.users["coordinator"]
    first = services.make_offer(world.government, need, acting_user=coordinator, description="a")
    second = services.make_offer(world.government, need, acting_user=coordinator, description="b")
    services.withdraw_offer(first, acting_user=coordinator)
    services.decline_offer(second, acting_user=admin)
    assert last_event(first).changes["status"]["after"] == "withdrawn"
    declined = last_event(second)
    assert declined.changes["status"]["after"] == "declined"
    assert declined.actor == admin
    assert not Action.objects.filter(modality=Modality.EMERGENCY_AID).exists()


# --- Refusals --------------------------------------------------------------------------------


def test_refusals_name_the_reason(world, beta):
    affected, admin = beta
    coordinator = world.users["coordinator"]
    emergency = declare(affected, admin)
    need = post(emergency, admin)
    with pytest.raises(ValidationError, match="Only governments tied to w Beta"):
        services.make_offer(world.government, need, acting_user=coordinator, description="x")
    with pytest.raises(ValidationError, match="its own emergency"):
        services.make_offer(affected, need, acting_user=admin, description="x")

    record_partner(world.government, affected)
    offer = services.make_offer(world.government, need, acting_user=coordinator, description="x")
    with pytest.raises(ValidationError, match="accepted offer"):
        services.deliver_offer(offer, acting_user=coordinator)
    with pytest.raises(ValidationError) as future:
        services.accept_offer(offer, acting_user=admin, on=TODAY() + timedelta(days=1))
    assert "accepted_on" in future.value.message_dict
    with pytest.raises(ValidationError) as early:
        services.accept_offer(offer, acting_user=admin, on=emergency.started_on - timedelta(1))
    assert "accepted_on" in early.value.message_dict
    services.accept_offer(offer, acting_user=admin, on=TODAY() - timedelta(days=2))
    with pytest.raises(ValidationError, match="no longer waiting"):
        services.withdraw_offer(offer, acting_user=coordinator)
    with pytest.raises(ValidationError) as before:
        services.deliver_offer(offer, acting_user=coordinator, on=TODAY() - timedelta(days=3))
    assert "delivered_on" in before.value.message_dict
    with pytest.raises(ValidationError) as bad_currency:
        services.make_offer(
            world.government, need, acting_user=coordinator, description="x", currency="XYZ"
        )
    assert "currency" in bad_currency.value.message_dict

    with pytest.raises(ValidationError) as no_note:
        services.close_emergency(emergency, acting_user=admin, closing_note=" ")
    assert "closing_note" in no_note.value.message_dict
    with pytest.raises(ValidationError) as too_early:
        services.close_emergency(
            emergency,
            acting_user=admin,
            closing_note="Done",
            closed_on=emergency.started_on - timedelta(days=1),
        )
    assert "closed_on" in too_early.value.message_dict
    services.close_emergency(emergency, acting_user=admin, closing_note="Done")
    with pytest.raises(ValidationError, match="is closed"):
        post(emergency, admin)
    with pytest.raises(ValidationError, match="is closed"):
        services.close_emergency(emergency, acting_user=admin, closing_note="Again")
    # A failed step writes nothing: no stray offer, no audit row.
    assert Offer.objects.count() == 1


# --- Pages -----------------------------------------------------------------------------------


def _people_of(world: Any, **statuses: int) -> dict[str, int]:
    expected = {"anonymous": 302, "stranger": 403}
    expected.update(statuses)
    return expected


def test_permission_matrix_of_our_emergency(world):
    admin = world.users["administrator"]
    emergency = declare(world.government, admin)
    need = post(emergency, admin)
    everyone = dict(outsider=404, administrator=200, coordinator=200, editor=200, viewer=200)
    managers = dict(outsider=404, administrator=200, coordinator=200, editor=403, viewer=403)
    board = reverse("solidarity:board")
    assert_permission_matrix(world, board, _people_of(world, **{**everyone, "outsider": 200}))
    assert_permission_matrix(
        world,
        reverse("solidarity:emergency-declare"),
        _people_of(world, **{**managers, "outsider": 200}),
    )
    for name in ("emergency-detail", "emergency-history"):
        url = reverse(f"solidarity:{name}", args=[emergency.pk])
        assert_permission_matrix(world, url, _people_of(world, **everyone))
    for name in ("emergency-edit", "emergency-close", "need-create"):
        url = reverse(f"solidarity:{name}", args=[emergency.pk])
        assert_permission_matrix(world, url, _people_of(world, **managers))
    url = reverse("solidarity:need-edit", args=[need.pk])
    assert_permission_matrix(world, url, _people_of(world, **managers))
    # Nobody offers help for their own emergency.
    url = reverse("solidarity:offer-create", args=[need.pk])
    assert_permission_matrix(
        world, url, _people_of(world, **{**managers, "administrator": 404, "coordinator": 404})
    )


def test_a_tied_government_sees_and_offers_but_does_not_manage(world, beta):
    affected, _admin = beta
    record_partner(affected, world.government)
    emergency = declare(world.government, world.users["administrator"])
    need = post(emergency, world.users["administrator"])
    client = world.client_for("outsider")  # the administrator of the tied government
    page = client.get(emergency.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("solidarity:offer-create", args=[need.pk]) in html
    assert reverse("solidarity:need-met", args=[need.pk]) not in html
    assert reverse("solidarity:emergency-edit", args=[emergency.pk]) not in html
    assert reverse("solidarity:emergency-history", args=[emergency.pk]) not in html
    for name in ("emergency-edit", "emergency-history", "emergency-close", "need-create"):
        assert client.get(reverse(f"solidarity:{name}", args=[emergency.pk])).status_code == 404
    assert client.get(reverse("solidarity:need-edit", args=[need.pk])).status_code == 404
    assert client.post(reverse("solidarity:need-met", args=[need.pk])).status_code == 404
    assert client.get(reverse("solidarity:offer-create", args=[need.pk])).status_code == 200


def test_accept_and_deliver_permission_matrices(world, beta):
    affected, outsider = beta
    record_partner(world.government, affected)
    emergency = declare(world.government, world.users["administrator"])
    need = post(emergency, world.users["administrator"])
    offer = services.make_offer(affected, need, acting_user=outsider, description="Pumps")
    accept = reverse("solidarity:offer-accept", args=[offer.pk])
    assert_permission_matrix(
        world,
        accept,
        {"anonymous": 302, "stranger": 403, "outsider": 404, "administrator": 302,
         "coordinator": 302, "editor": 403, "viewer": 403},
        method="post",
    )  # fmt: skip
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    deliver = reverse("solidarity:offer-deliver", args=[offer.pk])
    # Only the offering government delivers; for us the offer is not ours.
    for role in ("administrator", "coordinator"):
        response = world.client_for(role).post(deliver, {"delivered_on": TODAY().isoformat()})
        assert response.status_code == 404
    response = world.client_for("outsider").post(deliver, {"delivered_on": TODAY().isoformat()})
    assert response.status_code == 302
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.DELIVERED
    assert world.client_for("administrator").get(accept).status_code == 405


def test_offering_through_the_pages_and_seeing_only_what_concerns_us(world, beta):
    affected, outsider = beta
    record_partner(world.government, affected)
    gamma, gamma_user = third_government()
    record_partner(gamma, affected)
    emergency = declare(affected, outsider, title="Landslide in Beta", hazard="landslide")
    need = post(emergency, outsider, description="Engineers for the slopes")
    services.make_offer(gamma, need, acting_user=gamma_user, description="Gamma's geologists")

    coordinator = world.client_for("coordinator")
    board = coordinator.get(reverse("solidarity:board")).content.decode()
    assert "Landslide in Beta" in board
    response = coordinator.post(
        reverse("solidarity:offer-create", args=[need.pk]),
        {"description": "Alpha's engineers", "quantity": "2 people", "amount": "", "currency": ""},
    )
    assert response.status_code == 302
    offer = Offer.objects.get(government=world.government)
    assert offer.offered_by == world.users["coordinator"]

    # The affected government sees both offers; we see only ours.
    ours = coordinator.get(emergency.get_absolute_url()).content.decode()
    assert "Alpha&#x27;s engineers" in ours
    assert "Gamma" not in ours
    theirs = world.client_for("outsider").get(emergency.get_absolute_url()).content.decode()
    assert "Alpha&#x27;s engineers" in theirs
    assert "Gamma&#x27;s geologists" in theirs

    response = world.client_for("outsider").post(
        reverse("solidarity:offer-accept", args=[offer.pk])
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    emergency.refresh_from_db()
    our_action = reverse("actions:action-detail", args=[offer.action_id])
    their_action = reverse("actions:action-detail", args=[emergency.response_action_id])
    ours = coordinator.get(emergency.get_absolute_url()).content.decode()
    assert our_action in ours
    assert their_action not in ours
    theirs = world.client_for("outsider").get(emergency.get_absolute_url()).content.decode()
    assert their_action in theirs
    assert our_action not in theirs
    assert our_action in coordinator.get(reverse("solidarity:board")).content.decode()


def test_declare_post_a_need_and_close_through_the_pages(world):
    client = world.client_for("coordinator")
    response = client.post(
        reverse("solidarity:emergency-declare"),
        {"title": "Storm in Alpha", "hazard": "storm", "description": "Roofs blown away.",
         "started_on": TODAY().isoformat(), "contact_name": "Civil protection",
         "contact_email": "cp@example.org"},
    )  # fmt: skip
    assert response.status_code == 302
    emergency = Emergency.objects.get(title="Storm in Alpha")
    assert emergency.government == world.government
    response = client.post(
        reverse("solidarity:need-create", args=[emergency.pk]),
        {"category": "shelter", "description": "Tarpaulins", "quantity": "500"},
    )
    assert response.status_code == 302
    need = emergency.needs.get()
    close = reverse("solidarity:emergency-close", args=[emergency.pk])
    response = client.post(close, {"closing_note": "", "closed_on": TODAY().isoformat()})
    assert response.status_code == 200  # the form again, with the error
    response = client.post(close, {"closing_note": "Over.", "closed_on": TODAY().isoformat()})
    assert response.status_code == 302
    assert Need.objects.get(pk=need.pk).status == NeedStatus.WITHDRAWN
    board = client.get(reverse("solidarity:board") + "?status=closed").content.decode()
    assert "Storm in Alpha" in board
    board = client.get(reverse("solidarity:board") + "?hazard=flood").content.decode()
    assert "Storm in Alpha" not in board


# --- Query budgets ---------------------------------------------------------------------------


def test_the_board_has_a_fixed_query_budget(world, beta):
    affected, _outsider = beta
    record_partner(world.government, affected)

    def add_rows(count: int) -> None:
        for _ in range(count):
            theirs = EmergencyFactory.create(government=affected)
            need = NeedFactory.create(emergency=theirs)
            NeedFactory.create(emergency=theirs)
            OfferFactory.create(government=world.government, need=need)
            ours = EmergencyFactory.create(government=world.government)
            mine = NeedFactory.create(emergency=ours)
            OfferFactory.create(government=affected, need=mine)
            EmergencyFactory.create(government=affected, status="closed", closed_on=TODAY())

    assert_constant_queries(
        world.client_for("coordinator"), reverse("solidarity:board"), add_rows, budget=14
    )


def test_the_emergency_page_has_a_fixed_query_budget(world, beta):
    affected, _outsider = beta
    record_partner(world.government, affected)
    emergency = EmergencyFactory.create(government=world.government)
    gamma, _user = third_government()

    def add_rows(count: int) -> None:
        for _ in range(count):
            need = NeedFactory.create(emergency=emergency)
            OfferFactory.create(government=affected, need=need)
            OfferFactory.create(government=gamma, need=need, status="accepted")

    assert_constant_queries(
        world.client_for("coordinator"), emergency.get_absolute_url(), add_rows, budget=12
    )


def test_steps_that_can_no_longer_be_taken_say_why_instead_of_showing_a_form(world, beta):
    affected, outsider = beta
    record_partner(world.government, affected)
    emergency = declare(affected, outsider)
    need = post(emergency, outsider)
    services.mark_need_met(need, acting_user=outsider)
    page = world.client_for("coordinator").get(reverse("solidarity:offer-create", args=[need.pk]))
    assert page.status_code == 200
    assert "This need is no longer open." in page.content.decode()
    assert b'name="description"' not in page.content
    ours = declare(world.government, world.users["administrator"])
    services.close_emergency(ours, acting_user=world.users["administrator"], closing_note="Over")
    client = world.client_for("administrator")
    for name in ("need-create", "emergency-close"):
        page = client.get(reverse(f"solidarity:{name}", args=[ours.pk]))
        assert b"already closed" in page.content or b"is closed" in page.content
        assert b'<form method="post" class="form"' not in page.content

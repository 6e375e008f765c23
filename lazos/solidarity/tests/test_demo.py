"""The demo's closed emergency, loaded on the three demo governments only (not the whole
demo, which the lead's acceptance test covers)."""

from __future__ import annotations

from typing import Any

import pytest

from lazos.actions.choices import ActionStatus, Modality
from lazos.actions.models import Action
from lazos.core.models import AuditEvent
from lazos.core.testing.builders import GovernmentFactory, MembershipFactory, UserFactory
from lazos.demo.kit import DemoReport
from lazos.governments.choices import Role
from lazos.partners.models import Partner
from lazos.solidarity.choices import EmergencyStatus, NeedStatus, OfferStatus
from lazos.solidarity.demo import SOLIDARITY, load_solidarity
from lazos.solidarity.models import Emergency, Offer
from lazos.solidarity.tests.test_solidarity import join_network

pytestmark = pytest.mark.django_db

GOVERNMENTS = (
    # slug, name, country, language, currency, UCLG website
    ("villa-esperanza", "Municipality of Villa Esperanza", "MX", "es", "MXN", "https://www.uclg.org/es"),
    ("rio-claro-do-sul", "Prefeitura de Rio Claro do Sul", "BR", "pt", "BRL", "https://www.uclg.org/pt"),
    ("lac-saint-amand", "Ville de Lac-Saint-Amand", "CA", "fr", "CAD", "https://www.uclg.org/fr"),
)  # fmt: skip


def _demo_governments(*, networks: bool) -> dict[str, Any]:
    governments = {}
    coordinator = UserFactory.create(username="coordinator")
    claire = UserFactory.create(username="claire")
    for slug, name, country, language, currency, website in GOVERNMENTS:
        government = GovernmentFactory.create(
            slug=slug,
            name=name,
            country=country,
            official_languages=[language],
            currency=currency,
            is_demo=True,
        )
        user = claire if slug == "lac-saint-amand" else coordinator
        MembershipFactory.create(government=government, user=user, role=Role.COORDINATOR)
        if networks:
            join_network(government, website=website)
        governments[slug] = government
    return governments


@pytest.mark.parametrize("networks", [True, False], ids=["tied by UCLG", "no tie yet"])
def test_one_closed_emergency_with_emergency_aid_in_three_registers(networks):
    governments = _demo_governments(networks=networks)
    load_solidarity(DemoReport())

    rio = governments["rio-claro-do-sul"]
    emergency = Emergency.objects.for_tenant(rio).get(title=SOLIDARITY.load()["emergency"]["title"])
    assert emergency.status == EmergencyStatus.CLOSED
    assert emergency.closing_note
    assert emergency.closed_on is not None
    assert emergency.closed_on > emergency.started_on
    assert {need.status for need in emergency.needs.all()} == {NeedStatus.MET}
    assert emergency.needs.count() == 4
    offers = Offer.objects.filter(need__emergency=emergency)
    assert sorted(offers.values_list("status", flat=True)) == [
        OfferStatus.DECLINED,
        OfferStatus.DELIVERED,
        OfferStatus.DELIVERED,
    ]
    funds = offers.get(amount__isnull=False)
    assert funds.currency == "CAD"
    assert funds.government.slug == "lac-saint-amand"

    for government in governments.values():
        aid = Action.objects.for_tenant(government).filter(modality=Modality.EMERGENCY_AID)
        assert aid.count() == 1, government.slug
        action = aid.get()
        assert action.status == ActionStatus.COMPLETED
        assert action.end_date is not None
        assert emergency.started_on <= action.end_date <= emergency.closed_on
    response = emergency.response_action
    assert response is not None
    assert {p.name for p in response.partners.all()} == {
        "Municipality of Villa Esperanza",
        "Ville de Lac-Saint-Amand",
    }
    if not networks:
        # The tie was made with partner records in both registers.
        for slug in ("villa-esperanza", "lac-saint-amand"):
            assert Partner.objects.for_tenant(governments[slug]).filter(name=rio.name).exists()

    # A second run creates nothing.
    events = AuditEvent.objects.count()
    report = DemoReport()
    load_solidarity(report)
    assert report.created == []
    assert AuditEvent.objects.count() == events
    assert Emergency.objects.count() == 1


def test_without_the_demo_governments_nothing_is_loaded():
    report = DemoReport()
    load_solidarity(report)
    assert report.created == []
    assert not Emergency.objects.exists()

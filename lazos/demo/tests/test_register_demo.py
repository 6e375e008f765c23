import itertools
from collections import Counter
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lazos.actions.choices import ActionStatus, FundingSource, Modality
from lazos.actions.models import Action, ActionLocalActor, BudgetLine, Commitment, Mission
from lazos.actors.choices import ActorKind
from lazos.actors.models import LocalActor
from lazos.agreements.choices import TRANSITIONS, AgreementStatus
from lazos.agreements.models import Agreement, AgreementTransition, Signatory
from lazos.core.models import AuditEvent
from lazos.demo.builders import load_demo
from lazos.demo.peers import PEER_SLUG
from lazos.governments.models import Government
from lazos.networks.models import Network, NetworkMembership, NetworkPost
from lazos.partners.models import Contact, Partner, PartnerNote
from lazos.reference.models import City

pytestmark = pytest.mark.django_db

# Some of the demo's partner cities; the others get no GeoNames place (and must not fail).
COUNTRIES = {"ES", "AR", "PT", "UY"}


def _counts(government: Government) -> dict[str, int]:
    return {
        model.__name__: model.objects.for_tenant(government).count()
        for model in (
            Partner,
            Contact,
            PartnerNote,
            LocalActor,
            Agreement,
            AgreementTransition,
            Signatory,
            Action,
            BudgetLine,
            ActionLocalActor,
            Mission,
            Commitment,
            Network,
            NetworkMembership,
            NetworkPost,
        )
    }


def _assert_walked_valid_transitions(agreement: Agreement, today: date) -> None:
    steps = list(agreement.transitions.order_by("on", "id"))
    if agreement.status == AgreementStatus.DRAFT:
        assert steps == []
        return
    assert steps, f"{agreement} reached {agreement.status} without transitions"
    assert steps[0].from_status == AgreementStatus.DRAFT
    for before, after in itertools.pairwise(steps):
        assert after.from_status == before.to_status
        assert after.on >= before.on
    for step in steps:
        assert step.to_status in TRANSITIONS[step.from_status]
        assert step.on <= today
    assert steps[-1].to_status == agreement.status


def _aid_titles(government: Government) -> list[str]:
    from lazos.solidarity.models import Emergency, Offer

    ids = [
        *Offer.objects.for_tenant(government).values_list("action_id", flat=True),
        *Emergency.objects.for_tenant(government).values_list("response_action_id", flat=True),
    ]
    return list(Action.objects.filter(pk__in=[i for i in ids if i]).values_list("title", flat=True))


def _assert_living_register(government: Government) -> None:
    today = timezone.localdate()
    counts = _counts(government)
    # The solidarity board's demo adds its emergency-aid actions and the partner records of
    # the governments it helped or was helped by; the register itself is what load_register made.
    aid = Action.objects.for_tenant(government).filter(modality="emergency_aid")
    other_governments = Government.objects.exclude(pk=government.pk).values("name")
    peers = Partner.objects.for_tenant(government).filter(name__in=other_governments)
    counts["Action"] -= aid.filter(title__in=_aid_titles(government)).count()
    counts["Partner"] -= peers.count()
    assert counts["Partner"] == 40
    assert counts["LocalActor"] == 20
    assert counts["Agreement"] == 25
    assert counts["Action"] == 150
    assert counts["Network"] == counts["NetworkMembership"] == 5
    assert counts["NetworkPost"] >= 1
    assert counts["Contact"] >= 40
    assert counts["PartnerNote"] >= 40

    partners = Partner.objects.for_tenant(government).exclude(pk__in=peers)
    assert sorted(partners.values_list("external_id", flat=True)) == [
        f"demo-partner-{n:02d}" for n in range(1, 41)
    ]
    assert partners.filter(place__country__in=COUNTRIES).exists()
    assert partners.filter(kind="local_government", place__isnull=True).exists()  # fallback
    assert len(set(partners.values_list("kind", flat=True))) >= 8
    assert not Contact.objects.for_tenant(government).exclude(email__endswith=".example.org")

    actors = LocalActor.objects.for_tenant(government)
    assert set(actors.values_list("kind", flat=True)) == set(ActorKind.values)

    agreements = Agreement.objects.for_tenant(government)
    assert set(agreements.values_list("status", flat=True)) == set(AgreementStatus.values)
    assert agreements.expiring_within(90).exists()
    assert agreements.dormant(government.dormancy_months).exists()
    assert agreements.filter(registration_required=True).exists()
    for agreement in agreements.prefetch_related("transitions"):
        _assert_walked_valid_transitions(agreement, today)

    actions = Action.objects.for_tenant(government).exclude(title__in=_aid_titles(government))
    assert set(actions.values_list("modality", flat=True)) == set(Modality.values)
    years = set(actions.values_list("start_date__year", flat=True))
    assert {2019, today.year, today.year + 1} <= years
    assert actions.filter(agreement__isnull=False).exists()
    for action in actions:
        if action.status in (ActionStatus.COMPLETED, ActionStatus.CANCELLED):
            assert action.end_date
            assert action.end_date < today
        elif action.status == ActionStatus.ONGOING:
            assert action.start_date
            assert action.end_date
            assert action.start_date <= today <= action.end_date
        else:
            assert action.start_date
            assert action.start_date > today
    assert not actions.filter(status=ActionStatus.COMPLETED, outcomes="").exists()
    assert actions.filter(is_public=True).exclude(public_summary="").exists()
    lines = BudgetLine.objects.for_tenant(government)
    assert set(lines.values_list("source", flat=True)) == set(FundingSource.values)
    assert set(lines.values_list("currency", flat=True)) == {government.currency}
    assert ActionLocalActor.objects.for_tenant(government).exists()
    missions = Mission.objects.for_tenant(government)
    assert missions.filter(travellers__isnull=False, cost__isnull=False).exists()

    commitments = Commitment.objects.for_tenant(government)
    assert commitments.overdue().exists()
    assert commitments.filter(status="done", completed_on__lte=today).exists()
    assert commitments.open().filter(due_date__gte=today).exists()


def test_demo_register_is_a_living_register_and_loads_idempotently(loaded_demo):
    # The shared demo was loaded after the GeoNames places of COUNTRIES.
    assert set(City.objects.values_list("country", flat=True).distinct()) == COUNTRIES

    # The two main demo governments have the full register (Lac-Saint-Amand a small one).
    governments = {g.slug: g for g in Government.objects.exclude(slug=PEER_SLUG)}
    assert set(governments) == {"villa-esperanza", "rio-claro-do-sul"}
    for government in governments.values():
        _assert_living_register(government)
    # in the government's language
    villa = Partner.objects.for_tenant(governments["villa-esperanza"])
    rio = Partner.objects.for_tenant(governments["rio-claro-do-sul"])
    assert villa.filter(name="Ayuntamiento de Zaragoza", place__name="Zaragoza").exists()
    assert rio.filter(name="Câmara Municipal de Braga", place__name="Braga").exists()
    assert Counter(
        Action.objects.for_tenant(governments["rio-claro-do-sul"]).values_list(
            "modality", flat=True
        )
    ) == Counter(
        Action.objects.for_tenant(governments["villa-esperanza"]).values_list("modality", flat=True)
    )

    before = {slug: _counts(g) for slug, g in governments.items()}
    events = AuditEvent.objects.count()
    load_demo()
    assert {slug: _counts(g) for slug, g in governments.items()} == before
    assert AuditEvent.objects.count() == events


def test_the_coordinators_pages_render_with_the_demo(loaded_demo):
    client = Client()
    client.force_login(get_user_model().objects.get(username="coordinator"))
    for government in Government.objects.exclude(slug=PEER_SLUG).order_by("slug"):
        client.post(reverse("governments:switch"), {"government": government.pk})
        agreement = Agreement.objects.for_tenant(government).in_force().first()
        action = (
            Action.objects.for_tenant(government)
            .filter(mission__travellers__isnull=False, budget_lines__isnull=False)
            .first()
        )
        partner = Partner.objects.for_tenant(government).get(external_id="demo-partner-01")
        assert agreement is not None
        assert action is not None
        page = client.get(reverse("partners:partner-list"))
        assert page.status_code == 200
        assert partner.name in page.content.decode()
        for url in (
            agreement.get_absolute_url(),
            action.get_absolute_url(),
            partner.get_absolute_url(),
            reverse("agreements:agreement-list"),
            reverse("actions:action-list"),
        ):
            assert client.get(url).status_code == 200, url

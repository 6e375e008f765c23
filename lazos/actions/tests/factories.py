"""Factories and object builders of the actions app (builders registered on import)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory

from lazos.actions.choices import (
    ActionStatus,
    ActorRole,
    CommitmentStatus,
    FundingSource,
    Modality,
)
from lazos.actions.models import (
    Action,
    ActionLocalActor,
    BudgetLine,
    Commitment,
    Mission,
    Traveller,
)
from lazos.actors.models import LocalActor
from lazos.agreements.models import Agreement
from lazos.core.testing.builders import GovernmentFactory, register_builder
from lazos.governments.models import Government
from lazos.partners.models import Partner


def make_partner(government: Government, name: str = "Rosario", **values: Any) -> Partner:
    values.setdefault("kind", "local_government")
    return Partner.objects.create(government=government, name=name, **values)


def make_agreement(
    government: Government, partners: list[Partner] | None = None, **values: Any
) -> Agreement:
    values.setdefault("title", "Cooperation agreement")
    values.setdefault("kind", "cooperation")
    agreement = Agreement.objects.create(government=government, **values)
    agreement.partners.set(partners or [make_partner(government, "Agreement partner")])
    return agreement


def make_actor(
    government: Government, name: str = "Universidad Local", **values: Any
) -> LocalActor:
    values.setdefault("kind", "academia")
    return LocalActor.objects.create(government=government, name=name, **values)


class ActionFactory(factory.django.DjangoModelFactory[Action]):
    class Meta:
        model = Action

    government = factory.SubFactory(GovernmentFactory)
    title = factory.Sequence(lambda n: f"International action {n}")
    modality = Modality.TECHNICAL_EXCHANGE
    status = ActionStatus.PLANNED


class BudgetLineFactory(factory.django.DjangoModelFactory[BudgetLine]):
    class Meta:
        model = BudgetLine

    action = factory.SubFactory(ActionFactory)
    government = factory.LazyAttribute(lambda o: o.action.government)
    source = FundingSource.OWN
    amount = Decimal("1000.00")
    currency = "EUR"


class MissionFactory(factory.django.DjangoModelFactory[Mission]):
    class Meta:
        model = Mission

    action = factory.SubFactory(ActionFactory, modality=Modality.MISSION)
    government = factory.LazyAttribute(lambda o: o.action.government)
    destination_text = "Rosario, Argentina"
    currency = "EUR"


class TravellerFactory(factory.django.DjangoModelFactory[Traveller]):
    class Meta:
        model = Traveller

    mission = factory.SubFactory(MissionFactory)
    government = factory.LazyAttribute(lambda o: o.mission.government)
    name = factory.Sequence(lambda n: f"Traveller {n}")


class ParticipationFactory(factory.django.DjangoModelFactory[ActionLocalActor]):
    class Meta:
        model = ActionLocalActor

    action = factory.SubFactory(ActionFactory)
    government = factory.LazyAttribute(lambda o: o.action.government)
    actor = factory.LazyAttribute(lambda o: make_actor(o.government, f"Actor {o.action.pk}"))
    role = ActorRole.PARTICIPANT


class CommitmentFactory(factory.django.DjangoModelFactory[Commitment]):
    class Meta:
        model = Commitment

    government = factory.SubFactory(GovernmentFactory)
    title = factory.Sequence(lambda n: f"Send the report {n}")
    meeting = "Steering committee"
    status = CommitmentStatus.OPEN


@register_builder(Action)
def _build_action(government: Government) -> Action:
    return ActionFactory.create(
        government=government, title="Secret mission abroad", modality=Modality.MISSION
    )


@register_builder(BudgetLine)
def _build_budget_line(government: Government) -> BudgetLine:
    return BudgetLineFactory.create(action=ActionFactory.create(government=government))


@register_builder(ActionLocalActor)
def _build_participation(government: Government) -> ActionLocalActor:
    return ParticipationFactory.create(action=ActionFactory.create(government=government))


@register_builder(Traveller)
def _build_traveller(government: Government) -> Traveller:
    action = ActionFactory.create(government=government, modality=Modality.MISSION)
    return TravellerFactory.create(mission=MissionFactory.create(action=action))


@register_builder(Commitment)
def _build_commitment(government: Government) -> Commitment:
    return CommitmentFactory.create(government=government, title="Secret commitment")

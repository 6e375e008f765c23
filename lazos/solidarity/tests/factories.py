"""Builders of emergencies, needs and offers (registered for the generic isolation walk).

The registered builders make the rows a government must NOT see: an emergency of a
government with no tie to anyone, its needs, and offers between two other governments.
"""

from __future__ import annotations

import factory

from lazos.core.testing.builders import GovernmentFactory, register_builder
from lazos.governments.models import Government
from lazos.solidarity.choices import Hazard, NeedCategory, OfferStatus
from lazos.solidarity.models import Emergency, Need, Offer


class EmergencyFactory(factory.django.DjangoModelFactory[Emergency]):
    class Meta:
        model = Emergency

    government = factory.SubFactory(GovernmentFactory)
    title = factory.Sequence(lambda n: f"Floods {n}")
    hazard = Hazard.FLOOD
    description = "The river overflowed."


class NeedFactory(factory.django.DjangoModelFactory[Need]):
    class Meta:
        model = Need

    emergency = factory.SubFactory(EmergencyFactory)
    government = factory.SelfAttribute("emergency.government")
    category = NeedCategory.TECHNICAL_TEAM
    description = "Engineers to assess damaged bridges."


class OfferFactory(factory.django.DjangoModelFactory[Offer]):
    class Meta:
        model = Offer

    need = factory.SubFactory(NeedFactory)
    government = factory.SubFactory(GovernmentFactory)
    description = "Two structural engineers for three weeks."
    status = OfferStatus.OFFERED


@register_builder(Emergency)
def _build_emergency(government: Government) -> Emergency:
    return EmergencyFactory.create(government=government, title="Secret emergency")


@register_builder(Need)
def _build_need(government: Government) -> Need:
    return NeedFactory.create(
        emergency=EmergencyFactory.create(government=government, title="Untied floods"),
        description="Secret need",
    )


@register_builder(Offer)
def _build_offer(government: Government) -> Offer:
    """An offer of ``government`` for an emergency of a third government."""
    third = GovernmentFactory.create(name="Third city", slug="third-city", country="CL")
    return OfferFactory.create(
        government=government,
        need=NeedFactory.create(emergency=EmergencyFactory.create(government=third)),
        description="Secret offer",
    )

"""Builders of consultations, invitations and contributions (registered for the generic tests)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from lazos.actions.tests.factories import make_actor
from lazos.consultations.choices import ConsultationStatus, ContributionStatus
from lazos.consultations.models import Consultation, Contribution, Invitation
from lazos.core.testing.builders import GovernmentFactory, register_builder
from lazos.governments.models import Government


class ConsultationFactory(factory.django.DjangoModelFactory[Consultation]):
    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    government = factory.SubFactory(GovernmentFactory)
    title = factory.Sequence(lambda n: f"Consultation {n}")
    description = "What do you think?"
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    status = ConsultationStatus.OPEN


class ContributionFactory(factory.django.DjangoModelFactory[Contribution]):
    class Meta:
        model = Contribution

    consultation = factory.SubFactory(ConsultationFactory)
    government = factory.SelfAttribute("consultation.government")
    display_name = "Ana"
    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    text = "A contribution."
    status = ContributionStatus.PENDING


@register_builder(Consultation)
def _build_consultation(government: Government) -> Consultation:
    return ConsultationFactory.create(government=government, title="Secret consultation")


@register_builder(Contribution)
def _build_contribution(government: Government) -> Contribution:
    return ContributionFactory.create(
        consultation=ConsultationFactory.create(government=government),
        display_name="Secret contributor",
    )


@register_builder(Invitation)
def _build_invitation(government: Government) -> Invitation:
    consultation = ConsultationFactory.create(government=government)
    return Invitation.objects.create(
        government=government, consultation=consultation, actor=make_actor(government, "Invited")
    )

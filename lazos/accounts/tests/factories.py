"""Factories of the accounts app's own models (users are built by lazos.core.testing)."""

from __future__ import annotations

import factory

from lazos.accounts.models import (
    PersonalDataRequest,
    RecoveryCode,
    RecoveryCodeDevice,
    recovery_code_digest,
)
from lazos.core.testing.builders import GovernmentFactory, UserFactory, register_builder
from lazos.governments.models import Government


class RecoveryCodeDeviceFactory(factory.django.DjangoModelFactory[RecoveryCodeDevice]):
    class Meta:
        model = RecoveryCodeDevice

    user = factory.SubFactory(UserFactory)
    name = "recovery codes"


class RecoveryCodeFactory(factory.django.DjangoModelFactory[RecoveryCode]):
    class Meta:
        model = RecoveryCode

    device = factory.SubFactory(RecoveryCodeDeviceFactory)
    digest = factory.Sequence(lambda n: recovery_code_digest(f"code-{n}"))


class PersonalDataRequestFactory(factory.django.DjangoModelFactory[PersonalDataRequest]):
    class Meta:
        model = PersonalDataRequest

    government = factory.SubFactory(GovernmentFactory)
    name = factory.Sequence(lambda n: f"Requesting person {n}")
    email = factory.Sequence(lambda n: f"requester{n}@example.org")


@register_builder(PersonalDataRequest)
def _build_personal_data_request(government: Government) -> PersonalDataRequest:
    return PersonalDataRequestFactory.create(government=government)

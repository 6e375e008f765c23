"""Factories of the accounts app's own models (users are built by lazos.core.testing)."""

from __future__ import annotations

import factory

from lazos.accounts.models import RecoveryCode, RecoveryCodeDevice, recovery_code_digest
from lazos.core.testing.builders import UserFactory


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

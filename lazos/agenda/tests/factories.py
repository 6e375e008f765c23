"""Builders of this app's objects for the generic tests (registered on import)."""

from __future__ import annotations

import secrets

import factory

from lazos.agenda.models import CalendarToken
from lazos.agenda.tokens import hash_token
from lazos.core.testing.builders import MembershipFactory, UserFactory, register_builder
from lazos.governments.models import Government


class CalendarTokenFactory(factory.django.DjangoModelFactory[CalendarToken]):
    class Meta:
        model = CalendarToken

    government = factory.SubFactory("lazos.core.testing.builders.GovernmentFactory")
    user = factory.SubFactory(UserFactory)
    token_hash = factory.LazyFunction(lambda: hash_token(secrets.token_urlsafe(32)))


@register_builder(CalendarToken)
def _build_calendar_token(government: Government) -> CalendarToken:
    membership = MembershipFactory.create(government=government)
    return CalendarTokenFactory.create(government=government, user=membership.user)

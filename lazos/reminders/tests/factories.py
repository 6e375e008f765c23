"""Builders of reminder preferences (no page addresses them by id)."""

from __future__ import annotations

import factory

from lazos.core.testing.builders import GovernmentFactory, UserFactory
from lazos.reminders.models import ReminderPreference, all_kinds


class ReminderPreferenceFactory(factory.django.DjangoModelFactory[ReminderPreference]):
    class Meta:
        model = ReminderPreference

    government = factory.SubFactory(GovernmentFactory)
    user = factory.SubFactory(UserFactory)
    kinds = factory.LazyFunction(all_kinds)
    email_digest = True

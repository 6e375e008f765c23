"""Builders of reminder preferences and notifications."""

from __future__ import annotations

import factory
from django.contrib.contenttypes.models import ContentType

from lazos.core.testing.builders import (
    GovernmentFactory,
    MembershipFactory,
    UserFactory,
    register_builder,
)
from lazos.governments.models import Government
from lazos.reminders.models import Notification, ReminderPreference, all_kinds


class ReminderPreferenceFactory(factory.django.DjangoModelFactory[ReminderPreference]):
    class Meta:
        model = ReminderPreference

    government = factory.SubFactory(GovernmentFactory)
    user = factory.SubFactory(UserFactory)
    kinds = factory.LazyFunction(all_kinds)
    email_digest = True


@register_builder(Notification)
def _build_notification(government: Government) -> Notification:
    """A notification to a new member about the government itself (any object will do)."""
    recipient = UserFactory.create()
    MembershipFactory.create(government=government, user=recipient)
    return Notification.objects.create(
        government=government,
        recipient=recipient,
        kind="results.update_returned",
        content_type=ContentType.objects.get_for_model(Government),
        object_id=government.pk,
        title=government.name,
        delivery="off",
    )

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models

from lazos.core.querysets import TenantQuerySet

if TYPE_CHECKING:
    from lazos.governments.models import Membership
    from lazos.reminders.models import Notification, ReminderPreference  # noqa: F401


class ReminderPreferenceQuerySet(TenantQuerySet["ReminderPreference"]):
    def for_user(self, user: Any) -> Self:
        return self.filter(user=user)

    def effective_for(self, membership: Membership) -> ReminderPreference:
        """The member's stored preference in their government, or an unsaved one with the
        defaults of their role."""
        stored = self.filter(
            government_id=membership.government_id, user_id=membership.user_id
        ).first()
        return stored or self.model.defaults_for(membership)


ReminderPreferenceManager = models.Manager.from_queryset(ReminderPreferenceQuerySet)


class InboxNotificationQuerySet(TenantQuerySet["Notification"]):
    def for_member(self, membership: Membership) -> Self:
        """The member's own notifications in their government."""
        return self.filter(government_id=membership.government_id, recipient_id=membership.user_id)

    def unread(self) -> Self:
        return self.filter(read_at__isnull=True)

    def awaiting_digest(self) -> Self:
        return self.filter(delivery="digest", emailed_at__isnull=True)


InboxNotificationManager = models.Manager.from_queryset(InboxNotificationQuerySet)

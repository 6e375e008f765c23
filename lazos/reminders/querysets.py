from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models

from lazos.core.querysets import TenantQuerySet

if TYPE_CHECKING:
    from lazos.governments.models import Membership
    from lazos.reminders.models import ReminderPreference


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

from __future__ import annotations

from typing import Any, Self

from lazos.core.querysets import TenantQuerySet


class ReminderPreferenceQuerySet(TenantQuerySet):
    def for_user(self, user: Any) -> Self:
        return self.filter(user=user)

    def effective_for(self, membership: Any) -> Any:
        """The member's stored preference in their government, or an unsaved one with the
        defaults of their role."""
        stored = self.filter(
            government_id=membership.government_id, user_id=membership.user_id
        ).first()
        return stored or self.model.defaults_for(membership)

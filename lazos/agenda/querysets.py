from __future__ import annotations

from typing import Self

from lazos.core.querysets import TenantQuerySet


class CalendarTokenQuerySet(TenantQuerySet):
    def active(self) -> Self:
        return self.filter(revoked_at__isnull=True)

    def of_user(self, user: object) -> Self:
        return self.filter(user=user)

    def by_raw_token(self, raw_token: str) -> Self:
        """The active token whose secret is ``raw_token`` (looked up by its hash)."""
        from lazos.agenda.models import hash_token

        return self.filter(token_hash=hash_token(raw_token), revoked_at__isnull=True)

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models

from lazos.agenda.tokens import hash_token
from lazos.core.querysets import TenantQuerySet

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.agenda.models import CalendarToken  # noqa: F401


class CalendarTokenQuerySet(TenantQuerySet["CalendarToken"]):
    def active(self) -> Self:
        return self.filter(revoked_at__isnull=True)

    def of_user(self, user: object) -> Self:
        return self.filter(user=user)

    def by_raw_token(self, raw_token: str) -> Self:
        """The active token whose secret is ``raw_token`` (looked up by its hash)."""
        return self.filter(token_hash=hash_token(raw_token), revoked_at__isnull=True)


CalendarTokenManager = models.Manager.from_queryset(CalendarTokenQuerySet)

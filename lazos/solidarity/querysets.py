from __future__ import annotations

from typing import Self

from lazos.core.querysets import TenantQuerySet
from lazos.solidarity.choices import EmergencyStatus


class EmergencyQuerySet(TenantQuerySet):
    def open(self) -> Self:
        return self.filter(status=EmergencyStatus.OPEN)


class NeedQuerySet(TenantQuerySet):
    pass


class OfferQuerySet(TenantQuerySet):
    def involving(self, government) -> Self:  # type: ignore[no-untyped-def]
        """Offers a government may see: those it made, and those made to its emergencies."""
        from django.db.models import Q

        return self.filter(Q(government=government) | Q(need__government=government))

from __future__ import annotations

from typing import Self

from lazos.core.querysets import TenantQuerySet


class PartnerQuerySet(TenantQuerySet):
    def active(self) -> Self:
        return self.filter(is_active=True)

    def with_related(self) -> Self:
        return self.select_related("place").prefetch_related("tags")


class ContactQuerySet(TenantQuerySet):
    pass


class PartnerNoteQuerySet(TenantQuerySet):
    pass

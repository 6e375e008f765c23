from __future__ import annotations

from typing import Self

from lazos.core.querysets import TenantQuerySet
from lazos.practices.choices import PracticeStatus


class GoodPracticeQuerySet(TenantQuerySet):
    def published(self) -> Self:
        """Practices every visitor may read, from every government on the instance."""
        return self.filter(status=PracticeStatus.PUBLISHED)


class PracticeTransferQuerySet(TenantQuerySet):
    def of_practice(self, practice) -> Self:  # type: ignore[no-untyped-def]
        """The transfer log of a published practice (who marked it, across governments)."""
        return self.filter(practice=practice)

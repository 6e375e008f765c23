from __future__ import annotations

from typing import Self

from lazos.core.querysets import TenantQuerySet


class RelationshipReviewQuerySet(TenantQuerySet):
    def with_related(self) -> Self:
        return self.select_related("agreement", "partner", "reviewed_by")

    def latest_first(self) -> Self:
        return self.order_by("-reviewed_on", "-id")

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models

from lazos.core.querysets import TenantQuerySet

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.relationships.models import RelationshipReview  # noqa: F401


class RelationshipReviewQuerySet(TenantQuerySet["RelationshipReview"]):
    def with_related(self) -> Self:
        return self.select_related("agreement", "partner", "reviewed_by")

    def latest_first(self) -> Self:
        return self.order_by("-reviewed_on", "-id")


RelationshipReviewManager = models.Manager.from_queryset(RelationshipReviewQuerySet)

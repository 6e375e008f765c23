from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Case, CharField, Count, F, Q, Value, When

from lazos.core.querysets import TenantQuerySet
from lazos.practices.choices import PracticeStatus, TransferKind

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.practices.models import GoodPractice, PracticeTransfer  # noqa: F401


class GoodPracticeQuerySet(TenantQuerySet["GoodPractice"]):
    def published(self) -> Self:
        """Practices every visitor may read, from every government on the instance."""
        return self.filter(status=PracticeStatus.PUBLISHED)

    def drafts(self) -> Self:
        return self.filter(status=PracticeStatus.DRAFT)

    def with_transfer_counts(self) -> Self:
        """Annotate how many governments marked each practice, by kind."""
        return self.annotate(
            interested_count=Count(
                "transfers", filter=Q(transfers__kind=TransferKind.INTERESTED), distinct=True
            ),
            adapted_count=Count(
                "transfers", filter=Q(transfers__kind=TransferKind.ADAPTED), distinct=True
            ),
        )


class PracticeTransferQuerySet(TenantQuerySet["PracticeTransfer"]):
    def of_practice(self, practice: Any) -> Self:
        """The transfer log of a published practice (who marked it, across governments)."""
        return self.filter(practice=practice)

    def for_log(self) -> Self:
        """Ready for a transfer log shown to another government: the marking government, who
        recorded it, and the title of the linked action only when that action is public (the
        title of a private action never leaves the database)."""
        return (
            self.select_related("government", "recorded_by")
            .annotate(
                public_action_title=Case(
                    When(action__is_public=True, then=F("action__title")),
                    default=Value(""),
                    output_field=CharField(),
                )
            )
            .order_by("-created_at", "pk")
        )


GoodPracticeManager = models.Manager.from_queryset(GoodPracticeQuerySet)
PracticeTransferManager = models.Manager.from_queryset(PracticeTransferQuerySet)

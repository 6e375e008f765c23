from __future__ import annotations

from typing import Self

from lazos.core.querysets import TenantQuerySet
from lazos.evaluations.choices import OPEN_FOLLOW_UP, ResponseDecision


class EvaluationQuerySet(TenantQuerySet):
    def public(self) -> Self:
        return self.filter(is_public=True)


class RecommendationQuerySet(TenantQuerySet):
    def open(self) -> Self:
        """Recommendations still to act on: not rejected and follow-up not finished."""
        return self.exclude(response=ResponseDecision.REJECTED).filter(
            follow_up_status__in=OPEN_FOLLOW_UP
        )

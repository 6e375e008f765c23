from __future__ import annotations

from typing import Self

from django.db.models import Q

from lazos.core.querysets import TenantQuerySet
from lazos.results.choices import UpdateStatus


class IndicatorQuerySet(TenantQuerySet):
    def on_objectives(self) -> Self:
        return self.filter(objective__isnull=False)

    def on_actions(self) -> Self:
        return self.filter(action__isnull=False)

    def public(self) -> Self:
        """Indicators residents may see: public ones on a public action or on a public,
        approved strategy."""
        from lazos.strategy.choices import StrategyStatus

        return self.filter(is_public=True).filter(
            Q(action__is_public=True)
            | Q(
                objective__strategy__is_public=True,
                objective__strategy__status=StrategyStatus.APPROVED,
            )
        )


class IndicatorPeriodQuerySet(TenantQuerySet):
    pass


class IndicatorUpdateQuerySet(TenantQuerySet):
    def approved(self) -> Self:
        return self.filter(status=UpdateStatus.APPROVED)

    def pending_review(self) -> Self:
        return self.filter(status=UpdateStatus.SUBMITTED)


class TargetRevisionQuerySet(TenantQuerySet):
    pass

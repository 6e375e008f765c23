from __future__ import annotations

from typing import Self

from lazos.core.querysets import TenantQuerySet
from lazos.strategy.choices import StrategyStatus


class StrategyQuerySet(TenantQuerySet):
    def current(self) -> Self:
        """Strategies that are not superseded by a newer version."""
        return self.exclude(status=StrategyStatus.SUPERSEDED)

    def approved(self) -> Self:
        return self.filter(status=StrategyStatus.APPROVED)

    def public(self) -> Self:
        return self.approved().filter(is_public=True)


class ObjectiveQuerySet(TenantQuerySet):
    def general(self) -> Self:
        return self.filter(parent__isnull=True)

    def specific(self) -> Self:
        return self.filter(parent__isnull=False)

    def of_current_strategy(self) -> Self:
        return self.exclude(strategy__status=StrategyStatus.SUPERSEDED)

from typing import Self

from lazos.core.querysets import TenantQuerySet


class NetworkQuerySet(TenantQuerySet):
    def with_related(self) -> Self:
        return self.select_related("partner").prefetch_related("tags", "memberships__department")


class NetworkMembershipQuerySet(TenantQuerySet):
    def active(self) -> Self:
        return self.filter(status="active")

    def with_related(self) -> Self:
        return self.select_related("network", "department")


class NetworkPostQuerySet(TenantQuerySet):
    pass


class PositionQuerySet(TenantQuerySet):
    def published(self) -> Self:
        """Positions other governments and visitors see: open or closed, not drafts."""
        from lazos.networks.choices import PositionStatus

        return self.exclude(status=PositionStatus.DRAFT)


class EndorsementQuerySet(TenantQuerySet):
    pass

from typing import Self

from lazos.core.querysets import TenantQuerySet


class NetworkQuerySet(TenantQuerySet):
    pass


class NetworkMembershipQuerySet(TenantQuerySet):
    def active(self) -> Self:
        return self.filter(status="active")


class NetworkPostQuerySet(TenantQuerySet):
    pass

from typing import TYPE_CHECKING, Self

from django.db import models

from lazos.core.querysets import TenantQuerySet
from lazos.networks.choices import PositionStatus

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.networks.models import Endorsement, Network, NetworkMembership, NetworkPost, Position  # noqa: F401


class NetworkQuerySet(TenantQuerySet["Network"]):
    def with_related(self) -> Self:
        return self.select_related("partner").prefetch_related("tags", "memberships__department")


class NetworkMembershipQuerySet(TenantQuerySet["NetworkMembership"]):
    def active(self) -> Self:
        return self.filter(status="active")

    def current(self) -> Self:
        """Memberships that have not ended (applying, active or suspended)."""
        return self.exclude(status="ended")

    def public(self) -> Self:
        """Memberships the government shows publicly (portal, network directory). Only the
        fields listed in ``lazos.portal.public`` may be shown of them."""
        return self.filter(is_public=True)

    def with_related(self) -> Self:
        return self.select_related("network", "department")


class NetworkPostQuerySet(TenantQuerySet["NetworkPost"]):
    def public(self) -> Self:
        """Posts held under a public membership (their title and dates are public, never
        the holder's name)."""
        return self.filter(membership__is_public=True)


class PositionQuerySet(TenantQuerySet["Position"]):
    def published(self) -> Self:
        """Positions other governments and visitors see: open or closed, not drafts."""

        return self.exclude(status=PositionStatus.DRAFT)


class EndorsementQuerySet(TenantQuerySet["Endorsement"]):
    def public(self) -> Self:
        """Endorsements of published positions: the endorsing government, signatory, date
        and note are public; who recorded it is not."""

        return self.exclude(position__status=PositionStatus.DRAFT)


NetworkManager = models.Manager.from_queryset(NetworkQuerySet)
NetworkMembershipManager = models.Manager.from_queryset(NetworkMembershipQuerySet)
NetworkPostManager = models.Manager.from_queryset(NetworkPostQuerySet)
PositionManager = models.Manager.from_queryset(PositionQuerySet)
EndorsementManager = models.Manager.from_queryset(EndorsementQuerySet)

from __future__ import annotations

from typing import Self

from lazos.consultations.choices import ConsultationStatus, ContributionStatus
from lazos.core.querysets import TenantQuerySet


class ConsultationQuerySet(TenantQuerySet):
    def public(self) -> Self:
        """Consultations residents see: every one that has been opened (drafts are not)."""
        return self.exclude(status=ConsultationStatus.DRAFT)


class ContributionQuerySet(TenantQuerySet):
    def approved(self) -> Self:
        return self.filter(status=ContributionStatus.APPROVED)

    def pending(self) -> Self:
        return self.filter(status=ContributionStatus.PENDING)


class InvitationQuerySet(TenantQuerySet):
    pass

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models

from lazos.consultations.choices import ConsultationStatus, ContributionStatus
from lazos.core.querysets import TenantQuerySet

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.consultations.models import Consultation, Contribution, Invitation  # noqa: F401


class ConsultationQuerySet(TenantQuerySet["Consultation"]):
    def public(self) -> Self:
        """Consultations residents see: every one that has been opened (drafts are not)."""
        return self.exclude(status=ConsultationStatus.DRAFT)


class ContributionQuerySet(TenantQuerySet["Contribution"]):
    def approved(self) -> Self:
        return self.filter(status=ContributionStatus.APPROVED)

    def pending(self) -> Self:
        return self.filter(status=ContributionStatus.PENDING)


class InvitationQuerySet(TenantQuerySet["Invitation"]):
    pass


ConsultationManager = models.Manager.from_queryset(ConsultationQuerySet)
InvitationManager = models.Manager.from_queryset(InvitationQuerySet)
ContributionManager = models.Manager.from_queryset(ContributionQuerySet)

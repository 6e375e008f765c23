"""Every write to relationship reviews."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.core.services import save_audited
from lazos.core.tenancy import require_same_government
from lazos.relationships import health
from lazos.relationships.models import RelationshipReview

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.agreements.models import Agreement
    from lazos.governments.models import Government
    from lazos.partners.models import Partner

REVIEW_FIELDS = (
    "reviewed_on",
    "decision",
    "reasons",
    "next_review_on",
    "score",
    "band",
    "components",
    "reviewed_by",
)


@transaction.atomic
def record_review(
    government: Government,
    *,
    acting_user: User | None,
    agreement: Agreement | None = None,
    partner: Partner | None = None,
    decision: str,
    reasons: str,
    reviewed_on: date | None = None,
    next_review_on: date | None = None,
    today: date | None = None,
) -> RelationshipReview:
    """Record the periodic review of an agreement or a partner: the decision (renew,
    revitalise, end, keep), its reasons, and a snapshot of the health score and its reasons
    as they stand today."""
    today = today or timezone.localdate()
    reviewed_on = reviewed_on or today
    for field, related in (("agreement", agreement), ("partner", partner)):
        require_same_government(government, field, related)
    if (agreement is None) == (partner is None):
        raise ValidationError(_("A review is of one agreement or one partner."))
    if reviewed_on > today:
        raise ValidationError({"reviewed_on": _("A review cannot be dated in the future.")})
    if not (reasons or "").strip():
        raise ValidationError({"reasons": _("Give the reasons for the decision.")})
    months = government.dormancy_months
    if agreement is not None:
        result = health.agreement_health(agreement, months, today)
    else:
        assert partner is not None  # one of the two, checked above
        result = health.partner_health(partner, months, today)
    review = RelationshipReview(government=government, agreement=agreement, partner=partner)
    return save_audited(
        review,
        acting_user=acting_user,
        fields=REVIEW_FIELDS,
        values={
            "reviewed_on": reviewed_on,
            "decision": decision,
            "reasons": reasons.strip(),
            "next_review_on": next_review_on,
            "score": result.score,
            "band": result.band,
            "components": {
                "signals": result.signals.as_json(),
                "components": result.snapshot(),
            },
            "reviewed_by": acting_user if getattr(acting_user, "pk", None) else None,
        },
    )

"""The demo's relationship reviews: three or four of the demo agreements reviewed, each with a
decision that fits its health (revitalise or end a dormant one, keep an at-risk one with a
plan, renew a healthy one), in the government's language (es or pt).

Deterministic: the agreements are taken in the order of their external id within each band,
the dates are counted from an anchor (the first day of the current month). Idempotent: an
agreement that already has a review is not reviewed again. Written through
``record_review`` (audited). Depends on the register step (``load_register``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from lazos.demo import kit
from lazos.demo.kit import Choice, DataFile, DemoReport, Each, Nullable, demo_step
from lazos.governments.models import Government, Membership
from lazos.relationships.choices import Band, ReviewDecision
from lazos.relationships.models import RelationshipReview
from lazos.relationships.services import record_review
from lazos.relationships.views import relationship_rows

REVIEWS = DataFile(
    "relationships",
    "reviews",
    {
        "reasons": Each(Each(str, keys=tuple(ReviewDecision.values))),
        "plan": [
            {
                "band": Choice(Band.values),
                "decision": Choice(ReviewDecision.values),
                "reviewed_days_ago": int,
                "next_review_in_days": Nullable(int),
            }
        ],
    },
)


def _language(government: Government, reasons: dict[str, Any]) -> str | None:
    languages: list[str] = government.official_languages or []  # validated language codes
    for code in languages:
        if code in reasons:
            return code
    return None


@demo_step(order=60)
def load_reviews(government: Government, report: DemoReport) -> None:
    """Record three or four reviews of the demo agreements (see the module doc)."""
    data = REVIEWS.load()
    reasons = data["reasons"]
    lang = _language(government, reasons)
    if lang is None:
        return
    anchor = kit.anchor()
    rows = relationship_rows(government, kind="agreement")
    rows.sort(key=lambda row: (row.obj.external_id, row.obj.pk))
    reviewed = set(
        RelationshipReview.objects.for_tenant(government)
        .filter(agreement__isnull=False)
        .values_list("agreement_id", flat=True)
    )
    if reviewed:
        return  # reviewed by an earlier run (or by people): nothing to add
    coordinator = (
        Membership.objects.for_tenant(government)
        .filter(user__username="coordinator")
        .select_related("user")
        .first()
    )
    user = coordinator.user if coordinator else None
    taken: set[int] = set()
    planned = []
    for step in data["plan"]:
        band, decision = step["band"], step["decision"]
        days_ago, next_in = step["reviewed_days_ago"], step["next_review_in_days"]
        row = next((r for r in rows if r.health.band == band and r.obj.pk not in taken), None)
        if row is not None:
            taken.add(row.obj.pk)
            planned.append((row, decision, days_ago, next_in))
    # At least three reviews: keep the remaining agreements in order.
    for row in rows:
        if len(planned) >= 3:
            break
        if row.obj.pk not in taken:
            taken.add(row.obj.pk)
            planned.append((row, ReviewDecision.KEEP, 15, 180))
    for row, decision, days_ago, next_in in planned:
        reviewed_on = anchor - timedelta(days=days_ago)
        record_review(
            government,
            acting_user=user,
            agreement=row.obj,
            decision=decision,
            reasons=reasons[lang][decision],
            reviewed_on=reviewed_on,
            next_review_on=reviewed_on + timedelta(days=next_in) if next_in else None,
        )
        report.add(f"relationship review of {row.obj} ({government.slug})")

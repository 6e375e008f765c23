"""The consultations' section of the home page: contributions waiting for moderation in the
government's consultations. Two queries, whatever the number of contributions."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.consultations.models import Consultation, Contribution
from lazos.core.home import HomeItem, HomeSection, Urgency, first_items, home_section
from lazos.core.permissions import Operation, policy_for

if TYPE_CHECKING:
    from lazos.governments.models import Government, Membership


@home_section(order=60)
def contributions_to_moderate(
    government: Government, membership: Membership, today: date
) -> HomeSection | None:
    """Oldest first; for those who may edit consultations (and so moderate)."""
    if not policy_for(Consultation).allows(membership, Operation.CHANGE):
        return None
    queryset = Contribution.objects.for_tenant(government).pending()
    rows, total = first_items(queryset.select_related("consultation").order_by("created_at", "pk"))
    items = [
        HomeItem(
            f"{c.consultation.title}: {c.display_name or _('anonymous')}",
            c.get_absolute_url(),
            timezone.localdate(c.created_at),
            Urgency.NOW,
            badge=_("to moderate"),
            day_label=_("received on"),
        )
        for c in rows
    ]
    return HomeSection(
        key="contributions",
        heading=_("Contributions to moderate"),
        items=items,
        count=total,
        more_url=reverse("consultations:consultation-list") + "?status=open",
        more_label=_("Open consultations"),
        empty_text=_("No contribution waits for moderation."),
        empty_url=reverse("consultations:consultation-create"),
        empty_label=_("Start a consultation"),
    )

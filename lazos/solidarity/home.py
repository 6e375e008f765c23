"""The solidarity board's section of the home page: open needs of partner governments'
emergencies (the governments tied to ours), newest emergencies first. A fixed number of
queries (the ties, the items, their count)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lazos.core.home import HomeItem, HomeSection, Urgency, first_items, home_section
from lazos.solidarity.choices import EmergencyStatus
from lazos.solidarity.models import Need

if TYPE_CHECKING:
    from lazos.governments.models import Government, Membership


@home_section(order=80)
def partner_needs(government: Government, membership: Membership, today: date) -> HomeSection:
    queryset = (
        Need.objects.visible_to(government)
        .open()
        .exclude(government=government)
        .filter(emergency__status=EmergencyStatus.OPEN)
    )
    rows, total = first_items(
        queryset.select_related("emergency", "government").order_by("-emergency__started_on", "pk")
    )
    items = [
        HomeItem(
            f"{need.government.name} · {need.emergency.title}: {need}",
            need.get_absolute_url(),
            need.emergency.started_on,
            Urgency.NOW,
            badge=need.get_category_display(),
            day_label=_("emergency since"),
        )
        for need in rows
    ]
    return HomeSection(
        key="partner-needs",
        heading=_("Solidarity needs from partners"),
        items=items,
        count=total,
        more_url=reverse("solidarity:board"),
        more_label=_("Open the solidarity board"),
        empty_text=_("No partner government has asked for help."),
        empty_url=reverse("solidarity:board"),
        empty_label=_("Open the solidarity board"),
    )

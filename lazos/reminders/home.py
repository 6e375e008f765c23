"""The inbox's section of the home page: the member's unread notifications (an update
returned, an offer accepted, a contribution to moderate…), newest first, each a link to where
it is dealt with; the whole list is the inbox. Two queries, whatever the number of rows."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.core.home import HomeItem, HomeSection, Urgency, first_items, home_section
from lazos.reminders.models import Notification

if TYPE_CHECKING:
    from lazos.governments.models import Government, Membership


@home_section(order=5)
def unread_notifications(
    government: Government, membership: Membership, today: date
) -> HomeSection:
    queryset = Notification.objects.for_member(membership).unread().order_by("-created_at", "-pk")
    rows, total = first_items(queryset.only("id", "kind", "title", "url", "created_at"))
    items = [
        HomeItem(
            notification.title,
            notification.get_absolute_url(),
            timezone.localdate(notification.created_at),
            Urgency.NOW,
            badge=notification.label,
            day_label=_("received on"),
        )
        for notification in rows
    ]
    return HomeSection(
        key="notifications",
        heading=_("New notifications"),
        items=items,
        count=total,
        more_url=reverse("reminders:inbox"),
        more_label=_("Open the inbox"),
        empty_text=_("Nothing new: you have read every notification."),
        empty_url=reverse("reminders:inbox"),
        empty_label=_("Open the inbox"),
    )

"""The actions' sections of the home page: open commitments overdue or due soon, and the next
missions abroad and delegations received. Two queries each (the items and their count),
whatever the number of rows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lazos.actions.choices import TRAVEL_MODALITIES, ActionStatus
from lazos.actions.models import Action, Commitment
from lazos.core.home import (
    HomeItem,
    HomeSection,
    Urgency,
    first_items,
    home_section,
    sees_everything,
)

if TYPE_CHECKING:
    from lazos.governments.models import Government, Membership

# Commitments due within this many days show, with the overdue ones.
COMMITMENT_LOOKAHEAD_DAYS = 30
# Missions and visits starting within this many days show (and those under way).
MISSION_LOOKAHEAD_DAYS = 90


def departments_q(membership: Membership, prefix: str = "") -> Q:
    """Actions led by or involving the member's departments (``prefix``: the path to the
    action, e.g. ``"action__"``)."""
    mine = membership.department_ids
    return Q(**{f"{prefix}lead_department__in": mine}) | Q(**{f"{prefix}departments__in": mine})


@home_section(order=20)
def commitments(government: Government, membership: Membership, today: date) -> HomeSection:
    queryset = (
        Commitment.objects.for_tenant(government)
        .open()
        .filter(due_date__lte=today + timedelta(days=COMMITMENT_LOOKAHEAD_DAYS))
    )
    if not sees_everything(membership):
        mine = membership.department_ids
        action_ids = Action.objects.for_tenant(government).filter(departments_q(membership))
        queryset = queryset.filter(
            Q(responsible_user_id=membership.user_id)
            | Q(department__in=mine)
            | Q(action__in=action_ids.values("pk"))
            | Q(agreement__lead_department__in=mine)
        )
    rows, total = first_items(
        queryset.only(
            "id", "government_id", "title", "due_date", "status", "responsible_user_id"
        ).order_by("due_date", "id")
    )
    items = [
        HomeItem(
            c.title,
            c.get_absolute_url(),
            c.due_date,
            Urgency.PASSED if c.due_date and c.due_date < today else Urgency.SOON,
            badge=_("yours") if c.responsible_user_id == membership.user_id else "",
            day_label=_("due"),
        )
        for c in rows
    ]
    return HomeSection(
        key="commitments",
        heading=_("Commitments overdue or due soon"),
        items=items,
        count=total,
        more_url=reverse("actions:commitment-overdue"),
        more_label=_("Overdue commitments"),
        empty_text=_("No open commitment is overdue or due in the next 30 days."),
        empty_url=reverse("actions:commitment-list"),
        empty_label=_("Open the commitments"),
    )


@home_section(order=70)
def next_missions(government: Government, membership: Membership, today: date) -> HomeSection:
    queryset = (
        Action.objects.for_tenant(government)
        .filter(modality__in=TRAVEL_MODALITIES, start_date__isnull=False)
        .exclude(status__in=[ActionStatus.CANCELLED, ActionStatus.COMPLETED])
        .filter(start_date__lte=today + timedelta(days=MISSION_LOOKAHEAD_DAYS))
        .filter(Q(start_date__gte=today) | Q(end_date__gte=today))
    )
    if not sees_everything(membership):
        queryset = queryset.filter(
            pk__in=Action.objects.for_tenant(government)
            .filter(departments_q(membership))
            .values("pk")
        )
    rows, total = first_items(
        queryset.only("id", "government_id", "title", "modality", "start_date").order_by(
            "start_date", "id"
        )
    )
    items = [
        HomeItem(
            a.title,
            a.get_absolute_url(),
            a.start_date,
            Urgency.LATER,
            badge=a.get_modality_display(),
            day_label=_("starts on") if a.start_date and a.start_date >= today else _("since"),
        )
        for a in rows
    ]
    return HomeSection(
        key="missions",
        heading=_("Next missions and visits"),
        items=items,
        count=total,
        more_url=reverse("agenda:month"),
        more_label=_("Open the calendar"),
        empty_text=_("No mission or delegation in the next 90 days."),
        empty_url=reverse("actions:action-create"),
        empty_label=_("Plan an action"),
    )

"""The results' sections of the home page: indicator updates to review (administrators and
coordinators), updates returned to their author, and indicators whose update is due. A fixed
number of queries each, whatever the number of rows."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.actions.choices import ActionStatus
from lazos.actions.home import departments_q
from lazos.actions.models import Action
from lazos.core.home import (
    HomeItem,
    HomeSection,
    Urgency,
    first_items,
    home_section,
    is_reviewer,
    is_summary_only,
    sees_everything,
)
from lazos.results.choices import UpdateStatus
from lazos.results.models import Indicator, IndicatorUpdate
from lazos.results.querysets import months_before
from lazos.strategy.choices import StrategyStatus

if TYPE_CHECKING:
    from lazos.governments.models import Government, Membership


def _same_government(government: Government) -> dict[str, Government]:
    """The updates' periods and indicators are the government's too: said to PostgreSQL, it
    joins them by the indexes leading with the government instead of hashing every
    government's periods."""
    return {"period__government": government, "period__indicator__government": government}


@home_section(order=30)
def updates_to_review(
    government: Government, membership: Membership, today: date
) -> HomeSection | None:
    """Submitted updates, oldest first; only for those who approve or return them."""
    if not is_reviewer(membership):
        return None
    queryset = IndicatorUpdate.objects.for_tenant(government).pending_review()
    rows, total = first_items(
        queryset.filter(**_same_government(government))
        .select_related("period__indicator")
        .order_by("submitted_at", "pk")
    )
    items = [
        HomeItem(
            update.period.indicator.title,
            update.get_absolute_url(),
            timezone.localdate(update.submitted_at) if update.submitted_at else None,
            Urgency.NOW,
            badge=_("to review"),
            day_label=_("submitted on"),
        )
        for update in rows
    ]
    return HomeSection(
        key="updates-to-review",
        heading=_("Updates to review"),
        items=items,
        count=total,
        more_url=reverse("results:review-queue"),
        more_label=_("Open the review queue"),
        empty_text=_("No update waits for your review."),
        empty_url=reverse("results:indicator-list"),
        empty_label=_("Open the indicators"),
    )


@home_section(order=31)
def updates_returned(
    government: Government, membership: Membership, today: date
) -> HomeSection | None:
    """The member's own updates returned by a reviewer: to correct and submit again."""
    if is_summary_only(membership):
        return None
    queryset = IndicatorUpdate.objects.for_tenant(government).filter(
        status=UpdateStatus.RETURNED, reported_by_id=membership.user_id
    )
    rows, total = first_items(
        queryset.filter(**_same_government(government))
        .select_related("period__indicator")
        .order_by("reviewed_at", "pk")
    )
    items = [
        HomeItem(
            update.period.indicator.title,
            update.get_absolute_url(),
            timezone.localdate(update.reviewed_at) if update.reviewed_at else None,
            Urgency.NOW,
            badge=_("returned to you"),
            day_label=_("returned on"),
        )
        for update in rows
    ]
    return HomeSection(
        key="updates-returned",
        heading=_("Updates returned to you"),
        items=items,
        count=total,
        empty_text=_("None of your updates was returned."),
        empty_url=reverse("results:indicator-list"),
        empty_label=_("Report on an indicator"),
    )


@home_section(order=35)
def updates_due(government: Government, membership: Membership, today: date) -> HomeSection:
    """Indicators whose update is due (``IndicatorQuerySet.update_due``), leaving out those of
    a superseded strategy or of a cancelled action or a mere idea."""
    # The government's cancelled actions and ideas as a subquery (by the index on government
    # and status), not a join: joined, PostgreSQL hashed every action of every government.
    idle_actions = Action.objects.for_tenant(government).filter(
        status__in=[ActionStatus.CANCELLED, ActionStatus.IDEA]
    )
    queryset = (
        Indicator.objects.for_tenant(government)
        .exclude(objective__strategy__status=StrategyStatus.SUPERSEDED)
        .exclude(action__in=idle_actions.values("pk"))
    )
    if not sees_everything(membership):
        action_ids = Action.objects.for_tenant(government).filter(departments_q(membership))
        queryset = queryset.filter(
            Q(department__in=membership.department_ids) | Q(action__in=action_ids.values("pk"))
        )
    due = queryset.update_due(today)
    rows, total = first_items(
        due.with_started_span(today)
        .only("id", "government_id", "title", "update_every_months")
        .order_by("id")
    )
    items = []
    for indicator in rows:
        last = getattr(indicator, "last_reported_at", None)
        day: date | None
        if last is not None:
            day = months_before(timezone.localdate(last), -indicator.update_every_months)
        else:
            day = indicator.first_start
        items.append(
            HomeItem(
                indicator.title,
                indicator.get_absolute_url(),
                day,
                Urgency.PASSED if day is not None and day < today else Urgency.NOW,
                badge=_("update due"),
                day_label=_("due"),
            )
        )
    return HomeSection(
        key="updates-due",
        heading=_("Indicator updates due"),
        items=items,
        count=total,
        more_url=reverse("results:indicator-list"),
        more_label=_("Open the indicators"),
        empty_text=_("Every indicator has its latest value reported."),
        empty_url=reverse("results:indicator-list"),
        empty_label=_("Open the indicators"),
    )

"""The evaluations' section of the home page: open recommendations past their due date.
Two queries (the items and their count), whatever the number of recommendations."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from lazos.actions.home import departments_q
from lazos.actions.models import Action
from lazos.core.home import (
    HomeItem,
    HomeSection,
    Urgency,
    first_items,
    home_section,
    sees_everything,
)
from lazos.evaluations.models import Recommendation

if TYPE_CHECKING:
    from lazos.governments.models import Government, Membership


@home_section(order=50)
def overdue_recommendations(
    government: Government, membership: Membership, today: date
) -> HomeSection:
    queryset = Recommendation.objects.for_tenant(government).open().filter(due_date__lt=today)
    if not sees_everything(membership):
        action_ids = Action.objects.for_tenant(government).filter(departments_q(membership))
        queryset = queryset.filter(
            Q(department__in=membership.department_ids)
            | Q(evaluation__action__in=action_ids.values("pk"))
        )
    rows, total = first_items(
        queryset.select_related("evaluation")
        .only("id", "government_id", "text", "due_date", "evaluation__id", "evaluation__title")
        .order_by("due_date", "id")
    )
    items = [
        HomeItem(
            f"{r.evaluation.title}: {Truncator(' '.join(r.text.split())).chars(100)}",
            r.get_absolute_url(),
            r.due_date,
            Urgency.PASSED,
            day_label=_("due"),
        )
        for r in rows
    ]
    return HomeSection(
        key="recommendations",
        heading=_("Recommendations overdue"),
        items=items,
        count=total,
        more_url=reverse("evaluations:recommendation-list"),
        more_label=_("Open the recommendations"),
        empty_text=_("No open recommendation is past its due date."),
        empty_url=reverse("evaluations:recommendation-list"),
        empty_label=_("Follow up the recommendations"),
    )

"""The home page's sections: what needs the signed-in member now, gathered from the apps.

Each app that has work to show declares it in its own ``home.py`` with a function
``(government, membership, today) -> HomeSection | None`` registered by :func:`home_section`::

    # lazos/evaluations/home.py
    @home_section(order=50)
    def overdue_recommendations(government, membership, today):
        ...
        return HomeSection(key="recommendations", heading=_("Recommendations overdue"), ...)

The home page (``governments:dashboard``) imports every app's ``home`` module
(``autodiscover_modules("home")``) and shows the sections by their order; core knows no
feature app. A provider returns ``None`` when its section is not for this member (a review
queue for someone who cannot review). Each provider costs a fixed number of queries whatever
the number of rows: at most :data:`ITEM_LIMIT` items and one count.

Editors see their departments' work (``membership.department_ids``), administrators and
coordinators the government's; viewers get the government's counts only (the page leaves
the items out).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Count, Model, QuerySet, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from lazos.core.jobs import JobState, recent_jobs
from lazos.governments.choices import Role

if TYPE_CHECKING:
    from lazos.governments.models import Government, Membership

# Items shown per section; the section's count says how many there are in all.
ITEM_LIMIT = 8


class Urgency(IntEnum):
    """How soon an item needs the member: sections list the most urgent first."""

    PASSED = 0  # a deadline has passed
    NOW = 1  # waiting for the member (an update to review, a contribution to moderate)
    SOON = 2  # a deadline is coming
    LATER = 3  # for information (a finished report, a mission next month)


@dataclass(frozen=True)
class HomeItem:
    title: str
    url: str
    day: date | None = None
    urgency: Urgency = Urgency.LATER
    badge: str | Promise = ""
    # What the date is ("due", "notice deadline", "ends"): shown before it.
    day_label: str | Promise = ""

    @property
    def is_passed(self) -> bool:
        return self.urgency == Urgency.PASSED

    # Set by :func:`sections_for`: days until ``day`` (negative: since).
    days_left: int | None = None

    @property
    def days_passed(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


@dataclass
class HomeSection:
    key: str
    heading: str | Promise
    items: list[HomeItem]
    count: int
    # Where the whole list is (and the link of the viewers' summary).
    more_url: str = ""
    more_label: str | Promise = ""
    # What to do when there is nothing: a sentence and a link.
    empty_text: str | Promise = ""
    empty_url: str = ""
    empty_label: str | Promise = ""
    order: int = 0
    today: date | None = None
    passed_count: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.items = sorted(
            self.items, key=lambda item: (item.urgency, item.day or date.max, item.title)
        )
        self.passed_count = sum(1 for item in self.items if item.is_passed)

    @property
    def hidden_count(self) -> int:
        return max(0, self.count - len(self.items))


M = TypeVar("M", bound=Model)


def first_items(queryset: QuerySet[M], limit: int = ITEM_LIMIT) -> tuple[list[M], int]:
    """The first ``limit`` rows of an ordered ``queryset`` and how many there are in all, in
    one query (the total is a window over the whole result, counted before the limit)."""
    rows = list(queryset.annotate(home_total=Window(Count("pk")))[:limit])
    return rows, (getattr(rows[0], "home_total", 0) if rows else 0)


Provider = Callable[["Government", "Membership", date], "HomeSection | None"]

PROVIDERS: dict[str, tuple[int, Provider]] = {}


def home_section(order: int) -> Callable[[Provider], Provider]:
    """Register a provider of a home page section; sections are shown by ``order``."""

    def register(provider: Provider) -> Provider:
        name = f"{provider.__module__}.{provider.__qualname__}"
        taken = {o: n for n, (o, _p) in PROVIDERS.items() if n != name}
        if order in taken:
            raise ValueError(f"Home section order {order} is taken by {taken[order]}")
        PROVIDERS[name] = (order, provider)
        return provider

    return register


@functools.cache
def _discover() -> None:
    autodiscover_modules("home")


def sections_for(government: Government, membership: Membership, today: date) -> list[HomeSection]:
    """Every section for this member, in order."""
    _discover()
    result = []
    for order, provider in sorted(PROVIDERS.values(), key=lambda entry: entry[0]):
        section = provider(government, membership, today)
        if section is not None:
            section.items = [
                dataclasses.replace(
                    item, days_left=None if item.day is None else (item.day - today).days
                )
                for item in section.items
            ]
            section.order = order
            section.today = today
            result.append(section)
    return result


def split_by_urgency(sections: list[HomeSection]) -> tuple[list[HomeSection], list[HomeSection]]:
    """The sections with items, the most urgent first (their most urgent item, then their
    order), and the empty ones in their order."""
    busy = sorted((s for s in sections if s.items), key=lambda s: (s.items[0].urgency, s.order))
    return busy, [s for s in sections if not s.items]


def sees_everything(membership: Membership) -> bool:
    """Editors see their departments' work; everyone else the government's (viewers as
    counts)."""
    return membership.role != Role.EDITOR


def is_reviewer(membership: Membership) -> bool:
    """Administrators and coordinators approve or return what others submit."""
    return membership.role in (Role.ADMINISTRATOR, Role.COORDINATOR)


def is_summary_only(membership: Membership) -> bool:
    """Viewers get the counts, not the items."""
    return membership.role == Role.VIEWER


@home_section(order=90)
def finished_jobs(
    government: Government, membership: Membership, today: date
) -> HomeSection | None:
    """The member's imports and reports that finished or failed lately (queued ones too);
    not for viewers, who start none."""
    if is_summary_only(membership):
        return None
    jobs = [
        job
        for job in recent_jobs(government, membership, limit=ITEM_LIMIT * 2)
        if job.started_by is not None and job.started_by.pk == membership.user_id
    ][:ITEM_LIMIT]
    items = []
    for job in jobs:
        if job.state == JobState.FAILED:
            urgency = Urgency.NOW
        elif job.is_active:
            urgency = Urgency.SOON
        else:
            urgency = Urgency.LATER
        moment = job.finished or job.created_at
        items.append(
            HomeItem(
                title=f"{job.kind.label}: {job.title}",
                url=job.url,
                day=timezone.localdate(moment),
                urgency=urgency,
                badge=job.status_label,
                day_label=_("on"),
            )
        )
    return HomeSection(
        key="jobs",
        heading=_("Your imports and reports"),
        items=items,
        count=len(items),
        more_url=reverse("jobs:job-list"),
        more_label=_("All jobs"),
        empty_text=_("You have started no import or report lately."),
        empty_url=reverse("jobs:job-list"),
        empty_label=_("See the government's jobs"),
    )

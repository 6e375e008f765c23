"""What the calendar shows: missions, delegations and events on their dates, commitments on
their due date, agreements on the day their validity ends. One query per kind."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.actions.choices import ActionStatus, CommitmentStatus
from lazos.actions.models import Action, Commitment
from lazos.agenda.choices import CALENDAR_MODALITIES, EXPIRING_STATUSES, EntryKind
from lazos.agreements.models import Agreement

if TYPE_CHECKING:
    from lazos.governments.models import Government


@dataclass(frozen=True)
class CalendarEntry:
    """One item on the calendar, on the days ``start`` to ``end`` (inclusive)."""

    kind: EntryKind
    pk: int
    title: str
    start: date
    end: date
    url: str
    label: str
    status: str = ""
    status_label: str = ""
    location: str = ""
    updated_at: Any = None

    @property
    def uid(self) -> str:
        """Stable identifier across feeds (iCalendar UID)."""
        return f"{self.kind}-{self.pk}@lazos"

    @property
    def is_overdue(self) -> bool:
        return self.status == "overdue"

    @property
    def is_multi_day(self) -> bool:
        return self.end > self.start


def _url(obj: Any) -> str:
    try:
        return str(obj.get_absolute_url())
    except NoReverseMatch:  # the app's pages are not installed (yet)
        return ""


def calendar_entries(
    government: Government | int, first: date, last: date | None = None
) -> list[CalendarEntry]:
    """Entries of ``government`` touching the days ``first`` to ``last`` (inclusive; no
    limit when ``last`` is None), sorted by start date: three queries."""
    entries: list[CalendarEntry] = []
    today = timezone.localdate()

    actions = (
        Action.objects.for_tenant(government)
        .filter(modality__in=CALENDAR_MODALITIES, start_date__isnull=False)
        .exclude(status=ActionStatus.CANCELLED)
        .filter(Q(end_date__gte=first) | Q(end_date__isnull=True, start_date__gte=first))
        .only(
            "pk", "title", "modality", "status", "start_date", "end_date", "location", "updated_at"
        )
        .order_by("start_date", "title", "pk")
    )
    if last is not None:
        actions = actions.filter(start_date__lte=last)
    for action in actions:
        assert action.start_date is not None
        end = max(action.end_date or action.start_date, action.start_date)
        entries.append(
            CalendarEntry(
                kind=EntryKind.ACTION,
                pk=action.pk,
                title=action.title,
                start=action.start_date,
                end=end,
                url=_url(action),
                label=str(action.get_modality_display()),
                status=action.status,
                status_label=str(action.get_status_display()),
                location=action.location,
                updated_at=action.updated_at,
            )
        )

    commitments = (
        Commitment.objects.for_tenant(government)
        .filter(due_date__gte=first)
        .exclude(status=CommitmentStatus.DROPPED)
        .only("pk", "title", "status", "due_date", "completed_on", "updated_at")
        .order_by("due_date", "title", "pk")
    )
    if last is not None:
        commitments = commitments.filter(due_date__lte=last)
    for commitment in commitments:
        assert commitment.due_date is not None
        overdue = commitment.is_overdue
        entries.append(
            CalendarEntry(
                kind=EntryKind.COMMITMENT,
                pk=commitment.pk,
                title=commitment.title,
                start=commitment.due_date,
                end=commitment.due_date,
                url=_url(commitment),
                label=str(_("Due")),
                status="overdue" if overdue else commitment.status,
                status_label=str(_("overdue")) if overdue else str(commitment.get_status_display()),
                updated_at=commitment.updated_at,
            )
        )

    agreements = (
        Agreement.objects.for_tenant(government)
        .filter(status__in=EXPIRING_STATUSES, valid_until__gte=first)
        .only("pk", "title", "status", "valid_until", "updated_at")
        .order_by("valid_until", "title", "pk")
    )
    if last is not None:
        agreements = agreements.filter(valid_until__lte=last)
    for agreement in agreements:
        assert agreement.valid_until is not None
        entries.append(
            CalendarEntry(
                kind=EntryKind.AGREEMENT,
                pk=agreement.pk,
                title=agreement.title,
                start=agreement.valid_until,
                end=agreement.valid_until,
                url=_url(agreement),
                label=str(_("Agreement expires")),
                status="expiring" if agreement.valid_until >= today else "expired",
                status_label=str(agreement.get_status_display()),
                updated_at=agreement.updated_at,
            )
        )
    entries.sort(key=lambda e: (e.start, list(EntryKind.values).index(e.kind), e.title, e.pk))
    return entries


def entries_by_day(
    entries: list[CalendarEntry], first: date, last: date
) -> dict[date, list[CalendarEntry]]:
    """Each day from ``first`` to ``last`` with the entries on it (a trip on each of its days)."""
    days: dict[date, list[CalendarEntry]] = defaultdict(list)
    for entry in entries:
        day = max(entry.start, first)
        while day <= min(entry.end, last):
            days[day].append(entry)
            day += timedelta(days=1)
    return days


def first_days(entries: list[CalendarEntry], first: date) -> dict[date, list[CalendarEntry]]:
    """Each entry once, on its first day from ``first`` on (for lists)."""
    days: dict[date, list[CalendarEntry]] = defaultdict(list)
    for entry in entries:
        days[max(entry.start, first)].append(entry)
    return days

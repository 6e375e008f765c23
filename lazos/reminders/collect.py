"""Collect a member's reminders in one government.

Five kinds (``choices.ReminderKind``), one query each whatever the number of reminders:

- agreements in force whose notice deadline (``valid_until`` - ``notice_period_days``) has
  passed or falls within ``lookahead_days`` — "inside their notice period" means
  today ≥ valid_until - notice; an agreement without a notice period is reminded of
  ``lookahead_days`` before it expires, and one past its end but still in force until its
  status is updated;
- open commitments whose due date has passed;
- indicators whose update is due (``IndicatorQuerySet.update_due`` of the results app: a
  period has started and nothing was reported for ``update_every_months``), unless their
  last period ended more than one update cycle ago, their strategy is superseded or their
  action cancelled;
- signed or in-force agreements that need national registration and are not registered yet
  (to be submitted, submitted, or returned with observations);
- open evaluation recommendations whose due date has passed.

Scope: with ``ReminderScope.ALL`` the government's work; with ``ReminderScope.MINE`` (the
default of editors and viewers) only work owned by the member's departments, plus the
commitments they are the responsible member of.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.urls import NoReverseMatch
from django.utils import timezone

from lazos.actions.choices import ActionStatus
from lazos.actions.models import Action, Commitment
from lazos.agreements.choices import AgreementStatus, RegistrationStatus
from lazos.agreements.models import Agreement
from lazos.evaluations.models import Recommendation
from lazos.reminders.choices import ReminderKind, ReminderScope
from lazos.reminders.services import preference_for
from lazos.results.models import Indicator
from lazos.strategy.choices import StrategyStatus

if TYPE_CHECKING:
    from lazos.governments.models import Government, Membership

DEFAULT_LOOKAHEAD_DAYS = 30


@dataclass(frozen=True)
class Reminder:
    kind: str
    title: str
    due: date | None
    url: str
    obj: Any
    # For agreement expiries: when the agreement ends, and whether the notice deadline has
    # already passed (``state`` is "notice_passed", "notice_upcoming" or "past_expiry").
    ends_on: date | None = None
    state: str = ""


@dataclass
class ReminderGroup:
    kind: str
    reminders: list[Reminder]

    @property
    def label(self) -> str:
        return str(ReminderKind(self.kind).label)

    @property
    def count(self) -> int:
        return len(self.reminders)


@dataclass
class GovernmentReminders:
    government: Government
    membership: Membership | None  # None: every reminder of the government (a dry run)
    groups: list[ReminderGroup] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)

    def group(self, kind: str) -> ReminderGroup | None:
        return next((g for g in self.groups if g.kind == kind), None)


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` (negative: back), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def url_of(obj: Any) -> str:
    """The object's page, or '' while the page's app has no URL for it yet."""
    try:
        return str(obj.get_absolute_url())
    except NoReverseMatch:
        return ""


def collect(
    membership: Membership,
    *,
    today: date | None = None,
    kinds: list[str] | None = None,
    scope: str | None = None,
    lookahead_days: int = DEFAULT_LOOKAHEAD_DAYS,
) -> GovernmentReminders:
    """The member's reminders in ``membership.government``, grouped by kind (empty groups
    left out). ``kinds`` and ``scope`` default to the member's preferences."""

    if kinds is None or scope is None:
        preference = preference_for(membership)
        kinds = preference.kinds if kinds is None else kinds
        scope = preference.scope if scope is None else scope
    mine_only = scope == ReminderScope.MINE
    context = _Context(
        membership.government,
        today or timezone.localdate(),
        mine_only,
        lookahead_days,
        user_id=membership.user_id,
        department_ids=list(membership.department_ids) if mine_only else [],
    )
    return _gather(context, kinds, membership)


def collect_for_government(
    government: Government,
    *,
    today: date | None = None,
    kinds: list[str] | None = None,
    lookahead_days: int = DEFAULT_LOOKAHEAD_DAYS,
) -> GovernmentReminders:
    """Every reminder of the government (what a coordinator sees), e.g. for a dry run."""
    context = _Context(government, today or timezone.localdate(), False, lookahead_days)
    return _gather(context, list(ReminderKind.values) if kinds is None else kinds, None)


def _gather(
    context: _Context, kinds: list[str], membership: Membership | None
) -> GovernmentReminders:
    result = GovernmentReminders(context.government, membership)
    for kind in ReminderKind.values:
        if kind in kinds:
            reminders = COLLECTORS[kind](context)
            if reminders:
                result.groups.append(ReminderGroup(kind, reminders))
    return result


@dataclass
class _Context:
    government: Government
    today: date
    mine_only: bool
    lookahead_days: int
    user_id: int | None = None
    department_ids: list[int] = field(default_factory=list)


def _agreements(context: _Context) -> Any:

    queryset = Agreement.objects.for_tenant(context.government)
    if context.mine_only:
        queryset = queryset.filter(lead_department__in=context.department_ids)
    return queryset


def _expiring_agreements(context: _Context) -> list[Reminder]:
    today = context.today
    rows = (
        _agreements(context)
        .in_force()
        .filter(valid_until__isnull=False)
        .only("id", "government_id", "title", "status", "valid_until", "notice_period_days")
        .order_by("valid_until", "id")
    )
    reminders = []
    horizon = today + timedelta(days=context.lookahead_days)
    for agreement in rows:
        notice = agreement.notice_period_days or 0
        deadline = agreement.valid_until - timedelta(days=notice)
        if deadline > horizon:
            continue
        if agreement.valid_until < today:
            state = "past_expiry"
        elif notice and deadline <= today:
            state = "notice_passed"
        else:
            state = "notice_upcoming"
        reminders.append(
            Reminder(
                ReminderKind.AGREEMENT_EXPIRY,
                agreement.title,
                deadline,
                url_of(agreement),
                agreement,
                ends_on=agreement.valid_until,
                state=state,
            )
        )
    reminders.sort(key=lambda r: (r.due or today, r.title))
    return reminders


def _overdue_commitments(context: _Context) -> list[Reminder]:

    queryset = (
        Commitment.objects.for_tenant(context.government)
        .open()
        .filter(due_date__lt=context.today)
        .only("id", "government_id", "title", "due_date", "status")
        .order_by("due_date", "id")
    )
    if context.mine_only:
        mine = context.department_ids
        action_ids = Action.objects.filter(
            Q(lead_department__in=mine) | Q(departments__in=mine)
        ).values("pk")
        queryset = queryset.filter(
            Q(responsible_user_id=context.user_id)
            | Q(department__in=mine)
            | Q(action__in=action_ids)
            | Q(agreement__lead_department__in=mine)
        )
    return [
        Reminder(ReminderKind.OVERDUE_COMMITMENT, c.title, c.due_date, url_of(c), c)
        for c in queryset
    ]


def _indicator_updates_due(context: _Context) -> list[Reminder]:
    """``IndicatorQuerySet.update_due`` decides what is due; on top of it, indicators of a
    superseded strategy or of a cancelled action or a mere idea, and indicators whose last
    period ended more than one update cycle ago, are left alone."""

    today = context.today
    queryset = (
        Indicator.objects.for_tenant(context.government)
        .exclude(objective__strategy__status=StrategyStatus.SUPERSEDED)
        .exclude(action__status__in=[ActionStatus.CANCELLED, ActionStatus.IDEA])
    )
    if context.mine_only:
        mine = context.department_ids
        action_ids = Action.objects.filter(
            Q(lead_department__in=mine) | Q(departments__in=mine)
        ).values("pk")
        queryset = queryset.filter(Q(department__in=mine) | Q(action__in=action_ids))
    queryset = (
        queryset.update_due(today)
        .with_started_span(today)
        .only("id", "government_id", "title", "update_every_months")
        .order_by("id")
    )
    reminders = []
    for indicator in queryset:
        every = indicator.update_every_months
        if indicator.last_end is None or add_months(indicator.last_end, every) < today:
            continue  # its periods are over: nothing more to report
        last = getattr(indicator, "last_reported_at", None)
        due = (
            add_months(timezone.localdate(last), every)
            if last is not None
            else indicator.first_start
        )
        reminders.append(
            Reminder(
                ReminderKind.INDICATOR_UPDATE_DUE,
                indicator.title,
                due,
                url_of(indicator),
                indicator,
            )
        )
    reminders.sort(key=lambda r: (r.due or today, r.title))
    return reminders


def _registrations_pending(context: _Context) -> list[Reminder]:

    rows = (
        _agreements(context)
        .filter(
            registration_required=True,
            status__in=[AgreementStatus.SIGNED, AgreementStatus.IN_FORCE],
            registration_status__in=[
                RegistrationStatus.PENDING,
                RegistrationStatus.SUBMITTED,
                RegistrationStatus.OBSERVED,
            ],
        )
        .only(
            "id",
            "government_id",
            "title",
            "status",
            "signed_on",
            "registration_status",
            "registration_submitted_on",
        )
        .order_by("signed_on", "id")
    )
    return [
        Reminder(
            ReminderKind.REGISTRATION_PENDING,
            a.title,
            a.registration_submitted_on or a.signed_on,
            url_of(a),
            a,
            state=a.registration_status,
        )
        for a in rows
    ]


def _overdue_recommendations(context: _Context) -> list[Reminder]:

    queryset = (
        Recommendation.objects.for_tenant(context.government)
        .open()
        .filter(due_date__lt=context.today)
        .select_related("evaluation")
        .only(
            "id",
            "government_id",
            "text",
            "due_date",
            "evaluation__id",
            "evaluation__title",
            "evaluation__government_id",
        )
        .order_by("due_date", "id")
    )
    if context.mine_only:
        mine = context.department_ids
        action_ids = Action.objects.filter(
            Q(lead_department__in=mine) | Q(departments__in=mine)
        ).values("pk")
        queryset = queryset.filter(Q(department__in=mine) | Q(evaluation__action__in=action_ids))
    return [
        Reminder(
            ReminderKind.OVERDUE_RECOMMENDATION,
            f"{r.evaluation.title}: {_shorten(r.text)}",
            r.due_date,
            url_of(r),
            r,
        )
        for r in queryset
    ]


def _shorten(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


COLLECTORS: dict[str, Callable[[_Context], list[Reminder]]] = {
    ReminderKind.AGREEMENT_EXPIRY: _expiring_agreements,
    ReminderKind.OVERDUE_COMMITMENT: _overdue_commitments,
    ReminderKind.INDICATOR_UPDATE_DUE: _indicator_updates_due,
    ReminderKind.REGISTRATION_PENDING: _registrations_pending,
    ReminderKind.OVERDUE_RECOMMENDATION: _overdue_recommendations,
}

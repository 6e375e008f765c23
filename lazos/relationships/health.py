"""Relationship health: a transparent 0 to 100 score for an agreement or a partner.

The score adds four components, each with its points and a reason in words (with the numbers
behind it), all counted over the government's dormancy window (``dormancy_months``, 12 by
default):

========================  ======  ==========================================================
component                 points  from
========================  ======  ==========================================================
recent activity           35      actions under the agreement / with the partner active in
                                  the window (1 → 20, 2 → 28, 3 or more → 35)
results                   25      approved indicator updates on those actions (periods ending
                                  in the window) plus recent actions with recorded outcomes
                                  (1 → 15, 2 → 20, 3 or more → 25)
commitments kept          20      share of commitments kept (done in the window) among kept
                                  and overdue ones; none to judge: 15 when some are open and
                                  on time, 10 when there are none
local-actor participation 20      distinct local actors in the recent actions
                                  (1 → 10, 2 → 15, 3 or more → 20)
========================  ======  ==========================================================

Bands: **dormant** when nothing happened in the window (no action, no commitment kept and,
for an agreement, no signature, entry into force or change of status: the same rule as the
agreements list); otherwise **at risk** below 60 points and **healthy** from 60.

A **new relationship** (begun less than ``NEW_RELATIONSHIP_GRACE_MONTHS`` ago, 12 by default,
``LAZOS_RELATIONSHIP_GRACE_MONTHS`` in the settings) is not judged on what takes time to build:
recent activity, results and local-actor participation count in full while it is new, with a
reason that says so, and it is never dormant. Commitments still count: an overdue one costs its
points at any age. An agreement begins on its signature (or its entry into force when no
signature date is known); a partner with its first signed agreement or first action, whichever
came first. A relationship whose beginning is unknown is not new. See docs/relationships.md.

The signals of a whole list come from a fixed number of queries, each a GROUP BY over the
relationships' actions, indicator updates, participations or commitments (joined once, not a
subquery per row), so a list costs the same number of queries whatever its length;
:func:`score` then turns the numbers into points and reasons.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lazos.actions.choices import OPEN_COMMITMENT_STATUSES, ActionStatus, CommitmentStatus
from lazos.actions.models import Action, ActionLocalActor, Commitment
from lazos.agreements.choices import AgreementStatus
from lazos.agreements.models import Agreement
from lazos.agreements.querysets import AgreementQuerySet, dormancy_cutoff
from lazos.partners.models import Partner
from lazos.relationships.choices import Band
from lazos.results.choices import UpdateStatus
from lazos.results.models import IndicatorUpdate

if TYPE_CHECKING:
    from lazos.governments.models import Government

HEALTHY_FROM = 60
# A relationship younger than this is "new" (see the module's docstring); the setting
# LAZOS_RELATIONSHIP_GRACE_MONTHS overrides it.
NEW_RELATIONSHIP_GRACE_MONTHS = 12
# The components that measure what a relationship builds over time: in full while it is new.
GRACED = ("activity", "results", "local_actors")
ACTIVITY_POINTS = {0: 0, 1: 20, 2: 28}  # 3 or more: the maximum
RESULT_POINTS = {0: 0, 1: 15, 2: 20}
ACTOR_POINTS = {0: 0, 1: 10, 2: 15}
MAXIMUM = {"activity": 35, "results": 25, "commitments": 20, "local_actors": 20}
LABELS = {
    "activity": gettext_lazy("Recent activity"),
    "results": gettext_lazy("Results"),
    "commitments": gettext_lazy("Commitments kept"),
    "local_actors": gettext_lazy("Local-actor participation"),
    "new_relationship": gettext_lazy("New relationship"),
}
# Agreements whose relationship is alive enough to judge: signed, in force or suspended.
LIVING_AGREEMENT_STATUSES = (
    AgreementStatus.SIGNED,
    AgreementStatus.IN_FORCE,
    AgreementStatus.SUSPENDED,
)


@dataclass(frozen=True)
class Signals:
    """The numbers a score is made of."""

    months: int
    recent_actions: int = 0
    approved_updates: int = 0
    actions_with_outcomes: int = 0
    commitments_kept: int = 0
    commitments_overdue: int = 0
    commitments_open: int = 0  # open and not overdue
    local_actors: int = 0
    last_action_on: date | None = None
    # Something else happened in the window (for an agreement: signed, came into force,
    # changed status; see ``AgreementQuerySet.with_last_activity``).
    other_recent_activity: bool = False
    # When the relationship began (None: unknown) and whether that is less than the grace
    # period ago (``grace_months``).
    started_on: date | None = None
    is_new: bool = False
    grace_months: int = NEW_RELATIONSHIP_GRACE_MONTHS

    @property
    def is_dormant(self) -> bool:
        """Nothing happened in the window: no action, no commitment kept, nothing else. A new
        relationship is never dormant: nothing was expected of it yet."""
        if self.is_new:
            return False
        return not (self.recent_actions or self.commitments_kept or self.other_recent_activity)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("last_action_on", "started_on"):
            data[name] = data[name].isoformat() if data[name] else None
        return data


@dataclass(frozen=True)
class Component:
    key: str
    points: int
    maximum: int
    reason: str
    # Points given in full because the relationship is new (see ``GRACED``).
    reason_graced: bool = False

    @property
    def label(self) -> str:
        return str(LABELS[self.key])

    @property
    def share(self) -> float:
        return self.points / self.maximum if self.maximum else 0.0


@dataclass(frozen=True)
class Health:
    score: int
    band: str
    components: tuple[Component, ...]
    signals: Signals

    @property
    def band_label(self) -> str:
        return str(Band(self.band).label)

    @property
    def grace_note(self) -> Component | None:
        """For a new relationship, why it is not judged on its activity yet (no points)."""
        signals = self.signals
        if not signals.is_new:
            return None
        if signals.started_on is None:  # new only with a known beginning; for the type
            return None
        reason = _(
            "New relationship (since %(date)s): activity is expected to build up, so its "
            "activity, results and local actors are not held against it during its first "
            "%(months)d months"
        ) % {
            "date": formats.date_format(signals.started_on, "DATE_FORMAT"),
            "months": signals.grace_months,
        }
        return Component("new_relationship", 0, 0, reason)

    def top_reasons(self, count: int = 2) -> list[Component]:
        """The components that explain the band best: the strongest for a healthy
        relationship, the weakest otherwise; for a new relationship, that it is new first."""
        strongest_first = self.band == Band.HEALTHY
        ordered = sorted(
            self.components,
            key=lambda c: (-c.share if strongest_first else c.share, -c.maximum),
        )
        note = self.grace_note
        if note is not None:
            # What it has not built yet is covered by the note; show what it has.
            earned = [c for c in ordered if not (c.key in GRACED and c.reason_graced)]
            return [note, *earned][:count]
        return ordered[:count]

    def snapshot(self) -> list[dict[str, Any]]:
        """The components as stored with a review (reasons in the current language)."""
        return [
            {
                "key": c.key,
                "label": c.label,
                "points": c.points,
                "maximum": c.maximum,
                "reason": c.reason,
            }
            for c in self.components
        ]


def _stepped(value: int, steps: dict[int, int], maximum: int) -> int:
    return steps.get(value, maximum) if value >= 0 else 0


def _activity(signals: Signals) -> Component:
    n = signals.recent_actions
    if n:
        reason = ngettext(
            "%(count)d action in the last %(months)d months",
            "%(count)d actions in the last %(months)d months",
            n,
        ) % {"count": n, "months": signals.months}
    elif signals.other_recent_activity:
        reason = _(
            "No action in the last %(months)d months, though the agreement itself moved "
            "(signature, entry into force or change of status)"
        ) % {"months": signals.months}
    elif signals.last_action_on:
        reason = _("No action in the last %(months)d months; the last one started on %(date)s") % {
            "months": signals.months,
            "date": formats.date_format(signals.last_action_on, "DATE_FORMAT"),
        }
    else:
        reason = _("No action recorded under this relationship")
    return Component(
        "activity", _stepped(n, ACTIVITY_POINTS, MAXIMUM["activity"]), MAXIMUM["activity"], reason
    )


def _results(signals: Signals) -> Component:
    updates, outcomes = signals.approved_updates, signals.actions_with_outcomes
    if updates or outcomes:
        reason = _("%(updates)s and %(outcomes)s") % {
            "updates": ngettext(
                "%(count)d approved indicator update",
                "%(count)d approved indicator updates",
                updates,
            )
            % {"count": updates},
            "outcomes": ngettext(
                "%(count)d recent action with recorded outcomes",
                "%(count)d recent actions with recorded outcomes",
                outcomes,
            )
            % {"count": outcomes},
        }
    else:
        reason = _(
            "No approved indicator update and no recorded outcomes in the last %(months)d months"
        ) % {"months": signals.months}
    points = _stepped(updates + outcomes, RESULT_POINTS, MAXIMUM["results"])
    return Component("results", points, MAXIMUM["results"], reason)


def _commitments(signals: Signals) -> Component:
    kept, overdue, waiting = (
        signals.commitments_kept,
        signals.commitments_overdue,
        signals.commitments_open,
    )
    maximum = MAXIMUM["commitments"]
    if kept + overdue:
        points = round(maximum * kept / (kept + overdue))
        reason = _("%(kept)s, %(overdue)s") % {
            "kept": ngettext(
                "%(count)d commitment kept in the last %(months)d months",
                "%(count)d commitments kept in the last %(months)d months",
                kept,
            )
            % {"count": kept, "months": signals.months},
            "overdue": ngettext("%(count)d overdue", "%(count)d overdue", overdue)
            % {"count": overdue},
        }
    elif waiting:
        points = 15
        reason = ngettext(
            "%(count)d commitment open, none overdue",
            "%(count)d commitments open, none overdue",
            waiting,
        ) % {"count": waiting}
    else:
        points = 10
        reason = _("No commitments to follow up")
    return Component("commitments", points, maximum, reason)


def _local_actors(signals: Signals) -> Component:
    n = signals.local_actors
    if n:
        reason = ngettext(
            "%(count)d local actor took part in the recent actions",
            "%(count)d local actors took part in the recent actions",
            n,
        ) % {"count": n}
    else:
        reason = _("No local actor took part in the recent actions")
    maximum = MAXIMUM["local_actors"]
    return Component("local_actors", _stepped(n, ACTOR_POINTS, maximum), maximum, reason)


def _graced(component: Component, signals: Signals) -> Component:
    """A component of a new relationship that measures what takes time to build: in full,
    its reason kept and marked (see the module's docstring)."""
    if not signals.is_new or component.key not in GRACED or component.points >= component.maximum:
        return component
    reason = _("%(reason)s (not held against a new relationship)") % {"reason": component.reason}
    return Component(component.key, component.maximum, component.maximum, reason, True)


def score(signals: Signals) -> Health:
    """Turn the numbers into points, reasons and a band (no query)."""
    components = tuple(
        _graced(component, signals)
        for component in (
            _activity(signals),
            _results(signals),
            _commitments(signals),
            _local_actors(signals),
        )
    )
    total = sum(c.points for c in components)
    if signals.is_dormant:
        band = Band.DORMANT
    elif total < HEALTHY_FROM:
        band = Band.AT_RISK
    else:
        band = Band.HEALTHY
    return Health(score=total, band=band, components=components, signals=signals)


# --- Signals from the database ---------------------------------------------------------------

# Actions that count for nothing: an idea not yet started, a cancelled action.
_IDLE = (ActionStatus.IDEA, ActionStatus.CANCELLED)


def _recent(prefix: str, cutoff: date, today: date) -> Q:
    """Actions active in the window: started by today, not an idea nor cancelled, and ended in
    the window, or without an end and started in the window or still ongoing."""

    def f(name: str) -> str:
        return f"{prefix}{name}"

    return (
        ~Q(**{f("status__in"): list(_IDLE)})
        & Q(**{f("start_date__lte"): today})
        & (
            Q(**{f("end_date__gte"): cutoff})
            | Q(**{f("end_date__isnull"): True, f("start_date__gte"): cutoff})
            | Q(**{f("end_date__isnull"): True, f("status"): ActionStatus.ONGOING})
        )
    )


def _grouped(queryset: QuerySet[Any], key: str, **aggregates: Any) -> dict[int, dict[str, Any]]:
    """The ``aggregates`` of ``queryset`` per value of ``key`` (one GROUP BY query)."""
    rows = queryset.order_by().values(judged=F(key)).annotate(**aggregates)
    return {row.pop("judged"): row for row in rows}


def _commitment_counts(
    paths: list[tuple[QuerySet[Commitment], str]], cutoff: date, today: date
) -> dict[int, Counter[str]]:
    """Commitments kept, overdue and open per judged relationship, each commitment counted once
    however many paths lead to it (``paths``: the commitments reached one way, and the field
    that names the relationship). One query: a UNION of the paths, which drops duplicates."""
    open_commitment = Q(status__in=OPEN_COMMITMENT_STATUSES)
    kind = Case(
        When(
            Q(status=CommitmentStatus.DONE, completed_on__gte=cutoff),
            then=Value("commitments_kept"),
        ),
        When(open_commitment & Q(due_date__lt=today), then=Value("commitments_overdue")),
        When(open_commitment, then=Value("commitments_open")),
        default=Value(""),
        output_field=CharField(),
    )
    parts = [
        queryset.order_by()
        .filter(Q(status=CommitmentStatus.DONE, completed_on__gte=cutoff) | open_commitment)
        .annotate(judged=F(path), commitment=F("pk"), kind=kind)
        .values_list("judged", "commitment", "kind")
        for queryset, path in paths
    ]
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for judged, _commitment, name in parts[0].union(*parts[1:]):
        counts[judged][name] += 1
    return counts


def _signals(
    ids: list[int],
    months: int,
    today: date,
    *,
    actions: dict[int, dict[str, Any]],
    updates: dict[int, dict[str, Any]],
    participations: dict[int, dict[str, Any]],
    commitments: dict[int, Counter[str]],
    started_on: dict[int, date | None],
    other_recent_activity: dict[int, bool],
) -> dict[int, Signals]:
    grace = grace_months()
    new_after = dormancy_cutoff(grace, today)
    result = {}
    for pk in ids:
        acted = actions.get(pk, {})
        kept = commitments.get(pk, Counter())
        began = started_on.get(pk)
        result[pk] = Signals(
            months=months,
            recent_actions=acted.get("recent_actions") or 0,
            approved_updates=updates.get(pk, {}).get("n") or 0,
            actions_with_outcomes=acted.get("actions_with_outcomes") or 0,
            commitments_kept=kept["commitments_kept"],
            commitments_overdue=kept["commitments_overdue"],
            commitments_open=kept["commitments_open"],
            local_actors=participations.get(pk, {}).get("n") or 0,
            last_action_on=acted.get("last_action_on"),
            other_recent_activity=other_recent_activity.get(pk, False),
            started_on=began,
            is_new=began is not None and began > new_after,
            grace_months=grace,
        )
    return result


def _action_aggregates(prefix: str, cutoff: date, today: date) -> dict[str, Any]:
    """Counted over the rows of actions (``prefix``: the path to the action)."""
    recent = _recent(prefix, cutoff, today)
    count = f"{prefix}pk" if prefix else "pk"
    return {
        "recent_actions": Count(count, filter=recent, distinct=True),
        "actions_with_outcomes": Count(
            count, filter=recent & ~Q(**{f"{prefix}outcomes": ""}), distinct=True
        ),
        "last_action_on": Max(
            f"{prefix}start_date", filter=Q(**{f"{prefix}start_date__lte": today})
        ),
        "first_action_on": Min(
            f"{prefix}start_date", filter=~Q(**{f"{prefix}status__in": list(_IDLE)})
        ),
    }


def agreement_signals(
    agreements: Sequence[Agreement], months: int, today: date | None = None
) -> dict[int, Signals]:
    """The signals of each agreement, by id: five queries whatever their number (each a
    GROUP BY over the agreements' actions, indicator updates, participations and
    commitments). The agreements are read with ``with_last_activity()`` (for the activity
    under the agreement itself: signed, in force, changed status)."""
    today = today or timezone.localdate()
    cutoff = dormancy_cutoff(months, today)
    ids = [agreement.pk for agreement in agreements]
    if not ids:
        return {}
    tenant = agreements[0].government_id
    return _signals(
        ids,
        months,
        today,
        actions=_grouped(
            Action.objects.filter(government_id=tenant, agreement_id__in=ids),
            "agreement_id",
            **_action_aggregates("", cutoff, today),
        ),
        updates=_grouped(
            IndicatorUpdate.objects.filter(
                government_id=tenant,
                status=UpdateStatus.APPROVED,
                period__government_id=tenant,
                period__end__gte=cutoff,
                period__indicator__government_id=tenant,
                period__indicator__action__agreement_id__in=ids,
            ),
            "period__indicator__action__agreement_id",
            n=Count("pk", distinct=True),
        ),
        participations=_grouped(
            ActionLocalActor.objects.filter(
                _recent("action__", cutoff, today),
                government_id=tenant,
                action__agreement_id__in=ids,
            ),
            "action__agreement_id",
            n=Count("actor_id", distinct=True),
        ),
        commitments=_commitment_counts(
            [
                (
                    Commitment.objects.filter(government_id=tenant, agreement_id__in=ids),
                    "agreement_id",
                ),
                (
                    Commitment.objects.filter(government_id=tenant, action__agreement_id__in=ids),
                    "action__agreement_id",
                ),
            ],
            cutoff,
            today,
        ),
        started_on={a.pk: a.signed_on or a.in_force_from for a in agreements},
        other_recent_activity={a.pk: _moved_since(a, cutoff) for a in agreements},
    )


def _moved_since(agreement: Agreement, cutoff: date) -> bool:
    """Something happened under the agreement in the window (``last_activity``, annotated by
    ``with_last_activity()``)."""
    last_activity: date | None = getattr(agreement, "last_activity", None)
    return last_activity is not None and last_activity >= cutoff


def partner_signals(
    partners: Sequence[Partner], months: int, today: date | None = None
) -> dict[int, Signals]:
    """The signals of each partner, by id: six queries whatever their number (each a GROUP
    BY over the partners' actions, agreements, indicator updates, participations and
    commitments)."""
    today = today or timezone.localdate()
    cutoff = dormancy_cutoff(months, today)
    ids = [partner.pk for partner in partners]
    if not ids:
        return {}
    tenant = partners[0].government_id
    actions = _grouped(
        Action.partners.through.objects.filter(action__government_id=tenant, partner_id__in=ids),
        "partner_id",
        **_action_aggregates("action__", cutoff, today),
    )
    # When the relationship began: its first signed agreement (signature, or entry into
    # force) or its first action (not an idea, not cancelled), whichever came first.
    first_agreements = _grouped(
        Agreement.partners.through.objects.filter(
            agreement__government_id=tenant, partner_id__in=ids
        ),
        "partner_id",
        began=Min(Coalesce("agreement__signed_on", "agreement__in_force_from")),
    )
    started_on = {}
    for pk in ids:
        dates = [
            d
            for d in (
                actions.get(pk, {}).get("first_action_on"),
                first_agreements.get(pk, {}).get("began"),
            )
            if d is not None
        ]
        started_on[pk] = min(dates) if dates else None
    return _signals(
        ids,
        months,
        today,
        actions=actions,
        updates=_grouped(
            IndicatorUpdate.objects.filter(
                government_id=tenant,
                status=UpdateStatus.APPROVED,
                period__government_id=tenant,
                period__end__gte=cutoff,
                period__indicator__government_id=tenant,
                period__indicator__action__partners__in=ids,
            ),
            "period__indicator__action__partners",
            n=Count("pk", distinct=True),
        ),
        participations=_grouped(
            ActionLocalActor.objects.filter(
                _recent("action__", cutoff, today), government_id=tenant, action__partners__in=ids
            ),
            "action__partners",
            n=Count("actor_id", distinct=True),
        ),
        commitments=_commitment_counts(
            [
                (Commitment.objects.filter(government_id=tenant, partner_id__in=ids), "partner_id"),
                (
                    Commitment.objects.filter(government_id=tenant, action__partners__in=ids),
                    "action__partners",
                ),
                (
                    Commitment.objects.filter(government_id=tenant, agreement__partners__in=ids),
                    "agreement__partners",
                ),
            ],
            cutoff,
            today,
        ),
        started_on=started_on,
        other_recent_activity={},
    )


def grace_months() -> int:
    """How long a relationship is new (see the module's docstring)."""
    return int(getattr(settings, "LAZOS_RELATIONSHIP_GRACE_MONTHS", NEW_RELATIONSHIP_GRACE_MONTHS))


def agreement_health(agreement: Agreement, months: int, today: date | None = None) -> Health:
    """The health of one agreement (six queries)."""
    annotated = Agreement.objects.filter(pk=agreement.pk).with_last_activity().get()
    return score(agreement_signals([annotated], months, today)[annotated.pk])


def partner_health(partner: Partner, months: int, today: date | None = None) -> Health:
    """The health of one partner (six queries)."""
    return score(partner_signals([partner], months, today)[partner.pk])


def living_agreements(government: Government) -> AgreementQuerySet:
    """The agreements whose relationship is judged: signed, in force or suspended."""
    return Agreement.objects.for_tenant(government).filter(status__in=LIVING_AGREEMENT_STATUSES)


def related_partners(government: Government) -> QuerySet[Partner]:
    """Active partners with a living agreement or an action (not an idea, not cancelled):
    a partner met only in a draft is not yet a relationship to judge."""
    agreements = Agreement.partners.through.objects.filter(
        partner_id=OuterRef("pk"),
        agreement__government=government,
        agreement__status__in=LIVING_AGREEMENT_STATUSES,
    )
    actions = Action.partners.through.objects.filter(partner_id=OuterRef("pk")).exclude(
        action__status__in=list(_IDLE)
    )
    return (
        Partner.objects.for_tenant(government)
        .filter(is_active=True)
        .filter(Exists(agreements) | Exists(actions))
    )

"""What the reports say: pure functions that gather a report's content from the register.

Each builder runs a fixed number of queries, whatever the number of agreements, actions or
indicators (everything related is fetched with ``select_related``/``prefetch_related``), and
returns plain dataclasses the templates render. Nothing is written.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, F, IntegerField, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from lazos.actions.choices import ActionStatus
from lazos.actions.models import Action, Commitment, Traveller
from lazos.agreements.choices import AgreementStatus, RegistrationStatus
from lazos.agreements.models import Agreement
from lazos.core.content import localized
from lazos.evaluations.models import Recommendation
from lazos.governments.models import Government
from lazos.networks.choices import MembershipStatus
from lazos.networks.models import NetworkMembership, NetworkPost
from lazos.partners.models import Contact, Partner
from lazos.reference.models import SdgTarget
from lazos.results import rollup
from lazos.results.choices import Measure
from lazos.results.models import Indicator, IndicatorPeriod
from lazos.strategy.choices import StrategyStatus
from lazos.strategy.models import Objective, Strategy

# --- Shared pieces ----------------------------------------------------------------------------


class Money(dict[str, Decimal]):
    """Amounts by currency (costs in several currencies are never added together)."""

    def add(self, currency: str, amount: Decimal | None) -> None:
        if amount is None:
            return
        self[currency] = self.get(currency, Decimal("0")) + amount

    def merge(self, other: Money) -> None:
        for currency, amount in other.items():
            self.add(currency, amount)

    @property
    def lines(self) -> list[tuple[str, Decimal]]:
        return sorted(self.items())


@dataclass
class PeriodResult:
    start: datetime.date
    end: datetime.date
    target: Decimal | None
    target_comment: str
    actual: Decimal | None
    actual_text: str
    narrative: str
    reported_on: datetime.datetime | None

    @property
    def has_actual(self) -> bool:
        return self.actual is not None or bool(self.actual_text)


@dataclass
class IndicatorResult:
    indicator: Indicator
    title: str
    periods: list[PeriodResult]

    @property
    def latest(self) -> PeriodResult | None:
        """The last period with an approved value."""
        reported = [p for p in self.periods if p.has_actual]
        return reported[-1] if reported else None

    @property
    def is_qualitative(self) -> bool:
        return self.indicator.measure == Measure.QUALITATIVE


def _text(obj: Any, name: str, language: str, government: Government) -> str:
    """``name`` of ``obj`` in ``language`` (or its original). ``obj`` is the government's:
    giving it the government spares a query per object to find its original language."""
    if obj.government_id == government.pk:
        obj.government = government
    return str(localized(obj, name, language))


def _period_result(period: IndicatorPeriod, actual: rollup.Actual) -> PeriodResult:
    # The narrative of the value: the update itself, unless the value is a roll-up.
    only = actual.points[0].update if len(actual.points) == 1 else None
    reported = max(
        (p.update.reviewed_at or p.update.created_at for p in actual.points), default=None
    )
    return PeriodResult(
        start=period.start,
        end=period.end,
        target=period.target_value,
        target_comment=period.target_comment,
        actual=actual.value,
        actual_text=actual.text,
        narrative=only.narrative if only is not None else "",
        reported_on=reported,
    )


def indicator_results(
    indicators: list[Indicator],
    language: str,
    government: Government,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> list[IndicatorResult]:
    """Each indicator with its periods (those overlapping ``start`` to ``end`` when given):
    targets and actual values from approved updates, roll-ups computed by the results app.
    A fixed number of queries (see ``lazos.results.rollup.load_periods``)."""
    rollup.load_periods(indicators)
    results = []
    for indicator in indicators:
        periods = [
            _period_result(period, actual)
            for period, actual in rollup.actuals(indicator)
            if (start is None or period.end >= start) and (end is None or period.start <= end)
        ]
        results.append(
            IndicatorResult(
                indicator=indicator,
                title=_text(indicator, "title", language, government),
                periods=periods,
            )
        )
    return results


def _chosen_strategy(government: Government, year: int | None = None) -> Strategy | None:
    """The approved strategy (covering ``year`` when given), else the current draft."""
    queryset = Strategy.objects.for_tenant(government)
    if year is None:
        queryset = queryset.current()
    else:
        queryset = queryset.filter(start_year__lte=year, end_year__gte=year)
    return (
        queryset.annotate(
            approved_first=Case(
                When(status=StrategyStatus.APPROVED, then=Value(0)),
                When(status=StrategyStatus.SUPERSEDED, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .prefetch_related("priority_themes")
        .order_by("approved_first", "-start_year", "-version", "-id")
        .first()
    )


@dataclass
class ObjectiveNode:
    objective: Objective
    title: str
    description: str
    children: list[ObjectiveNode] = field(default_factory=list)
    indicators: list[IndicatorResult] = field(default_factory=list)
    action_count: int = 0
    agreement_count: int = 0


def _objective_tree(
    strategy: Strategy, language: str, government: Government
) -> tuple[list[ObjectiveNode], dict[int, ObjectiveNode]]:
    """General objectives with their specific ones, in order; and every node by id."""
    objectives = (
        Objective.objects.filter(strategy=strategy).with_counts().order_by("position", "code", "id")
    )
    nodes = {
        o.pk: ObjectiveNode(
            objective=o,
            title=_text(o, "title", language, government),
            description=_text(o, "description", language, government),
            action_count=o.n_actions,
            agreement_count=o.n_agreements,
        )
        for o in objectives
    }
    roots: list[ObjectiveNode] = []
    for node in nodes.values():
        parent = nodes.get(node.objective.parent_id) if node.objective.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots, nodes


# --- Handover dossier -------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    number: int
    anchor: str  # the element id is "report-<anchor>"
    title: str | Promise


# The dossier's sections, in order: the table of contents and the headings are numbered from
# this one list, so they cannot disagree.
HANDOVER_SECTIONS: list[tuple[str, str | Promise]] = [
    ("summary", _("At a glance")),
    ("strategy", _("Strategy")),
    ("agreements", _("Agreements in force")),
    ("pipeline", _("Agreements on their way: in negotiation, or signed and not yet in force")),
    ("dormant", _("Dormant agreements")),
    ("deadlines", _("Notice deadlines")),
    ("registrations", _("National registrations pending")),
    ("actions", _("Ongoing and planned actions")),
    ("term", _("Budgets committed beyond the term")),
    ("commitments", _("Open commitments")),
    ("networks", _("Network memberships and posts held")),
    ("contacts", _("Key contacts")),
    ("results", _("Results so far")),
    ("recommendations", _("Open evaluation recommendations")),
]


def handover_sections() -> dict[str, Section]:
    """The dossier's sections by anchor, numbered in order (templates iterate ``.values``)."""
    return {
        anchor: Section(number, anchor, title)
        for number, (anchor, title) in enumerate(HANDOVER_SECTIONS, start=1)
    }


@dataclass
class AgreementEntry:
    agreement: Agreement
    title: str
    summary: str
    objectives_text: str
    partners: list[Partner]
    open_commitments: list[Commitment]
    strategy_objectives: list[Objective]


@dataclass
class ActionEntry:
    action: Action
    title: str
    partners: list[Partner]


@dataclass
class PipelineEntry:
    agreement: Agreement
    title: str
    partners: list[Partner]


@dataclass
class DeadlineEntry:
    agreement: Agreement
    title: str
    deadline: datetime.date
    days: int  # from today: negative once the deadline has passed

    @property
    def days_passed(self) -> int:
        return -self.days


@dataclass
class BeyondTermEntry:
    action: Action
    title: str
    budget: Money


@dataclass
class HandoverContent:
    government: Government
    language: str
    today: datetime.date
    strategy: Strategy | None
    strategy_texts: dict[str, str]
    objectives: list[ObjectiveNode]
    agreements: list[AgreementEntry]
    pipeline: list[PipelineEntry]
    dormant: list[AgreementEntry]
    deadlines: list[DeadlineEntry]
    registrations: list[Agreement]
    actions: list[ActionEntry]
    beyond_term: list[BeyondTermEntry]
    commitments: list[Commitment]
    memberships: list[NetworkMembership]
    contacts: list[Contact]
    objective_results: list[IndicatorResult]
    action_results: list[IndicatorResult]
    recommendations: list[Recommendation]

    @property
    def expiring_within_a_year(self) -> list[AgreementEntry]:
        limit = self.today + datetime.timedelta(days=365)
        return [
            e
            for e in self.agreements
            if e.agreement.valid_until is not None and e.agreement.valid_until <= limit
        ]

    @property
    def overdue_commitments(self) -> list[Commitment]:
        return [c for c in self.commitments if c.due_date and c.due_date < self.today]

    @property
    def passed_deadlines(self) -> list[DeadlineEntry]:
        return [d for d in self.deadlines if d.days < 0]

    @property
    def sections(self) -> dict[str, Section]:
        return handover_sections()


def build_handover(government: Government, language: str) -> HandoverContent:
    """Everything an incoming administration needs to take over the international action."""
    today = timezone.localdate()
    strategy = _chosen_strategy(government)
    objectives: list[ObjectiveNode] = []
    nodes: dict[int, ObjectiveNode] = {}
    strategy_texts: dict[str, str] = {}
    if strategy is not None:
        objectives, nodes = _objective_tree(strategy, language, government)
        strategy_texts = {
            name: _text(strategy, name, language, government)
            for name in ("title", "vision", "summary", "external_context", "internal_capacities")
        }

    open_commitments = Commitment.objects.open().order_by(F("due_date").asc(nulls_last=True), "id")
    agreements = [
        AgreementEntry(
            agreement=a,
            title=_text(a, "title", language, government),
            summary=_text(a, "summary", language, government),
            objectives_text=_text(a, "objectives", language, government),
            partners=list(a.partners.all()),
            # The prefetches below hold only the open commitments and the objectives of the
            # current strategy.
            open_commitments=list(a.commitments.all()),
            strategy_objectives=list(a.strategy_objectives.all()),
        )
        for a in Agreement.objects.for_tenant(government)
        .in_force()
        .with_last_activity(government.dormancy_months)
        .select_related("lead_department")
        # One Prefetch a call: the stubs type a call's Prefetches by one QuerySet type.
        .prefetch_related(Prefetch("partners", queryset=Partner.objects.order_by("name")))
        .prefetch_related(Prefetch("commitments", queryset=open_commitments))
        .prefetch_related(
            Prefetch(
                "strategy_objectives",
                queryset=Objective.objects.of_current_strategy().order_by("code"),
            )
        )
        .order_by(F("valid_until").asc(nulls_last=True), "title", "id")
    ]

    # Agreements in force whose notice deadline is still relevant: passed while the agreement
    # still runs (renewal or termination can no longer be notified in time), or to come.
    deadlines = sorted(
        (
            DeadlineEntry(
                agreement=entry.agreement,
                title=entry.title,
                deadline=deadline,
                days=(deadline - today).days,
            )
            for entry in agreements
            if (deadline := entry.agreement.notice_deadline) is not None
            and (entry.agreement.valid_until is None or entry.agreement.valid_until >= today)
        ),
        key=lambda d: (d.deadline, d.title),
    )

    pipeline = [
        PipelineEntry(
            agreement=a,
            title=_text(a, "title", language, government),
            partners=list(a.partners.all()),
        )
        for a in Agreement.objects.for_tenant(government)
        .filter(status__in=[AgreementStatus.NEGOTIATION, AgreementStatus.SIGNED])
        .select_related("lead_department")
        .prefetch_related(Prefetch("partners", queryset=Partner.objects.order_by("name")))
        .order_by("-status", "signed_on", "title", "id")
    ]

    registrations = list(
        Agreement.objects.for_tenant(government)
        .filter(
            registration_required=True,
            registration_status__in=[
                RegistrationStatus.PENDING,
                RegistrationStatus.SUBMITTED,
                RegistrationStatus.OBSERVED,
            ],
        )
        .exclude(status__in=[AgreementStatus.EXPIRED, AgreementStatus.TERMINATED])
        .order_by(F("registration_submitted_on").asc(nulls_first=True), "title", "id")
    )

    actions = [
        ActionEntry(
            action=a, title=_text(a, "title", language, government), partners=list(a.partners.all())
        )
        for a in Action.objects.for_tenant(government)
        .filter(status__in=[ActionStatus.ONGOING, ActionStatus.PLANNED])
        .select_related("lead_department", "agreement")
        .prefetch_related(Prefetch("partners", queryset=Partner.objects.order_by("name")))
        .order_by("-status", F("end_date").asc(nulls_last=True), "title", "id")
    ]

    beyond_term: list[BeyondTermEntry] = []
    if government.term_ends_on is not None:
        for action in (
            Action.objects.for_tenant(government)
            .filter(status__in=[ActionStatus.ONGOING, ActionStatus.PLANNED])
            .filter(end_date__gt=government.term_ends_on)
            .prefetch_related("budget_lines")
            .order_by("end_date", "title", "id")
        ):
            budget = Money()
            for line in action.budget_lines.all():
                if not line.in_kind:
                    budget.add(line.currency, line.amount)
            if budget:
                title = _text(action, "title", language, government)
                beyond_term.append(BeyondTermEntry(action=action, title=title, budget=budget))

    commitments = list(
        Commitment.objects.for_tenant(government)
        .open()
        .select_related("action", "agreement", "partner", "department", "responsible_user")
        .order_by(F("due_date").asc(nulls_last=True), "id")
    )

    current_posts = NetworkPost.objects.filter(Q(end__isnull=True) | Q(end__gte=today)).order_by(
        F("start").desc(nulls_last=True), "id"
    )
    memberships = list(
        NetworkMembership.objects.for_tenant(government)
        .exclude(status=MembershipStatus.ENDED)
        .select_related("network", "department")
        .prefetch_related(Prefetch("posts", queryset=current_posts, to_attr="current_posts"))
        .order_by("network__name", "id")
    )

    key_partners = Partner.objects.for_tenant(government).filter(
        Q(agreements__status="in_force") | Q(actions__status=ActionStatus.ONGOING)
    )
    contacts = list(
        Contact.objects.for_tenant(government)
        .filter(partner__is_active=True)
        .filter(Q(is_primary=True) | Q(partner__in=key_partners.values("pk")))
        .select_related("partner")
        .order_by("partner__name", "partner_id", "-is_primary", "name", "id")
    )

    indicator_filter = Q(action__status=ActionStatus.ONGOING)
    if strategy is not None:
        indicator_filter |= Q(objective__strategy=strategy)
    indicators = indicator_results(
        list(
            Indicator.objects.for_tenant(government)
            .filter(indicator_filter)
            .select_related("objective", "action")
            .order_by("objective__code", "action__title", "position", "title", "id")
        ),
        language,
        government,
    )
    objective_results = [r for r in indicators if r.indicator.objective_id]
    for result in objective_results:
        node = nodes.get(result.indicator.objective_id or 0)
        if node is not None:
            node.indicators.append(result)

    recommendations = list(
        Recommendation.objects.for_tenant(government)
        .open()
        .select_related("evaluation", "evaluation__action", "evaluation__strategy", "department")
        .order_by(F("due_date").asc(nulls_last=True), "evaluation__title", "id")
    )

    return HandoverContent(
        government=government,
        language=language,
        today=today,
        strategy=strategy,
        strategy_texts=strategy_texts,
        objectives=objectives,
        agreements=agreements,
        pipeline=pipeline,
        dormant=[entry for entry in agreements if getattr(entry.agreement, "dormant", False)],
        deadlines=deadlines,
        registrations=registrations,
        actions=actions,
        beyond_term=beyond_term,
        commitments=commitments,
        memberships=memberships,
        contacts=contacts,
        objective_results=objective_results,
        action_results=[r for r in indicators if r.indicator.action_id],
        recommendations=recommendations,
    )


# --- Annual report ----------------------------------------------------------------------------


@dataclass
class AnnualAction:
    action: Action
    title: str
    partners: list[Partner]
    cost: Money
    in_kind: Money
    goals: list[Any]
    objective_ids: set[int]
    countries: list[str]
    travellers: int


@dataclass
class Group:
    """Actions grouped under an objective, an SDG goal, a modality or a country."""

    key: str
    label: str
    actions: list[AnnualAction] = field(default_factory=list)
    results: list[IndicatorResult] = field(default_factory=list)
    children: list[Group] = field(default_factory=list)
    # For a general objective with specific ones: actions linked to it but to none of them.
    direct_actions: list[AnnualAction] = field(default_factory=list)

    @property
    def cost(self) -> Money:
        total = Money()
        for entry in self.actions:
            total.merge(entry.cost)
        return total

    @property
    def count(self) -> int:
        return len(self.actions)


@dataclass
class AnnualContent:
    government: Government
    language: str
    year: int
    start: datetime.date
    end: datetime.date
    strategy: Strategy | None
    actions: list[AnnualAction]
    by_objective: list[Group]
    unlinked: Group
    by_goal: list[Group]
    no_goal: Group
    by_modality: list[Group]
    by_country: list[tuple[str, int]]
    partners: list[tuple[Partner, int]]
    missions: list[AnnualAction]
    results: list[IndicatorResult]
    total_cost: Money
    total_in_kind: Money


def active_in(year: int) -> Q:
    """Actions under way at some point of ``year`` (ideas and cancelled ones excluded)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    under_way = Q(end_date__gte=start) | Q(end_date__isnull=True, start_date__gte=start)
    if start <= timezone.localdate():
        # Ongoing without an end date: under way from its start until today.
        under_way |= Q(end_date__isnull=True, status=ActionStatus.ONGOING)
    return (
        Q(start_date__lte=end)
        & under_way
        & ~Q(status__in=[ActionStatus.IDEA, ActionStatus.CANCELLED])
    )


def _country_name(code: str) -> str:
    return str(countries.name(code)) if code else ""


def build_annual(government: Government, year: int, language: str) -> AnnualContent:
    """What was done in ``year``, with whom, at what cost, with what results."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    strategy = _chosen_strategy(government, year)
    roots, nodes = _objective_tree(strategy, language, government) if strategy else ([], {})

    actions_qs = Action.objects.for_tenant(government).filter(active_in(year))
    rows = list(
        actions_qs.select_related("lead_department", "agreement", "mission__destination")
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.order_by("name")),
            Prefetch("sdg_targets", queryset=SdgTarget.objects.select_related("goal")),
            "budget_lines",
            Prefetch("strategy_objectives", queryset=Objective.objects.only("id", "strategy_id")),
            Prefetch("mission__travellers", queryset=Traveller.objects.only("id", "mission_id")),
        )
        .order_by("start_date", "title", "id")
    )
    entries = [_annual_action(action, language, government) for action in rows]

    year_periods = IndicatorPeriod.objects.filter(start__lte=end, end__gte=start)
    of_the_year = Q(action__in=actions_qs.values("pk"))
    if strategy is not None:
        of_the_year |= Q(objective__strategy=strategy)
    results = indicator_results(
        list(
            Indicator.objects.for_tenant(government)
            .filter(of_the_year, pk__in=year_periods.values("indicator_id"))
            .select_related("objective", "action")
            .order_by("title", "id")
        ),
        language,
        government,
        start,
        end,
    )
    results_by_action: dict[int, list[IndicatorResult]] = defaultdict(list)
    results_by_objective: dict[int, list[IndicatorResult]] = defaultdict(list)
    for result in results:
        if result.indicator.action_id:
            results_by_action[result.indicator.action_id].append(result)
        elif result.indicator.objective_id:
            results_by_objective[result.indicator.objective_id].append(result)

    by_objective, unlinked = _group_by_objective(
        roots, nodes, entries, results_by_objective, results_by_action
    )
    by_goal, no_goal = _group_by_goal(entries)
    modality_groups: dict[str, Group] = {}
    for entry in entries:
        key = entry.action.modality
        group = modality_groups.setdefault(
            key, Group(key=key, label=str(entry.action.get_modality_display()))
        )
        group.actions.append(entry)
    by_modality = sorted(modality_groups.values(), key=lambda g: (-g.count, g.label))
    country_counts = Counter(name for entry in entries for name in entry.countries)
    partner_counts: Counter[int] = Counter()
    partners_by_id: dict[int, Partner] = {}
    for entry in entries:
        for partner in entry.partners:
            partner_counts[partner.pk] += 1
            partners_by_id[partner.pk] = partner
    total_cost, total_in_kind = Money(), Money()
    for entry in entries:
        total_cost.merge(entry.cost)
        total_in_kind.merge(entry.in_kind)

    return AnnualContent(
        government=government,
        language=language,
        year=year,
        start=start,
        end=end,
        strategy=strategy,
        actions=entries,
        by_objective=by_objective,
        unlinked=unlinked,
        by_goal=by_goal,
        no_goal=no_goal,
        by_modality=by_modality,
        by_country=sorted(country_counts.items(), key=lambda item: (-item[1], item[0])),
        partners=sorted(
            ((partners_by_id[pk], n) for pk, n in partner_counts.items()),
            key=lambda item: (-item[1], item[0].name),
        ),
        missions=[e for e in entries if _mission(e.action) is not None],
        results=results,
        total_cost=total_cost,
        total_in_kind=total_in_kind,
    )


def _mission(action: Action) -> Any:
    try:
        return action.mission
    except Action.mission.RelatedObjectDoesNotExist:
        return None


def _annual_action(action: Action, language: str, government: Government) -> AnnualAction:
    cost, in_kind = Money(), Money()
    for line in action.budget_lines.all():
        (in_kind if line.in_kind else cost).add(line.currency, line.amount)
    mission = _mission(action)
    if mission is not None:
        cost.add(mission.currency, mission.cost)
    partners = list(action.partners.all())
    goals: dict[str, Any] = {}
    for target in action.sdg_targets.all():
        goals.setdefault(target.goal_id, target.goal)
    country_codes = {str(p.country) for p in partners if p.country}
    return AnnualAction(
        action=action,
        title=_text(action, "title", language, government),
        partners=partners,
        cost=cost,
        in_kind=in_kind,
        goals=sorted(goals.values(), key=lambda g: g.number),
        objective_ids={o.pk for o in action.strategy_objectives.all()},
        countries=sorted(_country_name(code) for code in country_codes),
        travellers=len(mission.travellers.all()) if mission is not None else 0,
    )


def _group_by_objective(
    roots: list[ObjectiveNode],
    nodes: dict[int, ObjectiveNode],
    entries: list[AnnualAction],
    results_by_objective: dict[int, list[IndicatorResult]],
    results_by_action: dict[int, list[IndicatorResult]],
) -> tuple[list[Group], Group]:
    def group_for(node: ObjectiveNode, ids: set[int]) -> Group:
        actions = [e for e in entries if e.objective_ids & ids]
        results = list(results_by_objective.get(node.objective.pk, []))
        for entry in actions:
            results.extend(
                r for r in results_by_action.get(entry.action.pk, []) if r not in results
            )
        return Group(
            key=node.objective.code,
            label=f"{node.objective.code}. {node.title}",
            actions=actions,
            results=results,
        )

    groups = []
    for root in roots:
        ids = {root.objective.pk, *(child.objective.pk for child in root.children)}
        group = group_for(root, ids)
        group.children = [group_for(child, {child.objective.pk}) for child in root.children]
        if group.children:
            specific = ids - {root.objective.pk}
            group.direct_actions = [e for e in group.actions if not e.objective_ids & specific]
        groups.append(group)
    linked = set(nodes)
    unlinked = Group(
        key="",
        label="",
        actions=[e for e in entries if not (e.objective_ids & linked)],
    )
    for entry in unlinked.actions:
        unlinked.results.extend(results_by_action.get(entry.action.pk, []))
    return groups, unlinked


def _group_by_goal(entries: Iterable[AnnualAction]) -> tuple[list[Group], Group]:
    groups: dict[str, Group] = {}
    numbers: dict[str, int] = {}
    no_goal = Group(key="", label="")
    for entry in entries:
        if not entry.goals:
            no_goal.actions.append(entry)
        for goal in entry.goals:
            numbers[goal.code] = goal.number
            groups.setdefault(goal.code, Group(key=goal.code, label=goal.label)).actions.append(
                entry
            )
    return sorted(groups.values(), key=lambda g: numbers[g.key]), no_goal

"""What serves the strategy: objectives with their linked work and budget, priority countries
and themes with and without activity, and the actions that serve no objective.

Every function answers with a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    Func,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from lazos.actions.models import Action, BudgetLine
from lazos.agreements.models import Agreement
from lazos.partners.models import Partner
from lazos.strategy.models import Objective, Strategy


def _branch(through: type[Model], outer: OuterRef | None = None) -> QuerySet[Model]:
    """Rows of an objective M2M ``through`` table for the outer objective (``outer``, by
    default ``OuterRef("pk")``) and, when it is a general objective, its specific objectives."""
    if outer is None:
        outer = OuterRef("pk")
    rows = through._default_manager.filter(Q(objective_id=outer) | Q(objective__parent_id=outer))
    return rows.order_by()


def _distinct_count(through: type[Model], column: str) -> Subquery:
    count = Func(F(column), function="COUNT", template="%(function)s(DISTINCT %(expressions)s)")
    return Subquery(_branch(through).annotate(n=count).values("n")[:1], output_field=IntegerField())


def objectives_with_totals(strategy: Strategy) -> QuerySet[Any]:
    """The strategy's objectives annotated with ``action_count``, ``agreement_count``,
    ``partner_count``, ``budget`` (sum of the budget lines of the linked actions in the
    government's currency) and ``other_currencies`` (some of those lines are in another
    currency and are left out of ``budget``). A general objective counts the work linked to
    it or to any of its specific objectives, each action, agreement or partner once. One
    query."""
    currency = strategy.government.currency
    # Two levels down (objective → budget lines → links): the objective is the outer outer.
    action_ids = _branch(Objective.actions.through, OuterRef(OuterRef("pk"))).values("action_id")
    lines = BudgetLine.objects.filter(action_id__in=action_ids).order_by()
    total = Func(F("amount"), function="SUM")
    return (
        Objective.objects.for_tenant(strategy.government_id)
        .filter(strategy=strategy)
        .annotate(
            action_count=Coalesce(_distinct_count(Objective.actions.through, "action_id"), 0),
            agreement_count=Coalesce(
                _distinct_count(Objective.agreements.through, "agreement_id"), 0
            ),
            partner_count=Coalesce(_distinct_count(Objective.partners.through, "partner_id"), 0),
            budget=Subquery(
                lines.filter(currency=currency).annotate(total=total).values("total")[:1],
                output_field=DecimalField(max_digits=20, decimal_places=2),
            ),
            other_currencies=Exists(lines.exclude(currency=currency)),
        )
        .order_by("position", "code")
    )


@dataclass
class TreeNode:
    objective: Objective
    children: list[Objective]


def objective_tree(objectives: list[Objective]) -> list[TreeNode]:
    """General objectives in order, each with its specific objectives."""
    by_parent: dict[int, list[Objective]] = {}
    for objective in objectives:
        if objective.parent_id:
            by_parent.setdefault(objective.parent_id, []).append(objective)
    return [
        TreeNode(objective=o, children=by_parent.get(o.pk, []))
        for o in objectives
        if o.parent_id is None
    ]


@dataclass
class PriorityRow:
    key: str
    label: str
    actions: int
    agreements: int
    partners: int

    @property
    def has_activity(self) -> bool:
        return bool(self.actions or self.agreements or self.partners)


def _counts(queryset: QuerySet[Model], field: str, keys: list[str]) -> dict[str, int]:
    rows = (
        queryset.filter(**{f"{field}__in": keys})
        .order_by()
        .values(field)
        .annotate(n=Count("pk", distinct=True))
    )
    return {str(row[field]): row["n"] for row in rows}


def priority_countries(strategy: Strategy) -> list[PriorityRow]:
    """Each priority country with the actions, agreements and partners there (through the
    partners' country). Three queries."""
    countries = list(strategy.priority_countries)
    codes = [c.code for c in countries]
    if not codes:
        return []
    government = strategy.government_id
    actions = _counts(Action.objects.for_tenant(government), "partners__country", codes)
    agreements = _counts(Agreement.objects.for_tenant(government), "partners__country", codes)
    partners = _counts(Partner.objects.for_tenant(government), "country", codes)
    return [
        PriorityRow(
            key=c.code,
            label=str(c.name),
            actions=actions.get(c.code, 0),
            agreements=agreements.get(c.code, 0),
            partners=partners.get(c.code, 0),
        )
        for c in countries
    ]


def priority_themes(strategy: Strategy) -> list[PriorityRow]:
    """Each priority theme with the actions and agreements on it, and the partners of those
    actions. Four queries (themes included)."""
    themes = list(strategy.priority_themes.order_by("code"))
    codes = [t.code for t in themes]
    if not codes:
        return []
    government = strategy.government_id
    actions = _counts(Action.objects.for_tenant(government), "themes", codes)
    agreements = _counts(Agreement.objects.for_tenant(government), "themes", codes)
    partners = _counts(Partner.objects.for_tenant(government), "actions__themes", codes)
    rows = [
        PriorityRow(
            key=t.code,
            label=t.name,
            actions=actions.get(t.code, 0),
            agreements=agreements.get(t.code, 0),
            partners=partners.get(t.code, 0),
        )
        for t in themes
    ]
    return sorted(rows, key=lambda row: row.label)


def unlinked_actions(strategy: Strategy) -> QuerySet[Action]:
    """The government's actions that serve no objective of ``strategy``."""
    links = Objective.actions.through.objects.filter(
        action_id=OuterRef("pk"), objective__strategy=strategy
    )
    return (
        Action.objects.for_tenant(strategy.government_id)
        .exclude(Exists(links))
        .select_related("lead_department")
        .order_by("-start_date", "title", "pk")
    )


def strategy_budget(strategy: Strategy) -> dict[str, Any]:
    """Budget of the actions that serve at least one objective of ``strategy`` (each action
    counted once): ``total`` in the government's currency and ``other_currencies``, the
    other currencies of their lines, left out of the total. One query."""
    linked = Objective.actions.through.objects.filter(objective__strategy=strategy).values(
        "action_id"
    )
    rows = (
        BudgetLine.objects.for_tenant(strategy.government_id)
        .filter(action_id__in=linked)
        .order_by()
        .values("currency")
        .annotate(total=Sum("amount"))
    )
    currency = strategy.government.currency
    totals = {row["currency"]: row["total"] for row in rows}
    return {
        "total": totals.pop(currency, None) or Decimal("0"),
        "currency": currency,
        "other_currencies": sorted(totals),
    }

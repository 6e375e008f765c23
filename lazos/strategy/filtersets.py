"""Filters of the strategy list and of the objectives (shared by the HTML list, the exports and
the API)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lazos.core.filtersets import IdFilter, TenantFilterSet
from lazos.strategy.choices import StrategyStatus
from lazos.strategy.models import Objective, Strategy

GENERAL, SPECIFIC = "general", "specific"


class StrategyFilterSet(TenantFilterSet):
    search_fields = ("title", "vision", "development_plan")

    status = django_filters.ChoiceFilter(label=_("Status"), choices=StrategyStatus.choices)

    class Meta:
        model = Strategy
        fields = ["q", "status"]


class ObjectiveFilterSet(TenantFilterSet):
    search_fields = ("code", "title", "description")

    strategy = IdFilter(label=_("Strategy (id)"), field_name="strategy_id")
    parent = IdFilter(label=_("General objective (id)"), field_name="parent_id")
    level = django_filters.ChoiceFilter(
        label=_("Level"),
        choices=[(GENERAL, _("general")), (SPECIFIC, _("specific"))],
        method="filter_level",
    )
    current = django_filters.BooleanFilter(
        label=_("Of a current strategy"),
        method="filter_current",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = Objective
        fields = ["q", "strategy", "parent", "level", "current"]

    def filter_level(
        self, queryset: QuerySet[Objective], name: str, value: str
    ) -> QuerySet[Objective]:
        if value == GENERAL:
            return queryset.filter(parent__isnull=True)
        if value == SPECIFIC:
            return queryset.filter(parent__isnull=False)
        return queryset

    def filter_current(
        self, queryset: QuerySet[Objective], name: str, value: bool | None
    ) -> QuerySet[Objective]:
        if value is None:
            return queryset
        superseded = {"strategy__status": StrategyStatus.SUPERSEDED}
        return queryset.exclude(**superseded) if value else queryset.filter(**superseded)

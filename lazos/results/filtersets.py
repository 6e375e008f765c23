"""Filters of the indicator list and the review queue (shared by the HTML lists, the exports and
the API), and of the periods, target revisions and updates the API lists."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.actions.models import Action
from lazos.core.filtersets import IdFilter, TenantFilterSet
from lazos.core.widgets import use_autocomplete
from lazos.governments.models import Department
from lazos.results.choices import Measure, UpdateStatus
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate, TargetRevision
from lazos.strategy.models import Objective

ON_OBJECTIVES, ON_ACTIONS = "objectives", "actions"


class IndicatorFilterSet(TenantFilterSet):
    search_fields = ("title", "description", "result_title", "unit")

    on = django_filters.ChoiceFilter(
        label=_("Measures"),
        choices=[(ON_OBJECTIVES, _("objectives")), (ON_ACTIONS, _("actions"))],
        method="filter_on",
    )
    objective = django_filters.ModelChoiceFilter(
        label=_("Objective"), queryset=Objective.objects.none()
    )
    action = django_filters.ModelChoiceFilter(label=_("Action"), queryset=Action.objects.none())
    measure = django_filters.ChoiceFilter(label=_("Measure"), choices=Measure.choices)
    department = django_filters.ModelChoiceFilter(
        label=_("Responsible department"), queryset=Department.objects.none()
    )
    update_due = django_filters.BooleanFilter(
        label=_("Update due"),
        method="filter_update_due",
        widget=django_filters.widgets.BooleanWidget(),
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("title", "title"), ("measure", "measure"), ("created_at", "created")),
        field_labels={"title": _("title"), "measure": _("measure"), "created_at": _("created")},
    )

    class Meta:
        model = Indicator
        fields = ["q", "on", "objective", "action", "measure", "department", "update_due"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["objective"].queryset = (
            Objective.objects.for_tenant(self.government)
            .of_current_strategy()
            .order_by("strategy__start_year", "position", "code")
        )
        self.filters["action"].queryset = Action.objects.for_tenant(self.government).order_by(
            "title"
        )
        # A type-ahead, not a select of every action of the government (thousands).
        use_autocomplete(self, "action", "actions:action-search", "title")
        self.filters["department"].queryset = Department.objects.for_tenant(
            self.government
        ).order_by("name")

    def filter_on(
        self, queryset: QuerySet[Indicator], name: str, value: str
    ) -> QuerySet[Indicator]:
        if value == ON_OBJECTIVES:
            return queryset.filter(objective__isnull=False)
        if value == ON_ACTIONS:
            return queryset.filter(action__isnull=False)
        return queryset

    def filter_update_due(
        self, queryset: QuerySet[Indicator], name: str, value: bool | None
    ) -> QuerySet[Indicator]:
        if value is None:
            return queryset
        due = Indicator.objects.for_tenant(self.government).update_due(timezone.localdate())
        ids = due.values("pk")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)


class ReviewQueueFilterSet(TenantFilterSet):
    """Filters of the review queue (submitted updates)."""

    search_fields = ("period__indicator__title", "narrative")

    department = django_filters.ModelChoiceFilter(
        label=_("Responsible department"),
        field_name="period__indicator__department",
        queryset=Department.objects.none(),
    )

    class Meta:
        model = IndicatorUpdate
        fields = ["q", "department"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["department"].queryset = Department.objects.for_tenant(
            self.government
        ).order_by("name")


class IndicatorUpdateFilterSet(ReviewQueueFilterSet):
    """The updates of the API: the review queue's filters, plus status, indicator and period
    (``?status=submitted`` is the review queue)."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=UpdateStatus.choices)
    indicator = IdFilter(label=_("Indicator (id)"), field_name="period__indicator_id")
    period = IdFilter(label=_("Period (id)"), field_name="period_id")

    class Meta:
        model = IndicatorUpdate
        fields = ["q", "department", "status", "indicator", "period"]


class IndicatorPeriodFilterSet(TenantFilterSet):
    search_fields = ("target_comment", "indicator__title")

    indicator = IdFilter(label=_("Indicator (id)"), field_name="indicator_id")
    starts_after = django_filters.DateFilter(
        label=_("Starting on or after"), field_name="start", lookup_expr="gte"
    )
    ends_before = django_filters.DateFilter(
        label=_("Ending on or before"), field_name="end", lookup_expr="lte"
    )

    class Meta:
        model = IndicatorPeriod
        fields = ["q", "indicator", "starts_after", "ends_before"]


class TargetRevisionFilterSet(TenantFilterSet):
    search_fields = ("reason",)

    indicator = IdFilter(label=_("Indicator (id)"), field_name="period__indicator_id")
    period = IdFilter(label=_("Period (id)"), field_name="period_id")

    class Meta:
        model = TargetRevision
        fields = ["q", "indicator", "period"]

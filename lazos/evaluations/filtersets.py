"""Filters of the evaluation list and of the recommendations to follow up."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.core.filtersets import IdFilter, TenantFilterSet
from lazos.evaluations.choices import (
    OPEN_FOLLOW_UP,
    EvaluationKind,
    EvaluationStatus,
    FollowUpStatus,
    ResponseDecision,
)
from lazos.evaluations.models import Evaluation, Recommendation
from lazos.evaluations.querysets import OPEN_RECOMMENDATION
from lazos.governments.models import Department

SUBJECT_CHOICES = (("action", _("an action")), ("strategy", _("a strategy")))


class EvaluationFilterSet(TenantFilterSet):
    search_fields = ("title", "evaluator", "action__title", "strategy__title")

    subject = django_filters.ChoiceFilter(
        label=_("Evaluation of"), choices=SUBJECT_CHOICES, method="filter_subject"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EvaluationStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EvaluationKind.choices)
    year = django_filters.NumberFilter(label=_("Year"), method="filter_year")
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("completed_on", "completed_on"), ("start_date", "start"), ("title", "title")),
        field_labels={
            "completed_on": _("completed on"),
            "start_date": _("start"),
            "title": _("title"),
        },
    )

    class Meta:
        model = Evaluation
        fields = ["q", "subject", "status", "kind", "year"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["year"].field.widget.attrs.update(min=1990, max=2100)
        self.filters["year"].field.help_text = _("Year the evaluation started or was completed.")

    def filter_subject(
        self, queryset: QuerySet[Evaluation], name: str, value: str
    ) -> QuerySet[Evaluation]:
        if value == "action":
            return queryset.filter(action__isnull=False)
        if value == "strategy":
            return queryset.filter(strategy__isnull=False)
        return queryset

    def filter_year(
        self, queryset: QuerySet[Evaluation], name: str, value: Decimal
    ) -> QuerySet[Evaluation]:
        year = int(value)
        return queryset.filter(Q(completed_on__year=year) | Q(start_date__year=year))


class RecommendationFilterSet(TenantFilterSet):
    """The recommendations to follow up: open ones by default."""

    search_fields = ("text", "planned_action", "responsible", "evaluation__title")

    follow_up_status = django_filters.ChoiceFilter(
        label=_("Follow-up"),
        choices=[
            (value, label) for value, label in FollowUpStatus.choices if value in OPEN_FOLLOW_UP
        ],
        method="filter_follow_up",
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"),
        method="filter_overdue",
        widget=django_filters.widgets.BooleanWidget(),
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.none()
    )

    class Meta:
        model = Recommendation
        fields = ["q", "follow_up_status", "overdue", "department"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["department"].queryset = Department.objects.for_tenant(
            self.government
        ).order_by("name")

    def filter_follow_up(
        self, queryset: QuerySet[Recommendation], name: str, value: str
    ) -> QuerySet[Recommendation]:
        return queryset.filter(follow_up_status=value)

    def filter_overdue(
        self, queryset: QuerySet[Recommendation], name: str, value: bool | None
    ) -> QuerySet[Recommendation]:
        if value:
            return queryset.filter(due_date__lt=timezone.localdate())
        return queryset


class RecommendationApiFilterSet(RecommendationFilterSet):
    """The filters of the web's list of recommendations to follow up, for the API's list of
    every recommendation (closed ones too): ``open`` gives the web list's rows, and a
    recommendation is found by its evaluation, its response or any follow-up status."""

    evaluation = IdFilter(label=_("Evaluation (id)"), field_name="evaluation_id")
    open = django_filters.BooleanFilter(
        label=_("Open only"),
        method="filter_open",
        widget=django_filters.widgets.BooleanWidget(),
        help_text=_("Not rejected and follow-up not finished."),
    )
    response = django_filters.ChoiceFilter(
        label=_("Management response"), choices=ResponseDecision.choices
    )
    follow_up_status = django_filters.ChoiceFilter(
        label=_("Follow-up"), choices=FollowUpStatus.choices
    )

    class Meta:
        model = Recommendation
        fields = [
            "q",
            "evaluation",
            "open",
            "response",
            "follow_up_status",
            "overdue",
            "department",
        ]

    def filter_open(
        self, queryset: QuerySet[Recommendation], name: str, value: bool | None
    ) -> QuerySet[Recommendation]:
        if value is None:
            return queryset
        return queryset.filter(OPEN_RECOMMENDATION if value else ~OPEN_RECOMMENDATION)

    def filter_overdue(
        self, queryset: QuerySet[Recommendation], name: str, value: bool | None
    ) -> QuerySet[Recommendation]:
        # The web list holds open ones only; here "overdue" says it: open and past due.
        if value:
            return queryset.filter(OPEN_RECOMMENDATION, due_date__lt=timezone.localdate())
        return queryset

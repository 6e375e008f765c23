"""Filters of the action and commitment lists (shared by the HTML lists and the API), and of
the API's lists of an action's parts."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.actions.choices import (
    OPEN_COMMITMENT_STATUSES,
    ActionStatus,
    ActorRole,
    CommitmentStatus,
    FundingSource,
    Modality,
)
from lazos.actions.models import (
    Action,
    ActionLocalActor,
    BudgetLine,
    Commitment,
    Mission,
    Traveller,
)
from lazos.agreements.models import Agreement
from lazos.core.filtersets import IdFilter, ObjectMethodFilter, TenantFilterSet
from lazos.core.listing import FilterForm
from lazos.core.models import Tag
from lazos.core.widgets import use_autocomplete
from lazos.governments.models import Department
from lazos.partners.models import Partner
from lazos.reference.models import SdgGoal, Theme

YES_CHOICES = (("yes", _("yes")),)


def _date_input(filterset: django_filters.FilterSet, *names: str) -> None:
    for name in names:
        filterset.filters[name].field.widget.input_type = "date"


class ActionFilterSet(TenantFilterSet):
    search_fields = ("title", "description")

    modality = django_filters.ChoiceFilter(label=_("Modality"), choices=Modality.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ActionStatus.choices)
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"), field_name="partners", queryset=Department.objects.none(), distinct=True
    )
    agreement = django_filters.ModelChoiceFilter(
        label=_("Agreement"), queryset=Department.objects.none()
    )
    lead_department = django_filters.ModelChoiceFilter(
        label=_("Lead department"), queryset=Department.objects.none()
    )
    department = ObjectMethodFilter(
        label=_("Department (lead or other)"),
        queryset=Department.objects.none(),
        method="filter_department",
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.all(), distinct=True
    )
    sdg = django_filters.ModelChoiceFilter(
        label=_("SDG"),
        field_name="sdg_targets__goal",
        queryset=SdgGoal.objects.all(),
        distinct=True,
    )
    year = django_filters.NumberFilter(
        label=_("Year (start)"),
        field_name="start_date",
        lookup_expr="year",
        min_value=1,
        max_value=9999,
    )
    public = django_filters.BooleanFilter(label=_("Public"), field_name="is_public")
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"),
        field_name="tags",
        to_field_name="slug",
        queryset=Tag.objects.none(),
        distinct=True,
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("title", "title"), ("start_date", "start_date"), ("status", "status")),
        field_labels={"title": _("title"), "start_date": _("start"), "status": _("status")},
    )

    class Meta:
        model = Action
        form = FilterForm
        fields = [
            "q",
            "modality",
            "status",
            "partner",
            "agreement",
            "lead_department",
            "department",
            "theme",
            "sdg",
            "year",
            "public",
            "tag",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        government = self.government
        departments = Department.objects.for_tenant(government).order_by("name")
        self.filters["partner"].queryset = Partner.objects.for_tenant(government).order_by("name")
        self.filters["agreement"].queryset = Agreement.objects.for_tenant(government).order_by(
            "title"
        )
        self.filters["lead_department"].queryset = departments
        self.filters["department"].queryset = departments
        self.filters["tag"].queryset = Tag.objects.for_tenant(government).order_by("name")
        self.filters["sdg"].field.label_from_instance = lambda goal: goal.label
        use_autocomplete(self, "partner", "partners:partner-search", "name")
        use_autocomplete(self, "agreement", "agreements:agreement-search", "title")

    def filter_department(
        self, queryset: QuerySet[Action], name: str, value: Department | None
    ) -> QuerySet[Action]:
        if not value:
            return queryset
        inner = Action.objects.filter(departments=value).values("pk")
        return queryset.filter(Q(lead_department=value) | Q(pk__in=inner))


class CommitmentFilterSet(TenantFilterSet):
    search_fields = ("title", "description", "responsible", "meeting")

    status = django_filters.ChoiceFilter(label=_("Status"), choices=CommitmentStatus.choices)
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"), choices=YES_CHOICES, method="filter_overdue"
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.none()
    )
    due_after = django_filters.DateFilter(
        label=_("Due from"), field_name="due_date", lookup_expr="gte"
    )
    due_before = django_filters.DateFilter(
        label=_("Due until"), field_name="due_date", lookup_expr="lte"
    )
    action = django_filters.ModelChoiceFilter(label=_("Action"), queryset=Action.objects.none())
    agreement = django_filters.ModelChoiceFilter(
        label=_("Agreement"), queryset=Department.objects.none()
    )
    partner = ObjectMethodFilter(
        label=_("Partner"), queryset=Department.objects.none(), method="filter_partner"
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("due_date", "due_date"), ("title", "title"), ("status", "status")),
        field_labels={"due_date": _("due date"), "title": _("what"), "status": _("status")},
    )

    class Meta:
        model = Commitment
        form = FilterForm
        fields = [
            "q",
            "status",
            "overdue",
            "department",
            "due_after",
            "due_before",
            "action",
            "agreement",
            "partner",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        government = self.government
        self.filters["department"].queryset = Department.objects.for_tenant(government).order_by(
            "name"
        )
        self.filters["action"].queryset = Action.objects.for_tenant(government)
        self.filters["agreement"].queryset = Agreement.objects.for_tenant(government)
        self.filters["partner"].queryset = Partner.objects.for_tenant(government).order_by("name")
        # Type-ahead fields: a government may have thousands of each.
        use_autocomplete(self, "action", "actions:action-search", "title")
        use_autocomplete(self, "agreement", "agreements:agreement-search", "title")
        use_autocomplete(self, "partner", "partners:partner-search", "name")
        _date_input(self, "due_after", "due_before")

    def filter_overdue(
        self, queryset: QuerySet[Commitment], name: str, value: str
    ) -> QuerySet[Commitment]:
        if value == "yes":
            return queryset.filter(
                status__in=OPEN_COMMITMENT_STATUSES, due_date__lt=timezone.localdate()
            )
        return queryset

    def filter_partner(
        self, queryset: QuerySet[Commitment], name: str, value: Partner | None
    ) -> QuerySet[Commitment]:
        """The commitment's partner, or a partner of its action or agreement."""
        if not value:
            return queryset

        actions = Action.objects.filter(partners=value).values("pk")
        agreements = Agreement.objects.filter(partners=value).values("pk")
        return queryset.filter(
            Q(partner=value) | Q(action__in=actions) | Q(agreement__in=agreements)
        )


# --- The parts of an action, for the API ------------------------------------------------------
# Budget lines, participations, missions and travellers have no HTML list of their own (the
# action's page shows them), so these FilterSets serve the API's lists only. They filter by the
# parent's id (an id of another government's row finds nothing) rather than by a choice of
# rows, which an API client names by id anyway.


class BudgetLineFilterSet(TenantFilterSet):
    search_fields = ("funder", "description")

    action = IdFilter(label=_("Action (id)"), field_name="action_id")
    source = django_filters.ChoiceFilter(label=_("Funding source"), choices=FundingSource.choices)
    in_kind = django_filters.BooleanFilter(label=_("In kind"))

    class Meta:
        model = BudgetLine
        fields = ["q", "action", "source", "in_kind"]


class ParticipationFilterSet(TenantFilterSet):
    search_fields = ("actor__name", "notes")

    action = IdFilter(label=_("Action (id)"), field_name="action_id")
    actor = IdFilter(label=_("Local actor (id)"), field_name="actor_id")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=ActorRole.choices)

    class Meta:
        model = ActionLocalActor
        fields = ["q", "action", "actor", "role"]


class MissionFilterSet(TenantFilterSet):
    search_fields = ("destination_text", "purpose", "action__title")

    action = IdFilter(label=_("Action (id)"), field_name="action_id")

    class Meta:
        model = Mission
        fields = ["q", "action"]


class TravellerFilterSet(TenantFilterSet):
    search_fields = ("name", "position")

    mission = IdFilter(label=_("Mission (id)"), field_name="mission_id")
    action = IdFilter(label=_("Action (id)"), field_name="mission__action_id")
    department = IdFilter(label=_("Department (id)"), field_name="department_id")

    class Meta:
        model = Traveller
        fields = ["q", "mission", "action", "department"]

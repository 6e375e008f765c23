"""Forms of actions, budget lines, participations, missions, travellers and commitments.

Every choice that points to tenant data lists only the current government's rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lazos.accounts.models import User
from lazos.actions.models import (
    Action,
    ActionLocalActor,
    BudgetLine,
    Commitment,
    Mission,
    Traveller,
)
from lazos.actors.models import LocalActor
from lazos.agreements.models import Agreement
from lazos.core.services import parse_tags
from lazos.core.widgets import AutocompleteWidget
from lazos.governments.models import Department, Government
from lazos.partners.forms import choice_field, model_choice_field
from lazos.partners.models import Partner
from lazos.reference.models import City, SdgTarget, Theme

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Fields of the action form whose change refreshes the coordination panel.
COORDINATION_FIELDS = ("title", "partners", "start_date", "end_date", "lead_department")


def _departments(
    government: Government, current: Iterable[int | None] = ()
) -> QuerySet[Department]:
    """The government's active departments, plus those already chosen (by id)."""
    current_ids = [pk for pk in current if pk]
    return Department.objects.for_tenant(government).filter(
        Q(is_active=True) | Q(pk__in=current_ids)
    )


def sdg_target_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The 169 targets grouped by goal (one query)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    labels: dict[str, str] = {}
    for target in SdgTarget.objects.select_related("goal").order_by("goal__number", "position"):
        labels.setdefault(target.goal_id, target.goal.label)
        groups.setdefault(target.goal_id, []).append((target.pk, target.label))
    return [(labels[goal], options) for goal, options in groups.items()]


class ActionForm(forms.ModelForm[Action]):
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separate tags with commas, e.g. “waste, youth exchange”."),
    )

    class Meta:
        model = Action
        fields = [
            "title",
            "modality",
            "status",
            "partners",
            "agreement",
            "lead_department",
            "departments",
            "start_date",
            "end_date",
            "location",
            "description",
            "themes",
            "sdg_targets",
            "tags",
            "is_public",
            "public_summary",
            "outcomes",
            "lessons_learned",
            "language",
            "external_id",
            "iati_identifier",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
            "public_summary": forms.Textarea(attrs={"rows": 3}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
            "lessons_learned": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.SelectMultiple(attrs={"size": 8}),
            "departments": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "sdg_targets": forms.SelectMultiple(attrs={"size": 12}),
        }
        help_texts = {
            "title": _("A short name that colleagues will recognise."),
            "modality": _("What kind of international action this is."),
            "partners": _(
                "The organisations abroad it is done with. Hold Ctrl (⌘ on a Mac) to choose "
                "several."
            ),
            "lead_department": _("The department responsible for it."),
            "departments": _("Other departments taking part."),
            "start_date": _("For a mission or delegation: the first day of the trip."),
            "end_date": _("Leave empty while not known."),
            "location": _("Where it takes place, when useful."),
            "themes": _("The themes it works on."),
            "sdg_targets": _(
                "The Sustainable Development Goal targets it contributes to. Hold Ctrl (⌘ on a "
                "Mac) to choose several."
            ),
            "public_summary": _("Required when the action is public: what residents will read."),
            "outcomes": _("What it achieved; for a mission, the outcomes of the trip."),
            "lessons_learned": _("What to repeat or avoid next time."),
            "external_id": _("Identifier in another system or spreadsheet; re-imports use it."),
        }

    def __init__(
        self, *args: Any, government: Government, coordination_url: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        current_departments: list[int | None] = [instance.lead_department_id]
        if instance.pk:
            current_departments += [d.pk for d in instance.departments.all()]
        tags = self.initial.get("tags")
        if not isinstance(tags, str):
            self.initial["tags"] = ", ".join(str(t) for t in tags or ())
        fields = self.fields
        choosing = partial(model_choice_field, self)
        choosing("partners").queryset = Partner.objects.for_tenant(government).order_by("name")
        choosing("agreement").queryset = Agreement.objects.for_tenant(government).order_by("title")
        choosing("lead_department").queryset = _departments(government, current_departments)
        choosing("departments").queryset = _departments(government, current_departments)
        choosing("themes").queryset = Theme.objects.order_by("name_en")
        choice_field(self, "sdg_targets").choices = sdg_target_choices()
        if coordination_url:
            include = ", ".join(f"#id_{name}" for name in COORDINATION_FIELDS)
            for name in COORDINATION_FIELDS:
                fields[name].widget.attrs.update(
                    {
                        "hx-get": coordination_url,
                        "hx-trigger": "change",
                        "hx-include": include,
                        "hx-target": "#coordination-panel",
                        "hx-swap": "innerHTML",
                        # A newer change aborts a request still in flight, so an older
                        # answer never replaces the panel of the latest values.
                        "hx-sync": "closest form:replace",
                        "aria-controls": "coordination-panel",
                    }
                )

    def clean_tags(self) -> list[str]:
        return parse_tags(self.cleaned_data.get("tags", ""))


class BudgetLineForm(forms.ModelForm[BudgetLine]):
    class Meta:
        model = BudgetLine
        fields = ["source", "funder", "description", "amount", "currency", "in_kind"]
        help_texts = {
            "source": _("Who pays: own funds, national government, EU or international…"),
            "amount": _("For an in-kind contribution, its estimated value."),
            "currency": _("ISO 4217 code, e.g. EUR, USD, MXN."),
        }


class ParticipationForm(forms.ModelForm[ActionLocalActor]):
    class Meta:
        model = ActionLocalActor
        fields = ["actor", "role", "notes"]
        help_texts = {
            "actor": _("The local organisation taking part."),
            "role": _("What it does in the action."),
        }

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

        actors = LocalActor.objects.for_tenant(government).order_by("name")
        model_choice_field(self, "actor").queryset = actors


class MissionForm(forms.ModelForm[Mission]):
    destination = forms.ModelChoiceField(
        label=_("Destination (GeoNames)"),
        queryset=City.objects.all(),
        required=False,
        widget=AutocompleteWidget("reference:city-search"),
        help_text=_(
            "Type the city and pick it from the list; for a delegation received, where it "
            "comes from."
        ),
    )

    class Meta:
        model = Mission
        fields = ["destination", "destination_text", "purpose", "cost", "currency"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "destination_text": _("Or describe it in words (several cities, a region…)."),
            "purpose": _("Why the trip is made."),
            "cost": _("Total cost of the trip."),
            "currency": _("ISO 4217 code, e.g. EUR, USD, MXN."),
        }


class TravellerForm(forms.ModelForm[Traveller]):
    class Meta:
        model = Traveller
        fields = ["name", "position", "department"]
        help_texts = {
            "position": _("e.g. Mayor, Director of Culture."),
            "department": _("The department they belong to, if any."),
        }

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "department").queryset = _departments(government)


class MemberChoiceField(forms.ModelChoiceField[User]):
    """A member chosen by name (their username when they gave none)."""

    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class CommitmentForm(forms.ModelForm[Commitment]):
    action = forms.ModelChoiceField(
        label=_("Action"),
        queryset=Action.objects.none(),
        required=False,
        widget=AutocompleteWidget("actions:action-search"),
        help_text=_("The action it comes from: type part of its title and pick it."),
    )

    class Meta:
        model = Commitment
        fields = [
            "title",
            "description",
            "action",
            "agreement",
            "meeting",
            "partner",
            "responsible",
            "responsible_user",
            "department",
            "due_date",
            "status",
        ]
        field_classes = {"responsible_user": MemberChoiceField}
        widgets = {
            "due_date": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": _("What was promised, in one sentence."),
            "agreement": _("The agreement it comes from, if any."),
            "partner": _("The partner it was promised to (or by)."),
            "responsible_user": _("The member who follows it up, if they use Lazos."),
            "department": _("The department responsible for it."),
            "due_date": _("When it should be done; past this date it shows as overdue."),
        }

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choosing = partial(model_choice_field, self)
        choosing("action").queryset = Action.objects.for_tenant(government)
        choosing("agreement").queryset = Agreement.objects.for_tenant(government).order_by("title")
        choosing("partner").queryset = Partner.objects.for_tenant(government).order_by("name")
        choosing("department").queryset = _departments(government, [self.instance.department_id])
        choosing("responsible_user").queryset = User.objects.filter(
            memberships__government=government
        ).order_by("first_name", "last_name", "username")


class CompleteCommitmentForm(forms.Form):
    completed_on = forms.DateField(
        label=_("Done on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty for today."),
    )

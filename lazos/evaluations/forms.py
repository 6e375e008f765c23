"""Forms of evaluations, the six criteria, recommendations, responses and follow-up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lazos.actions.models import Action
from lazos.core.widgets import AutocompleteWidget
from lazos.evaluations.choices import Criterion, FollowUpStatus, Rating, ResponseDecision
from lazos.evaluations.models import Evaluation, Recommendation
from lazos.evaluations.services import EVALUATION_FIELDS
from lazos.governments.models import Department
from lazos.partners.forms import date_widget, model_choice_field
from lazos.strategy.models import Strategy

if TYPE_CHECKING:
    from lazos.governments.models import Government


def _date_input() -> forms.DateInput:
    return date_widget()


def _departments(government: Government) -> QuerySet[Department]:
    return Department.objects.for_tenant(government).order_by("name")


class EvaluationForm(forms.ModelForm[Evaluation]):
    """The evaluation itself; on creation also what it evaluates (an action or a strategy)."""

    action = forms.ModelChoiceField(
        label=_("Action evaluated"),
        queryset=Action.objects.none(),
        required=False,
        widget=AutocompleteWidget("actions:action-search"),
        help_text=_("Type part of the action's title and pick it. Leave empty for a strategy."),
    )
    strategy = forms.ModelChoiceField(
        label=_("Strategy evaluated"),
        queryset=Strategy.objects.none(),
        required=False,
        help_text=_("For a mid-term or final evaluation of the strategy."),
    )

    class Meta:
        model = Evaluation
        fields = ["action", "strategy", *EVALUATION_FIELDS]
        widgets = {
            "start_date": _date_input(),
            "completed_on": _date_input(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "findings": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "title": _("e.g. Final evaluation of the youth exchange with Rosario."),
            "kind": _("Internal (by the government), external (independent) or joint."),
            "status": _("A completed evaluation needs its completion date."),
            "summary": _("A few sentences: what was evaluated, how and the main conclusion."),
            "findings": _("What the evaluation found, beyond the six criteria."),
        }

    def __init__(
        self, *args: Any, government: Government, creating: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            model_choice_field(self, "action").queryset = Action.objects.for_tenant(government)
            model_choice_field(self, "strategy").queryset = Strategy.objects.for_tenant(government)
        else:
            del self.fields["action"]
            del self.fields["strategy"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "action" in self.fields and bool(data.get("action")) == bool(data.get("strategy")):
            raise forms.ValidationError(_("Choose either an action or a strategy to evaluate."))
        return data

    def service_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EVALUATION_FIELDS}


class CriterionForm(forms.Form):
    """One row of the six-criteria form."""

    criterion = forms.ChoiceField(choices=Criterion.choices, widget=forms.HiddenInput)
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[("", _("not rated")), *Rating.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    text = forms.CharField(
        label=_("Assessment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this rating: the evidence behind it."),
    )

    @property
    def criterion_label(self) -> str:
        value = str(self.initial.get("criterion") or self.data.get(self.add_prefix("criterion")))
        return str(dict(Criterion.choices).get(value, value))


class BaseCriteriaFormSet(forms.BaseFormSet[CriterionForm]):
    def clean(self) -> None:
        super().clean()
        seen = [form.cleaned_data.get("criterion") for form in self.forms if form.cleaned_data]
        if sorted(c for c in seen if c) != sorted(Criterion.values):
            raise forms.ValidationError(_("The form must list each of the six criteria once."))


CriteriaFormSet = forms.formset_factory(
    CriterionForm,
    formset=BaseCriteriaFormSet,
    extra=0,
    min_num=len(Criterion.values),
    max_num=len(Criterion.values),
    validate_min=True,
    validate_max=True,
)


class RecommendationForm(forms.ModelForm[Recommendation]):
    class Meta:
        model = Recommendation
        fields = ["text", "department"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "text": _("What the evaluation recommends, in one or two sentences."),
            "department": _("The department it is addressed to, if any."),
        }

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "department").queryset = _departments(government)


class ResponseForm(forms.ModelForm[Recommendation]):
    """The management response to a recommendation."""

    class Meta:
        model = Recommendation
        fields = [
            "response",
            "response_text",
            "planned_action",
            "responsible",
            "department",
            "due_date",
        ]
        widgets = {
            "response_text": forms.Textarea(attrs={"rows": 3}),
            "planned_action": forms.Textarea(attrs={"rows": 3}),
            "due_date": _date_input(),
        }
        labels = {"response": _("Decision")}
        help_texts = {
            "response": _("Does the government accept the recommendation?"),
            "response_text": _("The response in words; for a rejection, the reasons."),
            "planned_action": _("What will be done, when accepted fully or partly."),
            "responsible": _("The person or team that will do it."),
            "department": _("The department responsible."),
            "due_date": _("By when it will be done."),
        }

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "department").queryset = _departments(government)
        cast(forms.ChoiceField, self.fields["response"]).choices = [
            (value, label)
            for value, label in ResponseDecision.choices
            if value != ResponseDecision.PENDING
        ]


class FollowUpForm(forms.ModelForm[Recommendation]):
    class Meta:
        model = Recommendation
        fields = ["follow_up_status", "follow_up_notes", "completed_on"]
        widgets = {
            "follow_up_notes": forms.Textarea(attrs={"rows": 4}),
            "completed_on": _date_input(),
        }
        labels = {"follow_up_status": _("Follow-up status")}
        help_texts = {
            "follow_up_status": _("Where the planned action stands."),
            "follow_up_notes": _("What has been done so far, and what is left."),
            "completed_on": _("Only when it is done: the date it was completed."),
        }

    def __init__(self, *args: Any, government: Government | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["follow_up_status"]).choices = FollowUpStatus.choices

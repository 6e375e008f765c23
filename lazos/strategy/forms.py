"""Forms of strategies, objectives and the links of an objective."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lazos.actions.forms import sdg_target_choices
from lazos.actions.models import Action
from lazos.agreements.models import Agreement
from lazos.partners.forms import choice_field, model_choice_field
from lazos.partners.models import Partner
from lazos.reference.models import Theme
from lazos.strategy.models import Objective, Strategy

if TYPE_CHECKING:
    from lazos.governments.models import Government

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# What a strategy says, in the order the form and the API's serializer show it.
STRATEGY_CONTENT_FIELDS = [
    "title",
    "start_year",
    "end_year",
    "vision",
    "summary",
    "external_context",
    "internal_capacities",
    "development_plan",
    "priority_countries",
    "priority_regions",
    "priority_themes",
    "budget_envelope",
    "currency",
]
STRATEGY_FORM_FIELDS = [*STRATEGY_CONTENT_FIELDS, "is_public", "language"]


class StrategyForm(forms.ModelForm[Strategy]):
    class Meta:
        model = Strategy
        fields = STRATEGY_FORM_FIELDS
        widgets = {
            "vision": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "external_context": forms.Textarea(attrs={"rows": 5}),
            "internal_capacities": forms.Textarea(attrs={"rows": 5}),
            "priority_countries": forms.SelectMultiple(attrs={"size": 8}),
            "priority_themes": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "title": _("e.g. International Strategy of Villa Esperanza."),
            "start_year": _("First year the strategy covers."),
            "end_year": _("Last year the strategy covers."),
            "vision": _("Where the government wants to be at the end of the period."),
            "priority_countries": _(
                "The countries where the government wants to work. Hold Ctrl (⌘ on a Mac) to "
                "choose several."
            ),
            "priority_themes": _("The themes the strategy puts first."),
            "budget_envelope": _("The money planned for the whole period, without the currency."),
            "currency": _("ISO 4217 code, e.g. MXN, BRL, EUR. Empty: the government's."),
        }

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.government = government
        model_choice_field(self, "priority_themes").queryset = Theme.objects.order_by("code")
        self.fields["currency"].required = False
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("currency", government.currency)

    def clean_currency(self) -> str:
        return (self.cleaned_data.get("currency") or self.government.currency).upper()

    def service_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in STRATEGY_FORM_FIELDS}


class ApproveStrategyForm(forms.Form):
    approved_on = forms.DateField(
        label=_("Approved on"), widget=DATE_WIDGET, help_text=_("The date of the approval.")
    )
    approved_by = forms.CharField(
        label=_("Approved by"),
        max_length=200,
        required=False,
        help_text=_("e.g. City council, session 12."),
    )


class NewVersionForm(forms.Form):
    """Nothing to fill: the button confirms."""


OBJECTIVE_FORM_FIELDS = [
    "parent",
    "code",
    "title",
    "description",
    "plan_objectives",
    "themes",
    "sdg_targets",
    "position",
]


class ObjectiveForm(forms.ModelForm[Objective]):
    class Meta:
        model = Objective
        fields = OBJECTIVE_FORM_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "plan_objectives": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.CheckboxSelectMultiple,
            "sdg_targets": forms.SelectMultiple(attrs={"size": 10}),
        }
        help_texts = {
            "sdg_targets": _(
                "The SDG targets the objective contributes to. Hold Ctrl (⌘ on a Mac) to choose "
                "several."
            ),
            "position": _("Objectives are listed by this number, then by code."),
        }

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choosing = partial(model_choice_field, self)
        parents = Objective.objects.for_tenant(strategy.government_id).filter(
            strategy=strategy, parent__isnull=True
        )
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        parent = choosing("parent")
        parent.queryset = parents.order_by("position", "code")
        parent.empty_label = _("(none: this is a general objective)")
        choosing("themes").queryset = Theme.objects.order_by("code")
        choice_field(self, "sdg_targets").choices = sdg_target_choices()

    def service_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in OBJECTIVE_FORM_FIELDS}


class ObjectiveLinksForm(forms.Form):
    """The actions, agreements and partners that serve an objective (the government's only)."""

    actions = forms.ModelMultipleChoiceField(
        label=_("Actions"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    agreements = forms.ModelMultipleChoiceField(
        label=_("Agreements"),
        queryset=Agreement.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choosing = partial(model_choice_field, self)
        choosing("actions").queryset = Action.objects.for_tenant(government).order_by("title")
        choosing("agreements").queryset = Agreement.objects.for_tenant(government).order_by("title")
        choosing("partners").queryset = Partner.objects.for_tenant(government).order_by("name")

"""Forms of indicators, periods, target revisions, updates and their review."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lazos.actions.models import Action
from lazos.core.attachments import ALLOWED_TYPES
from lazos.governments.models import Department
from lazos.partners.forms import choice_field, date_widget, model_choice_field
from lazos.results.choices import AGE_GROUPS, SEX_CATEGORIES, Dimension, Measure
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate
from lazos.results.services import INDICATOR_FIELDS, normalize_dimensions
from lazos.strategy.models import Objective

if TYPE_CHECKING:
    from lazos.governments.models import Government

STANDARD_DIMENSIONS = [(Dimension.SEX.value, _("sex")), (Dimension.AGE_GROUP.value, _("age group"))]
CATEGORIES = {Dimension.SEX.value: SEX_CATEGORIES, Dimension.AGE_GROUP.value: AGE_GROUPS}


def _date_input() -> forms.DateInput:
    return date_widget()


class IndicatorForm(forms.ModelForm[Indicator]):
    standard_dimensions = forms.MultipleChoiceField(
        label=_("Disaggregate by"),
        choices=STANDARD_DIMENSIONS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Updates then give the value for each sex or age group."),
    )
    custom_dimensions = forms.CharField(
        label=_("Other dimensions"),
        required=False,
        max_length=300,
        help_text=_("Comma-separated, e.g. “district, school”: any categories are accepted."),
    )

    class Meta:
        model = Indicator
        fields = [f for f in INDICATOR_FIELDS if f != "disaggregations"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "rubric": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "objective": _("The objective the indicator measures (or choose an action)."),
            "action": _("The action the indicator measures (or choose an objective)."),
        }

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choosing = partial(model_choice_field, self)
        choosing("objective").queryset = (
            Objective.objects.for_tenant(government)
            .of_current_strategy()
            .select_related("strategy")
            .order_by("strategy__start_year", "position", "code")
        )
        choosing("action").queryset = Action.objects.for_tenant(government).order_by("title")
        choosing("contributes_to").queryset = (
            Indicator.objects.for_tenant(government)
            .on_objectives()
            .exclude(pk=self.instance.pk)
            .order_by("title")
        )
        choosing("department").queryset = Department.objects.for_tenant(government).order_by("name")
        if not self.is_bound:
            dims = list(self.instance.disaggregations or [])
            self.initial["standard_dimensions"] = [d for d in dims if d in CATEGORIES]
            self.initial["custom_dimensions"] = ", ".join(d for d in dims if d not in CATEGORIES)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("objective")) == bool(data.get("action")):
            raise ValidationError(_("Choose either an objective or an action."))
        return data

    def service_values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data[name] for name in INDICATOR_FIELDS if name in self.fields}
        custom = [part for part in self.cleaned_data.get("custom_dimensions", "").split(",")]
        values["disaggregations"] = normalize_dimensions(
            [*self.cleaned_data.get("standard_dimensions", []), *custom]
        )
        return values


class PeriodForm(forms.ModelForm[IndicatorPeriod]):
    class Meta:
        model = IndicatorPeriod
        fields = ["start", "end", "target_value", "target_comment"]
        widgets = {"start": _date_input(), "end": _date_input()}

    def __init__(self, *args: Any, government: Government | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            field = self.fields["target_value"]
            field.disabled = True
            field.help_text = _("To change the target, revise it: the reason is kept.")


class TargetRevisionForm(forms.Form):
    new_value = forms.DecimalField(
        label=_("New target"), max_digits=16, decimal_places=4, required=False
    )
    target_comment = forms.CharField(
        label=_("Target note"),
        max_length=300,
        required=False,
        help_text=_("For a qualitative indicator, the rubric level aimed at."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the target changes; kept with who and when."),
    )

    def __init__(self, *args: Any, period: IndicatorPeriod, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(new_value=period.target_value, target_comment=period.target_comment)


class UpdateForm(forms.Form):
    """The value reached, narrative, evidence and one input per disaggregated category."""

    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=4, required=False)
    qualitative_value = forms.ChoiceField(label=_("Rubric level"), required=False)
    narrative = forms.CharField(
        label=_("Narrative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was achieved, and how the value was measured."),
    )
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        help_text=_("A PDF, image, office document, CSV or text file."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(ALLOWED_TYPES))}),
    )

    def __init__(
        self, *args: Any, indicator: Indicator, update: IndicatorUpdate | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        if indicator.measure == Measure.QUALITATIVE:
            del self.fields["value"]
            levels = [("", "—")] + [(level, level) for level in indicator.rubric_levels]
            choice_field(self, "qualitative_value").choices = levels
            self.fields["qualitative_value"].required = True
        else:
            del self.fields["qualitative_value"]
            self.fields["value"].required = True
            self.fields["value"].label = (
                _("Value (%)") if indicator.measure == Measure.PERCENTAGE else _("Value")
            )
            if indicator.unit:
                self.fields["value"].help_text = indicator.unit
        existing = {}
        if update is not None:
            existing = {(d.dimension, d.category): d.value for d in update.disaggregations.all()}
            if not self.is_bound:
                self.initial.update(
                    value=update.value,
                    qualitative_value=update.qualitative_value,
                    narrative=update.narrative,
                )
        self.custom_dimensions: list[str] = []
        for dimension in indicator.disaggregations or []:
            if dimension in CATEGORIES:
                for code, label in CATEGORIES[dimension]:
                    name = f"dis__{dimension}__{code}"
                    self.fields[name] = forms.DecimalField(
                        label=_("%(category)s (%(dimension)s)")
                        % {"dimension": dict(STANDARD_DIMENSIONS)[dimension], "category": label},
                        max_digits=16,
                        decimal_places=4,
                        required=False,
                        min_value=0,
                    )
                    if (dimension, code) in existing and not self.is_bound:
                        self.initial[name] = existing[(dimension, code)]
            else:
                name = f"custom__{dimension}"
                self.custom_dimensions.append(dimension)
                self.fields[name] = forms.CharField(
                    label=_("By %(dimension)s") % {"dimension": dimension},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=_("One category per line: “category: value”."),
                )
                if not self.is_bound:
                    self.initial[name] = "\n".join(
                        f"{category}: {value.normalize():f}"
                        for (dim, category), value in existing.items()
                        if dim == dimension
                    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rows: list[tuple[str, str, Any]] = []
        for name, value in data.items():
            if name.startswith("dis__") and value is not None:
                _prefix, dimension, category = name.split("__", 2)
                rows.append((dimension, category, value))
        for dimension in self.custom_dimensions:
            text = data.get(f"custom__{dimension}") or ""
            for line in text.splitlines():
                if not line.strip():
                    continue
                category, sep, number = line.rpartition(":")
                if not sep or not category.strip() or not number.strip():
                    self.add_error(
                        f"custom__{dimension}",
                        _("Write each line as “category: value”: “%(line)s”.")
                        % {"line": line.strip()},
                    )
                    continue
                rows.append((dimension, category.strip(), number.strip()))
        self.disaggregation_rows = rows
        return data

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "value": data.get("value"),
            "qualitative_value": data.get("qualitative_value", ""),
            "narrative": data.get("narrative", ""),
        }


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to return the update: say what to correct."),
    )

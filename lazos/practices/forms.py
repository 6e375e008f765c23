"""Forms of good practices: the practice with its translations, its indicators, and the mark
another government leaves on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from lazos.actions.forms import sdg_target_choices
from lazos.actions.models import Action
from lazos.core.content import base_language
from lazos.core.widgets import AutocompleteWidget
from lazos.governments.models import Department, Government
from lazos.practices.choices import TransferKind
from lazos.practices.models import GoodPractice, PracticeIndicator
from lazos.reference.models import Theme

if TYPE_CHECKING:
    from django.forms import BoundField
    from django_stubs_ext import StrOrPromise

TRANSLATED = ("title", "summary")


def translation_field(language: str, name: str) -> str:
    return f"tr_{language}_{name}"


class PracticeForm(forms.ModelForm[GoodPractice]):
    """The practice, in groups (see :attr:`fieldsets`), with its title and summary in the
    instance's other languages."""

    language = forms.ChoiceField(
        label=_("Language of the texts"),
        required=False,
        choices=[("", _("The government's first language")), *settings.LANGUAGES],
        help_text=_("The language the texts above are written in."),
    )
    material_languages = forms.MultipleChoiceField(
        label=_("Languages of the materials"),
        required=False,
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Languages in which documents and people can explain the practice."),
    )

    class Meta:
        model = GoodPractice
        fields = [
            "title",
            "summary",
            "language",
            "department",
            "started_on",
            "context",
            "solution",
            "results",
            "resources",
            "cost",
            "currency",
            "transfer_conditions",
            "material_languages",
            "contact_name",
            "contact_role",
            "contact_email",
            "themes",
            "sdg_targets",
            "actions",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "context": forms.Textarea(attrs={"rows": 5}),
            "solution": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 5}),
            "resources": forms.Textarea(attrs={"rows": 3}),
            "transfer_conditions": forms.Textarea(attrs={"rows": 4}),
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "themes": forms.CheckboxSelectMultiple,
            "sdg_targets": forms.SelectMultiple(attrs={"size": 10}),
            "actions": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "title": _("A name a colleague in another city will understand."),
            "context": _("The situation before: the problem, who it affected, why it mattered."),
            "solution": _("What was done, step by step, with whom."),
            "results": _("What changed, with figures where you have them (indicators below)."),
            "currency": _("ISO 4217 code, e.g. EUR, MXN, BRL. Empty: the government's currency."),
            "department": _("The department that ran it."),
            "contact_name": _("Public: shown with the published practice."),
            "contact_email": _(
                "Public: shown with the published practice so that peers in other cities can "
                "write to you. Use an office address rather than a personal one."
            ),
            "themes": _("At least one before publishing: peers find practices by theme."),
            "sdg_targets": _(
                "The SDG targets it contributes to. Hold Ctrl (⌘ on a Mac) to choose several."
            ),
            "actions": _(
                "Your government's actions this practice comes from. Only public actions are "
                "shown to other governments."
            ),
        }

    fieldsets: list[tuple[Any, tuple[str, ...]]]

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.government = government
        instance = self.instance
        fields: dict[str, Any] = self.fields
        fields["department"].queryset = Department.objects.for_tenant(government).filter(
            Q(is_active=True) | Q(pk=instance.department_id or 0)
        )
        fields["themes"].queryset = Theme.objects.order_by("name_en")
        fields["sdg_targets"].choices = sdg_target_choices()
        fields["actions"].queryset = Action.objects.for_tenant(government).order_by(
            "-start_date", "title"
        )
        if instance.pk is None and not self.initial.get("currency"):
            self.initial["currency"] = government.currency
        self.original = base_language(
            instance.language or (government.official_languages or ["en"])[0]
        )
        self.translation_languages = [
            (code, name) for code, name in settings.LANGUAGES if code != self.original
        ]
        existing = instance.translations or {}
        title_length = GoodPractice._meta.get_field("title").max_length
        for code, name in self.translation_languages:
            values = existing.get(code) or {}
            fields[translation_field(code, "title")] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                required=False,
                max_length=title_length,
                initial=values.get("title", ""),
                widget=forms.TextInput(attrs={"lang": code}),
            )
            fields[translation_field(code, "summary")] = forms.CharField(
                label=_("Summary (%(language)s)") % {"language": name},
                required=False,
                initial=values.get("summary", ""),
                widget=forms.Textarea(attrs={"rows": 3, "lang": code}),
            )
        self.fieldsets = [
            (_("The practice"), ("title", "summary", "language", "department", "started_on")),
            (_("The case"), ("context", "solution", "results")),
            (
                _("Resources and transfer"),
                ("resources", "cost", "currency", "transfer_conditions", "material_languages"),
            ),
            (_("Contact"), ("contact_name", "contact_role", "contact_email")),
            (_("Themes, SDGs and actions"), ("themes", "sdg_targets", "actions")),
        ]

    def grouped(self) -> list[tuple[StrOrPromise, list[BoundField]]]:
        """The fieldsets with their bound fields, for the template."""
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]

    def translation_groups(self) -> list[tuple[str, StrOrPromise, list[BoundField]]]:
        return [
            (code, name, [self[translation_field(code, field)] for field in TRANSLATED])
            for code, name in self.translation_languages
        ]

    def translations(self) -> dict[str, dict[str, str]]:
        """The translations as the form has them; none in the practice's own language."""
        chosen = base_language(
            self.cleaned_data.get("language") or (self.government.official_languages or ["en"])[0]
        )
        result: dict[str, dict[str, str]] = {}
        for code, _name in self.translation_languages:
            if code == chosen:
                continue
            values = {
                field: (self.cleaned_data.get(translation_field(code, field)) or "").strip()
                for field in TRANSLATED
            }
            values = {field: text for field, text in values.items() if text}
            if values:
                result[code] = values
        return result

    def service_values(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """(field values, many-to-many values) for the practice services."""
        data = self.cleaned_data
        related = {
            "themes": list(data["themes"]),
            "sdg_targets": list(data["sdg_targets"]),
            "actions": list(data["actions"]),
        }
        values = {
            name: data[name]
            for name in self._meta.fields or ()
            if name not in related and name in data
        }
        values["currency"] = (values.get("currency") or "").upper()
        values["translations"] = self.translations()
        return values, related


INDICATOR_FORM_FIELDS = ("name", "unit", "baseline", "achieved", "period")


class IndicatorForm(forms.ModelForm[PracticeIndicator]):
    class Meta:
        model = PracticeIndicator
        fields = list(INDICATOR_FORM_FIELDS)
        help_texts = {
            "baseline": _("Where it started."),
            "achieved": _("What was reached."),
        }


class BaseIndicatorFormSet(BaseInlineFormSet[PracticeIndicator, GoodPractice, IndicatorForm]):
    """The indicators of one practice. Django checks the hidden id of each row against every
    indicator in the database; here only against this practice's own, so the id of another
    practice's indicator (another government's) is refused exactly like a missing one."""

    def add_fields(self, form: IndicatorForm, index: int | None) -> None:
        super().add_fields(form, index)
        field = form.fields.get(self.model._meta.pk.name)
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = self.get_queryset()


IndicatorFormSet = inlineformset_factory(
    GoodPractice,
    PracticeIndicator,
    form=IndicatorForm,
    formset=BaseIndicatorFormSet,
    extra=2,
    can_delete=True,
    max_num=20,
    validate_max=True,
)


class MarkForm(forms.Form):
    """A government's mark on another government's practice. The kind comes from the button
    pressed ("Interested" or "We adapted this")."""

    kind = forms.ChoiceField(label=_("Kind"), choices=TransferKind.choices)
    note = forms.CharField(
        label=_("Note for the authors"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What interests you, or what you adapted and how. Seen by signed-in members of "
            "every government."
        ),
    )
    action = forms.ModelChoiceField(
        label=_("Our action"),
        queryset=Action.objects.none(),
        required=False,
        widget=AutocompleteWidget("actions:action-search"),
        help_text=_(
            "Optional: your action in which you adapt it. Its title is shown only if the "
            "action is public. Type part of its title and pick it."
        ),
    )

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["action"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Action.objects.for_tenant(government)


class UnmarkForm(forms.Form):
    kind = forms.ChoiceField(choices=TransferKind.choices)

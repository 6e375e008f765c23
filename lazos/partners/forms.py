"""Forms of partners, their contacts and journal notes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from lazos.core.services import parse_tags
from lazos.core.widgets import AutocompleteWidget
from lazos.governments.models import LANGUAGE_CHOICES, Department
from lazos.partners.models import Contact, Partner, PartnerNote
from lazos.partners.services import PARTNER_FIELDS
from lazos.reference.models import City

if TYPE_CHECKING:
    from lazos.governments.models import Government


def date_widget() -> forms.DateInput:
    """A date typed with the browser's date picker (ISO dates)."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Model]:
    """The form's ``name`` field, which chooses rows (to narrow its queryset to the tenant)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's ``name`` field, which chooses among fixed options (to set them)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class TagsField(forms.CharField):
    """Tags typed as comma-separated text: “culture, youth exchange”."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Tags"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 1000)
        kwargs.setdefault(
            "help_text", _("Separate tags with commas, e.g. “culture, youth exchange”.")
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        names = parse_tags(text)
        too_long = [name for name in names if len(name) > 60]
        if too_long:
            raise forms.ValidationError(
                _("A tag can have at most 60 characters: %(tag)s"), params={"tag": too_long[0]}
            )
        return names


def tags_initial(instance: Any) -> str:
    if instance is None or instance.pk is None:
        return ""
    return ", ".join(tag.name for tag in instance.tags.all())


class PartnerForm(forms.ModelForm[Partner]):
    place = forms.ModelChoiceField(
        label=_("Place (GeoNames)"),
        queryset=City.objects.all(),
        required=False,
        widget=AutocompleteWidget("reference:city-search"),
        help_text=_(
            "For a foreign city or region: type its name and pick it from the list. "
            "The country is taken from the place when you leave it empty."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("The languages to use with this partner."),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("Full address, e.g. https://www.example.org"),
    )
    tags = TagsField()

    class Meta:
        model = Partner
        fields = [
            "name",
            "kind",
            "country",
            "place",
            "website",
            "languages",
            "description",
            "is_active",
            "external_id",
            "iati_identifier",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "name": _("The organisation's name, as it calls itself."),
            "kind": _("What kind of organisation it is."),
            "is_active": _("Untick for partners you no longer work with; they are kept."),
        }

    def __init__(self, *args: Any, government: Government | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.government = government
        if not self.is_bound:
            self.initial["tags"] = tags_initial(self.instance)

    def clean(self) -> dict[str, Any]:
        # Fill the country from the place before the model validates, as the service does.
        cleaned = super().clean() or {}
        place = cleaned.get("place")
        if place is not None and not cleaned.get("country"):
            cleaned["country"] = place.country
        return cleaned

    def service_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PARTNER_FIELDS}


class ContactForm(forms.ModelForm[Contact]):
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone", "notes", "is_primary"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "name": _("The person's full name."),
            "role": _("e.g. Director of international relations."),
            "email": _("Personal data: visible only to your government's staff."),
            "phone": _("With the international prefix, e.g. +33 1 23 45 67 89."),
            "notes": _("Anything useful to know when contacting them."),
            "is_primary": _("The person to contact first."),
        }

    def __init__(self, *args: Any, government: Government | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class PartnerNoteForm(forms.ModelForm[PartnerNote]):
    class Meta:
        model = PartnerNote
        fields = ["date", "text", "department"]
        widgets = {
            "date": date_widget(),
            "text": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "date": _("When it happened."),
            "text": _("A call, a visit, a decision: what happened and what comes next."),
            "department": _("The department that was in touch, if any."),
        }

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = Department.objects.for_tenant(government).order_by("name")
        model_choice_field(self, "department").queryset = departments

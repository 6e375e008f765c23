"""Forms of partners, their contacts and journal notes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lazos.core.services import parse_tags
from lazos.core.widgets import AutocompleteWidget
from lazos.governments.models import LANGUAGE_CHOICES, Department
from lazos.partners.duplicates import Match, find_matches
from lazos.partners.models import Contact, Partner, PartnerNote
from lazos.partners.services import PARTNER_FIELDS, merge_conflicts
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
    save_anyway = forms.BooleanField(
        label=_("Save anyway: it is a different organisation"),
        required=False,
        widget=forms.HiddenInput,
    )

    # The values that decide whether the partner looks like another one.
    MATCHED_FIELDS = ("name", "kind", "country", "place", "website", "iati_identifier")

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

    # The fields whose change asks the page for the partners that look like this one (htmx).
    CHECKED_LIVE = ("name", "kind", "country", "website", "iati_identifier")

    def __init__(
        self,
        *args: Any,
        government: Government | None = None,
        duplicate_check_url: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.government = government
        self.duplicate_matches: list[Match] = []
        if not self.is_bound:
            self.initial["tags"] = tags_initial(self.instance)
        if duplicate_check_url:
            include = ", ".join(f"#id_{name}" for name in self.CHECKED_LIVE)
            for name in self.CHECKED_LIVE:
                self.fields[name].widget.attrs.update(
                    {
                        "hx-get": duplicate_check_url,
                        "hx-trigger": "change",
                        "hx-include": include,
                        "hx-target": "#duplicate-check",
                        "hx-swap": "innerHTML",
                        "hx-sync": "closest form:replace",
                        "aria-controls": "duplicate-check",
                    }
                )

    def clean(self) -> dict[str, Any]:
        # Fill the country from the place before the model validates, as the service does.
        cleaned = super().clean() or {}
        place = cleaned.get("place")
        if place is not None and not cleaned.get("country"):
            cleaned["country"] = place.country
        self._check_duplicates(cleaned)
        return cleaned

    def _check_duplicates(self, cleaned: dict[str, Any]) -> None:
        """Refuse, until confirmed, a partner that looks like an existing one (a new one, or
        an edit that changes its name, country, place, website or identifier)."""
        if self.government is None or self.errors or not cleaned.get("name"):
            return
        editing = self.instance.pk is not None
        if editing and not any(name in self.changed_data for name in self.MATCHED_FIELDS):
            return
        self.duplicate_matches = find_matches(
            self.government,
            name=cleaned["name"],
            country=str(cleaned.get("country") or ""),
            place=cleaned.get("place"),
            iati_identifier=cleaned.get("iati_identifier") or "",
            website=cleaned.get("website") or "",
            kind=cleaned.get("kind") or "",
            exclude=self.instance if editing else None,
        )
        if not self.duplicate_matches or cleaned.get("save_anyway"):
            return
        self.fields["save_anyway"].widget = forms.CheckboxInput()
        names = ", ".join(
            f"“{match.partner.name}” ({'; '.join(match.reason_labels)})"
            for match in self.duplicate_matches[:5]
        )
        raise forms.ValidationError(
            _(
                "This looks like a partner you already have: %(names)s. Open it to complete it "
                "or merge the two, or tick “Save anyway” if it is a different organisation."
            ),
            code="possible_duplicate",
            params={"names": names},
        )

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


def _shown(partner: Partner, name: str) -> str:
    """A partner's value of ``name`` as a person reads it."""
    if name == "country":
        return str(partner.country.name) if partner.country else ""
    if name == "languages":
        return ", ".join(partner.language_names())
    if name == "kind":
        return str(partner.get_kind_display())
    if name == "is_active":
        return str(_("yes") if partner.is_active else _("no"))
    value = getattr(partner, name)
    return "" if value is None else str(value)


class PartnerMergeForm(forms.Form):
    """Merge another partner into ``kept``: which one, and for each field where both have a
    different value, which value to keep. Without ``confirm`` (the partner was just chosen)
    the view shows what would move instead of merging."""

    merged = forms.ModelChoiceField(
        label=_("Partner to merge into this one"),
        queryset=Partner.objects.none(),
        widget=AutocompleteWidget("partners:partner-search"),
        help_text=_(
            "Type its name and pick it. Everything linked to it moves to this partner, and it "
            "is removed; its address leads here."
        ),
    )
    merged_version = forms.CharField(required=False, widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        kept: Partner,
        other_id: str | None = None,
        government: Government | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kept = kept
        partners = Partner.objects.for_tenant(kept.government_id).exclude(pk=kept.pk)
        model_choice_field(self, "merged").queryset = partners
        self.merged_partner: Partner | None = None
        if other_id and str(other_id).isdigit():
            self.merged_partner = partners.select_related("place").filter(pk=other_id).first()
        self.conflicts: list[str] = []
        if self.merged_partner is not None:
            self.initial.setdefault("merged", self.merged_partner.pk)
            self.fields["merged"].widget = forms.HiddenInput()
            self.initial["confirm"] = True
            self.conflicts = merge_conflicts(kept, self.merged_partner)
            for name in self.conflicts:
                label = getattr(Partner._meta.get_field(name), "verbose_name", name)
                self.fields[f"value_{name}"] = forms.ChoiceField(
                    label=capfirst(str(label)),
                    choices=[
                        ("kept", _shown(kept, name)),
                        ("merged", _shown(self.merged_partner, name)),
                    ],
                    initial="kept",
                    required=False,  # (not chosen: the kept partner's value stays)
                    widget=forms.RadioSelect,
                )

    def chosen_values(self) -> dict[str, Any]:
        """The merged partner's values chosen over the kept one's."""
        merged = self.cleaned_data["merged"]
        return {
            name: getattr(merged, name)
            for name in self.conflicts
            if self.cleaned_data.get(f"value_{name}") == "merged"
        }

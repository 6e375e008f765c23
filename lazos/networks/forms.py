"""Forms of networks, memberships, posts held, positions and endorsements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lazos.core.content import base_language, original_language
from lazos.governments.models import Department
from lazos.networks.models import Endorsement, Network, NetworkMembership, NetworkPost, Position
from lazos.networks.services import (
    MEMBERSHIP_FIELDS,
    NETWORK_FIELDS,
    POSITION_TEXT_FIELDS,
    POST_FIELDS,
)
from lazos.partners.choices import PartnerKind
from lazos.partners.forms import (
    TagsField,
    choice_field,
    date_widget,
    model_choice_field,
    tags_initial,
)
from lazos.partners.models import Partner

if TYPE_CHECKING:
    from django.forms import BoundField
    from django_stubs_ext import StrOrPromise

    from lazos.governments.models import Government


def _date_input() -> forms.DateInput:
    return date_widget()


class NetworkForm(forms.ModelForm[Network]):
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("Full address, e.g. https://www.uclg.org"),
    )
    tags = TagsField()

    class Meta:
        model = Network
        fields = list(NETWORK_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "name": _("The network's full name, e.g. United Cities and Local Governments."),
            "acronym": _("e.g. UCLG."),
            "scope": _("Where its members come from, or the theme that brings them together."),
            "description": _("What the network does and why the government takes part."),
            "partner": _(
                "The network's record as a partner (a partner of the kind “city network”), "
                "to see agreements and actions with it."
            ),
        }

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "partner").queryset = Partner.objects.for_tenant(
            government
        ).filter(kind=PartnerKind.CITY_NETWORK)
        if not self.is_bound:
            self.initial["tags"] = tags_initial(self.instance)

    def service_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in NETWORK_FIELDS}


class NetworkMembershipForm(forms.ModelForm[NetworkMembership]):
    class Meta:
        model = NetworkMembership
        fields = list(MEMBERSHIP_FIELDS)
        widgets = {
            "since": _date_input(),
            "until": _date_input(),
            "working_groups": forms.Textarea(attrs={"rows": 3}),
            "reporting_duties": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "status": _("Where the membership stands today."),
            "is_public": _(
                "Public: the network, the membership's status and dates and the titles of the "
                "posts held appear on the public portal and in the instance's network "
                "directory. Fees, working groups and the names of post holders never do."
            ),
            "since": _("The date the government joined."),
            "until": _("Leave empty while the membership lasts."),
            "annual_fee": _("The yearly membership fee, without the currency."),
            "currency": _("ISO 4217 code, e.g. EUR, USD, BRL."),
            "department": _("The department that follows the membership."),
        }

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.government = government
        model_choice_field(self, "department").queryset = Department.objects.for_tenant(
            government
        ).order_by("name")
        self.fields["currency"].required = False
        if self.instance.pk is None and not self.is_bound:
            self.initial["currency"] = government.currency

    def clean_currency(self) -> str:
        return (self.cleaned_data.get("currency") or self.government.currency).upper()


class NetworkPostForm(forms.ModelForm[NetworkPost]):
    class Meta:
        model = NetworkPost
        fields = list(POST_FIELDS)
        widgets = {"start": _date_input(), "end": _date_input()}
        help_texts = {
            "title": _("e.g. Vice-presidency, chair of the culture committee."),
            "start": _("When the post began."),
            "end": _("Leave empty while it is held."),
        }

    def __init__(self, *args: Any, government: Government | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class PositionForm(forms.ModelForm[Position]):
    """A position's texts and dates, with the title and summary in other languages."""

    class Meta:
        model = Position
        fields = [
            "network",
            "title",
            "summary",
            "statement",
            "process",
            "language",
            "opened_on",
            "closes_on",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "statement": forms.Textarea(attrs={"rows": 12}),
            "opened_on": _date_input(),
            "closes_on": _date_input(),
        }
        help_texts = {
            "network": _(
                "One of the networks your government is a member of. Its members on this site "
                "can endorse the position once it is open."
            ),
            "title": _("e.g. “Local governments at the heart of the 2030 Agenda review”."),
            "summary": _("A few sentences: what the position asks for, and of whom."),
            "statement": _("The full text of the statement, as members endorse it."),
            "opened_on": _("Empty: the day it is opened for endorsement."),
            "closes_on": _("Empty: open until it is closed by hand."),
        }

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "network").queryset = (
            Network.objects.for_tenant(government)
            .filter(
                pk__in=NetworkMembership.objects.for_tenant(government).current().values("network")
            )
            .order_by("name")
        )
        if self.instance.pk and self.instance.status != "draft":
            self.fields["network"].disabled = True
            self.fields["network"].help_text = _(
                "The network of a published position cannot change."
            )
        language = choice_field(self, "language")
        language.choices = [("", _("the government's first language")), *settings.LANGUAGES]
        if self.instance.pk is None:
            self.instance.government = government
        self.original = original_language(self.instance)
        existing = self.instance.translations or {}
        self.translation_languages = [
            (code, name)
            for code, name in settings.LANGUAGES
            if base_language(code) != self.original
        ]
        for code, name in self.translation_languages:
            values = existing.get(code) or {}
            for field_name in POSITION_TEXT_FIELDS:
                model_field: Any = Position._meta.get_field(field_name)
                self.fields[self.translation_field(code, field_name)] = forms.CharField(
                    label=_("%(field)s (%(language)s)")
                    % {"field": str(model_field.verbose_name).capitalize(), "language": name},
                    required=False,
                    initial=values.get(field_name, ""),
                    max_length=getattr(model_field, "max_length", None),
                    widget=forms.Textarea(attrs={"rows": 3, "lang": code})
                    if field_name == "summary"
                    else forms.TextInput(attrs={"lang": code}),
                )

    @staticmethod
    def translation_field(language: str, field_name: str) -> str:
        return f"translation_{language}_{field_name}"

    def main_fields(self) -> list[BoundField]:
        return [self[name] for name in self.Meta.fields]

    def fields_by_language(self) -> list[tuple[str, StrOrPromise, list[BoundField]]]:
        return [
            (code, name, [self[self.translation_field(code, f)] for f in POSITION_TEXT_FIELDS])
            for code, name in self.translation_languages
        ]

    def translations(self) -> dict[str, dict[str, str]]:
        """The position's translations with this form's languages replaced; a language chosen
        as the original keeps no translation."""
        original = base_language(self.cleaned_data.get("language") or "") or self.original
        result = {
            code: dict(values)
            for code, values in (self.instance.translations or {}).items()
            if code not in dict(self.translation_languages) and base_language(code) != original
        }
        for code, _name in self.translation_languages:
            if base_language(code) == original:
                continue
            values = {
                field_name: self.cleaned_data[self.translation_field(code, field_name)].strip()
                for field_name in POSITION_TEXT_FIELDS
                if self.cleaned_data[self.translation_field(code, field_name)].strip()
            }
            if values:
                result[code] = values
        return result

    def service_values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["translations"] = self.translations()
        return values


class EndorsementForm(forms.ModelForm[Endorsement]):
    class Meta:
        model = Endorsement
        fields = ["signatory", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2, "maxlength": 500})}
        help_texts = {
            "signatory": _("Who signs on behalf of the government, e.g. the mayor, by name."),
            "note": _("Optional, public: a sentence on why the government endorses it."),
        }

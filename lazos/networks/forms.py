"""Forms of networks, memberships and posts held."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lazos.governments.models import Department
from lazos.networks.models import Network, NetworkMembership, NetworkPost
from lazos.networks.services import MEMBERSHIP_FIELDS, NETWORK_FIELDS, POST_FIELDS
from lazos.partners.choices import PartnerKind
from lazos.partners.forms import DATE_WIDGET, TagsField, tags_initial
from lazos.partners.models import Partner


def _date_input() -> forms.DateInput:
    return forms.DateInput(**DATE_WIDGET)  # type: ignore[arg-type]


class NetworkForm(forms.ModelForm):
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

    def __init__(self, *args: Any, government: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.for_tenant(government).filter(  # type: ignore[attr-defined]
            kind=PartnerKind.CITY_NETWORK
        )
        if not self.is_bound:
            self.initial["tags"] = tags_initial(self.instance)

    def service_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in NETWORK_FIELDS}


class NetworkMembershipForm(forms.ModelForm):
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
            "since": _("The date the government joined."),
            "until": _("Leave empty while the membership lasts."),
            "annual_fee": _("The yearly membership fee, without the currency."),
            "currency": _("ISO 4217 code, e.g. EUR, USD, BRL."),
            "department": _("The department that follows the membership."),
        }

    def __init__(self, *args: Any, government: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.government = government
        self.fields["department"].queryset = Department.objects.for_tenant(government).order_by(  # type: ignore[attr-defined]
            "name"
        )
        self.fields["currency"].required = False
        if self.instance.pk is None and not self.is_bound:
            self.initial["currency"] = government.currency

    def clean_currency(self) -> str:
        return (self.cleaned_data.get("currency") or self.government.currency).upper()


class NetworkPostForm(forms.ModelForm):
    class Meta:
        model = NetworkPost
        fields = list(POST_FIELDS)
        widgets = {"start": _date_input(), "end": _date_input()}
        help_texts = {
            "title": _("e.g. Vice-presidency, chair of the culture committee."),
            "start": _("When the post began."),
            "end": _("Leave empty while it is held."),
        }

    def __init__(self, *args: Any, government: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

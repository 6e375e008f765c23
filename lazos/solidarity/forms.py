from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.solidarity.models import Emergency, Need, Offer

DATE = {"type": "date"}


class EmergencyForm(forms.ModelForm[Emergency]):
    class Meta:
        model = Emergency
        fields = ["title", "hazard", "description", "started_on", "contact_name", "contact_email"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "started_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        }
        help_texts = {
            "contact_name": _("Who governments offering help should talk to."),
        }


class NeedForm(forms.ModelForm[Need]):
    class Meta:
        model = Need
        fields = ["category", "description", "quantity"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class OfferForm(forms.ModelForm[Offer]):
    class Meta:
        model = Offer
        fields = ["description", "quantity", "amount", "currency"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "currency": forms.TextInput(attrs={"size": 4, "autocomplete": "off"}),
        }
        help_texts = {
            "amount": _("For funds: how much you offer."),
            "currency": _("ISO 4217 code, e.g. MXN, BRL, CAD. Empty: your government's currency."),
        }


class CloseEmergencyForm(forms.Form):
    closing_note = forms.CharField(
        label=_("Closing note"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("How the emergency ended and what the help achieved."),
    )
    closed_on = forms.DateField(
        label=_("Closed on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()


class DeliverForm(forms.Form):
    delivered_on = forms.DateField(
        label=_("Delivered on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Council BI” or “Monthly export script”."),
    )
    read_only = forms.BooleanField(
        label=_("Read-only"),
        required=False,
        help_text=_("A read-only token can read data but never change it."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The last day the token works. Leave empty for a token that never expires."),
    )

    def clean_expires_on(self) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data.get("expires_on")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        return value

    def service_values(self) -> dict[str, Any]:
        """The values for ``create_api_token``: the token works until the end of the day."""
        day = self.cleaned_data.get("expires_on")
        expires_at = None
        if day is not None:
            expires_at = timezone.make_aware(
                datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
            )
        return {
            "name": self.cleaned_data["name"],
            "read_only": self.cleaned_data["read_only"],
            "expires_at": expires_at,
        }

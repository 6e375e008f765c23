from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lazos.accounts.limits import allow_password_reset
from lazos.accounts.models import User
from lazos.core.client import client_network


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "preferred_language"]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class LimitedPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending nothing once the client's address or the typed email is
    over its limit (``lazos.accounts.limits``). The page looks the same either way."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        request: HttpRequest | None = kwargs.get("request")
        address = client_network(request) if request is not None else ""
        if not allow_password_reset(address=address, email=self.cleaned_data["email"]):
            return
        super().save(*args, **kwargs)


# --- Two-factor sign-in --------------------------------------------------------------------------

CODE_WIDGET_ATTRS = {
    "autocomplete": "one-time-code",
    "autocapitalize": "none",
    "spellcheck": "false",
    "autofocus": True,
}


class CodeForm(forms.Form):
    """The second step of sign-in: a code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_(
            "The 6-digit code your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(attrs=CODE_WIDGET_ATTRS),
    )


class SetUpForm(forms.Form):
    """Confirm the new authenticator with the code it shows."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        help_text=_("The 6-digit code the app shows after you add Lazos to it."),
        widget=forms.TextInput(attrs={**CODE_WIDGET_ATTRS, "inputmode": "numeric"}),
    )


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordAndCodeForm(PasswordForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("A code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={**CODE_WIDGET_ATTRS, "autofocus": False}),
    )


# --- Personal data requests ----------------------------------------------------------------------


class PersonalDataSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or email"),
        min_length=3,
        max_length=200,
        required=False,
        help_text=_("At least three letters: names and emails held that contain them are shown."),
    )


class PersonalDataRequestForm(forms.Form):
    """The name and email to look for: a row about the person matches either, ignoring case."""

    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if not (cleaned.get("name") or "").strip() and not (cleaned.get("email") or "").strip():
            raise forms.ValidationError(_("Give the person's name, email or both."))
        return cleaned

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

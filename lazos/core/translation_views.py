"""Office pages to write the public texts of translatable content in other languages.

The texts are stored in the object's ``translations`` (see :mod:`lazos.core.content`) through
the app's own update service, so the change is validated and audited like any other edit.
An app mounts a subclass of :class:`TranslationsView` naming its ``model`` and its ``update``
service (``actions.views.ActionTranslationsView``, ``agreements.views.AgreementTranslationsView``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lazos.core.content import base_language, original_language
from lazos.core.permissions import Operation
from lazos.core.views import ServiceFormView

PUBLIC_TEXT_FIELDS = ("title", "public_summary")


def field_name(language: str, field: str) -> str:
    return f"{language}__{field}"


class TranslationsForm(forms.Form):
    """One text box per other language and public field."""

    def __init__(self, *args: Any, target: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target = target
        self.original = original_language(target)
        self.languages = [
            (code, name)
            for code, name in settings.LANGUAGES
            if base_language(code) != self.original
        ]
        existing = target.translations or {}
        for code, name in self.languages:
            values = existing.get(code) or {}
            for field in PUBLIC_TEXT_FIELDS:
                model_field = target._meta.get_field(field)
                label = f"{str(model_field.verbose_name).capitalize()} ({name})"
                self.fields[field_name(code, field)] = forms.CharField(
                    label=label,
                    required=False,
                    initial=values.get(field, ""),
                    max_length=getattr(model_field, "max_length", None),
                    widget=forms.Textarea(attrs={"rows": 4, "lang": code})
                    if field == "public_summary"
                    else forms.TextInput(attrs={"lang": code}),
                )

    def translations(self) -> dict[str, dict[str, str]]:
        """The object's translations with this form's languages replaced (others kept)."""
        result = {
            code: dict(values)
            for code, values in (self.target.translations or {}).items()
            if code not in dict(self.languages)
        }
        for code, _name in self.languages:
            values = {
                field: self.cleaned_data[field_name(code, field)].strip()
                for field in PUBLIC_TEXT_FIELDS
                if self.cleaned_data[field_name(code, field)].strip()
            }
            if values:
                result[code] = values
        return result


class TranslationsView(ServiceFormView):
    """Edit the translations of one object's public texts (who may change it may translate)."""

    form_class = TranslationsForm
    permission_action = Operation.CHANGE
    template_name = "core/translations_form.html"
    success_message = _("Translations saved.")
    update: Callable[..., Any]

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["target"] = self.get_target()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["original_language"] = form.original
        context["fields_by_language"] = [
            (code, name, [form[field_name(code, field)] for field in PUBLIC_TEXT_FIELDS])
            for code, name in form.languages
        ]
        return context

    def perform(self, form: TranslationsForm) -> Any:
        type(self).update(
            self.get_target(), acting_user=self.acting_user, translations=form.translations()
        )
        return self.get_target()

"""The form where a member chooses their reminders and how they are told of notifications."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lazos.core import events
from lazos.reminders.choices import ReminderKind, ReminderScope


class ReminderPreferenceForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Reminders I receive"),
        choices=ReminderKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Shown in your inbox and, when the digest is on, sent by email."),
    )
    scope = forms.ChoiceField(
        label=_("Whose work"),
        choices=ReminderScope.choices,
        widget=forms.RadioSelect,
    )
    email_digest = forms.BooleanField(
        label=_("Send me a daily email digest"),
        required=False,
        help_text=_("At most one email a day, only when there is something to remind you of."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One choice per kind of notification: by email at once, in the digest, inbox only.
        chosen = self.initial.get("notification_email") or {}
        for kind in self.email_kinds():
            self.fields[self.field_name(kind.code)] = forms.ChoiceField(
                label=kind.label,
                choices=events.Delivery.choices,
                initial=chosen.get(kind.code, kind.delivery),
                widget=forms.RadioSelect,
                required=False,  # not chosen: the kind's default
            )

    @staticmethod
    def email_kinds() -> list[events.EventKind]:
        """The kinds whose email a person chooses (not those the app emails itself)."""
        return [kind for kind in events.kinds() if kind.emails]

    @staticmethod
    def field_name(code: str) -> str:
        return "notify__" + code.replace(".", "__")

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kinds": data["kinds"],
            "scope": data["scope"],
            "email_digest": data["email_digest"],
            "notification_email": {
                kind.code: data[self.field_name(kind.code)]
                for kind in self.email_kinds()
                if data.get(self.field_name(kind.code))
            },
        }

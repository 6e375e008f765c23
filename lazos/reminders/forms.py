"""The form where a member chooses their reminders."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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

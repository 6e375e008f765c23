from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lazos.actors.models import LocalActor
from lazos.agreements.models import Agreement
from lazos.consultations.models import Consultation
from lazos.strategy.models import Strategy

if TYPE_CHECKING:
    from lazos.governments.models import Government


class ConsultationForm(forms.ModelForm[Consultation]):
    invited_actors = forms.ModelMultipleChoiceField(
        label=_("Invite local actors"),
        queryset=LocalActor.objects.none(),
        required=False,
        help_text=_("Each receives a personal link by email (when an email is recorded)."),
    )

    class Meta:
        model = Consultation
        fields = [
            "title",
            "description",
            "strategy",
            "agreement",
            "opens_on",
            "closes_on",
            "audience",
        ]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["strategy"].queryset = Strategy.objects.for_tenant(government).order_by(
            "-start_year"
        )
        fields["agreement"].queryset = Agreement.objects.for_tenant(government).order_by("title")
        fields["invited_actors"].queryset = LocalActor.objects.for_tenant(government).order_by(
            "name"
        )
        if self.instance.pk:
            self.fields["invited_actors"].initial = list(
                self.instance.invitations.values_list("actor_id", flat=True)
            )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Publish")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept for the record; not shown publicly."),
    )


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Our response"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What you heard and what you did with it. Published with the contributions."),
    )


class ContributionForm(forms.Form):
    """The public form. ``website`` is a honeypot: people do not see it, robots fill it."""

    text = forms.CharField(
        label=_("Your contribution"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    display_name = forms.CharField(
        label=_("Name to show (optional)"),
        required=False,
        max_length=100,
        help_text=_("Shown with your contribution. Leave empty to appear as “Anonymous”."),
    )
    email = forms.EmailField(
        label=_("Your email"),
        help_text=_("To confirm your contribution. Never published."),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args: Any, invited: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")
        if invited:
            del self.fields["email"]

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

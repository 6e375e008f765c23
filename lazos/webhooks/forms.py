"""Forms of a webhook subscription."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lazos.core.audit import AuditAction
from lazos.webhooks.kinds import object_type_choices, workflow_event_choices
from lazos.webhooks.models import WebhookSubscription
from lazos.webhooks.services import SUBSCRIPTION_FIELDS


class WebhookSubscriptionForm(forms.ModelForm[WebhookSubscription]):
    url = forms.URLField(
        label=_("Endpoint address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The HTTPS address the events are sent to, e.g. https://example.org/hooks"),
    )
    audit_actions = forms.MultipleChoiceField(
        label=_("Recorded changes"),
        required=False,
        choices=AuditAction.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Send the changes recorded in the activity log: created, updated, deleted."),
    )
    object_types = forms.MultipleChoiceField(
        label=_("Kinds of object"),
        required=False,
        choices=(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Only the changes of these kinds of object. None chosen: every kind."),
    )
    workflow_events = forms.MultipleChoiceField(
        label=_("Workflow events"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Send these workflow events, e.g. an update submitted for review."),
    )

    class Meta:
        model = WebhookSubscription
        fields = list(SUBSCRIPTION_FIELDS)
        help_texts = {
            "name": _("What receives the events, e.g. “Open data portal”."),
            "is_active": _("A disabled subscription receives nothing until it is enabled again."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("government", None)
        super().__init__(*args, **kwargs)
        object_types = self.fields["object_types"]
        assert isinstance(object_types, forms.MultipleChoiceField)
        object_types.choices = object_type_choices()
        workflow = self.fields["workflow_events"]
        assert isinstance(workflow, forms.MultipleChoiceField)
        workflow.choices = workflow_event_choices()

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if not cleaned.get("audit_actions") and not cleaned.get("workflow_events"):
            raise forms.ValidationError(
                _("Choose at least one kind of recorded change or one workflow event.")
            )
        return cleaned

    def service_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in SUBSCRIPTION_FIELDS}

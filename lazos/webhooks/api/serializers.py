"""Webhook subscriptions, their deliveries and each delivery's attempts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lazos.api.fields import NamedChoiceField
from lazos.api.register import RegisterSerializer
from lazos.core.audit import AuditAction
from lazos.webhooks.choices import EventFamily
from lazos.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription


class WebhookSubscriptionSerializer(RegisterSerializer):
    audit_actions = serializers.ListField(
        child=serializers.ChoiceField(choices=AuditAction.choices),
        required=False,
        help_text=_("Which recorded changes are sent: create, update, delete."),
    )
    object_types = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        help_text=_(
            "Only the recorded changes of these kinds of object, as “app_label.model” (e.g. "
            "“actors.localactor”, the content types of the activity log). Empty: every kind."
        ),
    )
    workflow_events = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        help_text=_("Workflow event codes sent, e.g. “results.update_submitted”."),
    )

    class Meta:
        model = WebhookSubscription
        fields = [
            "id",
            "name",
            "url",
            "audit_actions",
            "object_types",
            "workflow_events",
            "is_active",
            "consecutive_failures",
            "disabled_reason",
            "secret_rotated_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "consecutive_failures",
            "disabled_reason",
            "secret_rotated_at",
            "created_at",
            "updated_at",
        ]


class WebhookSubscriptionSecretSerializer(WebhookSubscriptionSerializer):
    """A subscription with its signing secret: in the answer to its creation and to a
    rotation only (the secret is never shown again)."""

    secret = serializers.CharField(
        read_only=True,
        help_text=_("The signing secret (HMAC-SHA256 key). Shown only in this answer."),
    )

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = [*WebhookSubscriptionSerializer.Meta.fields, "secret"]
        read_only_fields = [*WebhookSubscriptionSerializer.Meta.read_only_fields, "secret"]


class WebhookAttemptSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(
        source="requested_by.username",
        read_only=True,
        allow_null=True,
        help_text=_("Who asked for this redelivery (none: the worker's own attempt)."),
    )

    class Meta:
        model = WebhookAttempt
        fields = [
            "number",
            "attempted_at",
            "status_code",
            "duration_ms",
            "succeeded",
            "error",
            "response_excerpt",
            "requested_by",
        ]
        read_only_fields = fields


class WebhookDeliverySerializer(serializers.ModelSerializer):
    source = NamedChoiceField(
        source="family",
        choices=EventFamily.choices,
        enum_name="WebhookEventSourceEnum",
        read_only=True,
        help_text=_("A recorded change (audit) or a workflow event."),
    )
    status = NamedChoiceField(
        choices=WebhookDelivery._meta.get_field("status").choices or [],
        enum_name="WebhookDeliveryStatusEnum",
        read_only=True,
    )
    attempt_log = WebhookAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "subscription",
            "event_id",
            "source",
            "kind",
            "occurred_at",
            "object_type",
            "object_id",
            "status",
            "attempts",
            "next_attempt_at",
            "last_status_code",
            "last_duration_ms",
            "last_error",
            "delivered_at",
            "attempt_log",
        ]
        read_only_fields = fields

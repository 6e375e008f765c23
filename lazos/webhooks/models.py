"""Webhooks: an administrator subscribes an HTTPS endpoint of their own systems to kinds of
event of their government; each event becomes a delivery, sent signed by the job worker, each
attempt logged."""

from __future__ import annotations

import secrets
import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lazos.accounts.models import AdministratorsOnlyPolicy
from lazos.core.audit import AuditAction
from lazos.core.models import TenantModel
from lazos.webhooks.choices import DeliveryStatus, EventFamily
from lazos.webhooks.endpoints import validate_endpoint_url
from lazos.webhooks.kinds import object_type_choices, workflow_event_choices
from lazos.webhooks.querysets import (
    WebhookAttemptManager,
    WebhookDeliveryManager,
    WebhookSubscriptionManager,
)

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret


def new_webhook_secret() -> str:
    """A new signing secret (the server makes it; shown to the administrator once)."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


class WebhookSubscription(TenantModel):
    """An endpoint of the government's own systems and the kinds of event it receives."""

    name = models.CharField(
        _("name"), max_length=100, help_text=_("What receives the events, e.g. “Open data portal”.")
    )
    url = models.URLField(
        _("endpoint address"),
        max_length=500,
        validators=[validate_endpoint_url],
        help_text=_("The HTTPS address the events are sent to (POST, JSON body)."),
    )
    audit_actions = models.JSONField(
        _("recorded changes"),
        default=list,
        blank=True,
        help_text=_("Which recorded changes are sent: created, updated, deleted."),
    )
    object_types = models.JSONField(
        _("kinds of object"),
        default=list,
        blank=True,
        help_text=_("The recorded changes of these kinds of object only. None: every kind."),
    )
    workflow_events = models.JSONField(
        _("workflow events"),
        default=list,
        blank=True,
        help_text=_("Workflow events sent, e.g. an update submitted for review."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("A disabled subscription receives nothing until it is enabled again."),
    )
    secret = models.CharField(_("signing secret"), max_length=100, editable=False)
    secret_rotated_at = models.DateTimeField(
        _("secret made"), null=True, blank=True, editable=False
    )
    consecutive_failures = models.PositiveIntegerField(
        _("failures in a row"), default=0, editable=False
    )
    disabled_reason = models.CharField(
        _("why it was disabled"), max_length=300, blank=True, editable=False
    )

    objects: ClassVar[WebhookSubscriptionManager[WebhookSubscription]] = (
        WebhookSubscriptionManager()
    )
    permission_policy = AdministratorsOnlyPolicy()
    # The secret never reaches the audit trail (nor, through it, another webhook).
    audit_exclude = ("secret", "consecutive_failures")

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["government", "is_active"], name="webhook_sub_gov_active")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("webhooks:subscription-detail", args=[self.pk])

    @property
    def audit_action_labels(self) -> list[str]:
        """The chosen actions as the activity log names them (created, updated, deleted)."""
        labels = dict(AuditAction.choices)
        return [str(labels.get(action, action)) for action in self.audit_actions or []]

    @property
    def workflow_event_labels(self) -> list[tuple[str, str]]:
        """(code, label) of each chosen workflow event."""
        labels = dict(workflow_event_choices())
        return [(code, labels.get(code, code)) for code in self.workflow_events or []]

    @property
    def object_type_labels(self) -> list[tuple[str, str]]:
        """(code, label) of each chosen kind of object."""
        labels = dict(object_type_choices())
        return [(code, labels.get(code, code)) for code in self.object_types or []]

    def wants_audit(self, object_type: str, action: str) -> bool:
        if action not in (self.audit_actions or []):
            return False
        return not self.object_types or object_type in self.object_types

    def wants_workflow(self, code: str) -> bool:
        return code in (self.workflow_events or [])


class WebhookDelivery(TenantModel):
    """One event for one subscription: sent, retried, redelivered; its attempts are logged.

    The body is built at each attempt: from the audit event for a recorded change (so a
    change later redacted by a personal-data erasure is sent redacted), from ``payload`` for a
    workflow event."""

    subscription = models.ForeignKey(
        WebhookSubscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscription"),
    )
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, editable=False)
    family = models.CharField(_("source"), max_length=16, choices=EventFamily.choices)
    kind = models.CharField(_("kind of event"), max_length=200)
    occurred_at = models.DateTimeField(_("when it happened"))
    object_type = models.CharField(_("kind of object"), max_length=200, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    audit_event = models.ForeignKey(
        "core.AuditEvent",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded change"),
    )
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # The attempts made before the current series (a redelivery starts a new series).
    series_start = models.PositiveIntegerField(
        _("attempts before this series"), default=0, editable=False
    )
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("last status code"), null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField(
        _("last response time (ms)"), null=True, blank=True
    )
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    redelivery_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("redelivery asked by"),
    )

    objects: ClassVar[WebhookDeliveryManager[WebhookDelivery]] = WebhookDeliveryManager()
    permission_policy = AdministratorsOnlyPolicy()

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["subscription", "-occurred_at"], name="webhook_delivery_sub"),
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.event_id}"

    def get_absolute_url(self) -> str:
        return reverse("webhooks:delivery-detail", args=[self.pk])


class WebhookAttempt(TenantModel):
    """One POST of a delivery: what the endpoint answered, how fast, or why it failed."""

    delivery = models.ForeignKey(
        WebhookDelivery,
        on_delete=models.CASCADE,
        related_name="attempt_log",
        verbose_name=_("delivery"),
    )
    number = models.PositiveIntegerField(_("attempt"))
    attempted_at = models.DateTimeField(_("when"))
    status_code = models.PositiveIntegerField(_("status code"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("response time (ms)"), default=0)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    error = models.CharField(_("error"), max_length=500, blank=True)
    response_excerpt = models.CharField(_("response (start)"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("redelivery asked by"),
    )

    objects: ClassVar[WebhookAttemptManager[WebhookAttempt]] = WebhookAttemptManager()
    permission_policy = AdministratorsOnlyPolicy()

    class Meta:
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "delivery", "number"],
                name="webhook_attempt_unique_number",
                violation_error_message=_("This attempt is already logged."),
            )
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.status_code or self.error[:40]}"

"""Builders of webhook subscriptions and deliveries (registered for the generic tests)."""

from __future__ import annotations

import itertools

from django.utils import timezone

from lazos.core.testing.builders import register_builder
from lazos.governments.models import Government
from lazos.webhooks.choices import EventFamily
from lazos.webhooks.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
    new_webhook_secret,
)

_serial = itertools.count(1)


def make_subscription(government: Government, **values: object) -> WebhookSubscription:
    number = next(_serial)
    fields: dict[str, object] = {
        "name": f"Receiver {number}",
        "url": f"https://hooks{number}.example.org/lazos",
        "audit_actions": ["create", "update", "delete"],
        "secret": new_webhook_secret(),
        "secret_rotated_at": timezone.now(),
    }
    fields.update(values)
    return WebhookSubscription.objects.create(government=government, **fields)


def make_delivery(subscription: WebhookSubscription, **values: object) -> WebhookDelivery:
    fields: dict[str, object] = {
        "family": EventFamily.WORKFLOW,
        "kind": "workflow.webhooks.subscription_disabled",
        "occurred_at": timezone.now(),
        "object_type": "webhooks.webhooksubscription",
        "object_id": str(subscription.pk),
        "payload": {"object": {"type": "x", "id": "1", "repr": "x"}},
    }
    fields.update(values)
    return WebhookDelivery.objects.create(
        government_id=subscription.government_id, subscription=subscription, **fields
    )


@register_builder(WebhookSubscription)
def _build_subscription(government: Government) -> WebhookSubscription:
    return make_subscription(government)


@register_builder(WebhookDelivery)
def _build_delivery(government: Government) -> WebhookDelivery:
    return make_delivery(make_subscription(government))


@register_builder(WebhookAttempt)
def _build_attempt(government: Government) -> WebhookAttempt:
    delivery = make_delivery(make_subscription(government))
    return WebhookAttempt.objects.create(
        government=government,
        delivery=delivery,
        number=1,
        attempted_at=timezone.now(),
        status_code=500,
        duration_ms=12,
        error="HTTP 500",
    )

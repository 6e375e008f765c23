from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models
from django.utils import timezone

from lazos.core.querysets import TenantQuerySet
from lazos.webhooks.choices import DeliveryStatus

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.webhooks.models import (  # noqa: F401
        WebhookAttempt,
        WebhookDelivery,
        WebhookSubscription,
    )


class WebhookSubscriptionQuerySet(TenantQuerySet["WebhookSubscription"]):
    def active(self) -> Self:
        return self.filter(is_active=True)


class WebhookDeliveryQuerySet(TenantQuerySet["WebhookDelivery"]):
    def with_related(self) -> Self:
        return self.select_related("subscription")

    def due(self) -> Self:
        """Waiting deliveries whose next attempt is due (a lost or deferred job)."""
        return self.filter(status=DeliveryStatus.PENDING, subscription__is_active=True).filter(
            models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lte=timezone.now())
        )


class WebhookAttemptQuerySet(TenantQuerySet["WebhookAttempt"]):
    pass


WebhookSubscriptionManager = models.Manager.from_queryset(WebhookSubscriptionQuerySet)
WebhookDeliveryManager = models.Manager.from_queryset(WebhookDeliveryQuerySet)
WebhookAttemptManager = models.Manager.from_queryset(WebhookAttemptQuerySet)

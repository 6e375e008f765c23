"""The routes of the webhooks' API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.webhooks.api.views import WebhookDeliveryViewSet, WebhookSubscriptionViewSet

routes = [
    Route("webhook-subscriptions", WebhookSubscriptionViewSet, "webhook-subscription"),
    Route("webhook-deliveries", WebhookDeliveryViewSet, "webhook-delivery"),
]

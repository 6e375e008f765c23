"""/api/v1/webhook-subscriptions/ (with …/rotate-secret/) and /api/v1/webhook-deliveries/
(with …/redeliver/): administrators only, like the web pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.api.base import TenantReadOnlyViewSet
from lazos.api.register import RegisterViewSet
from lazos.core.permissions import Operation, policy_for
from lazos.webhooks import services
from lazos.webhooks.api.serializers import (
    WebhookDeliverySerializer,
    WebhookSubscriptionSecretSerializer,
    WebhookSubscriptionSerializer,
)
from lazos.webhooks.filtersets import WebhookDeliveryFilterSet, WebhookSubscriptionFilterSet
from lazos.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription


@extend_schema_view(
    list=extend_schema(summary="The government's webhook subscriptions (administrators)"),
    retrieve=extend_schema(summary="One webhook subscription"),
    create=extend_schema(
        summary="Subscribe an endpoint",
        description=(
            "Creates the subscription; the server makes its signing secret, returned in this "
            "answer only (`secret`). Deliveries are POSTed to `url` with the header "
            '`Lazos-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` '
            "(docs/api.md, Webhooks)."
        ),
        responses={201: WebhookSubscriptionSecretSerializer},
    ),
    update=extend_schema(summary="Change a webhook subscription"),
    partial_update=extend_schema(summary="Change part of a webhook subscription"),
    destroy=extend_schema(summary="Delete a webhook subscription and its delivery log"),
)
class WebhookSubscriptionViewSet(RegisterViewSet):
    """HTTPS endpoints of the government's systems, and the kinds of event each receives."""

    model = WebhookSubscription
    serializer_class = WebhookSubscriptionSerializer
    filterset_class = WebhookSubscriptionFilterSet

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        self.check_candidate(self.candidate(values), Operation.ADD)
        subscription = self.create_object(values)
        return Response(
            WebhookSubscriptionSecretSerializer(
                subscription, context=self.get_serializer_context()
            ).data,
            status=status.HTTP_201_CREATED,
        )

    def create_object(self, values: dict[str, Any]) -> WebhookSubscription:
        return services.create_webhook_subscription(
            self.government, acting_user=self.acting_user, **values
        )

    def update_object(
        self, instance: WebhookSubscription, values: dict[str, Any]
    ) -> WebhookSubscription:
        return services.update_webhook_subscription(
            instance, acting_user=self.acting_user, **values
        )

    def delete_object(self, instance: WebhookSubscription) -> None:
        services.delete_webhook_subscription(instance, acting_user=self.acting_user)

    @extend_schema(
        summary="Replace the signing secret",
        description=(
            "Makes a new secret, returned in this answer only; from now on every delivery is "
            "signed with it."
        ),
        request=None,
        responses={200: WebhookSubscriptionSecretSerializer},
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request: Request, pk: str | None = None) -> Response:
        subscription = self.get_object()
        self.require(Operation.CHANGE, subscription)
        services.rotate_webhook_secret(subscription, acting_user=self.acting_user)
        return Response(
            WebhookSubscriptionSecretSerializer(
                subscription, context=self.get_serializer_context()
            ).data
        )


@extend_schema_view(
    list=extend_schema(summary="The webhook delivery log (administrators)"),
    retrieve=extend_schema(summary="One webhook delivery with its attempts"),
)
class WebhookDeliveryViewSet(TenantReadOnlyViewSet):
    """Every delivery of the government's subscriptions, newest first, each with its attempts
    (status code, response time, error)."""

    model = WebhookDelivery
    serializer_class = WebhookDeliverySerializer
    filterset_class = WebhookDeliveryFilterSet
    queryset = WebhookDelivery.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return WebhookDelivery.objects.none()
        return WebhookDelivery.objects.for_tenant(self.government).prefetch_related(
            Prefetch("attempt_log", WebhookAttempt.objects.select_related("requested_by"))
        )

    @extend_schema(
        summary="Send a delivery again",
        description=(
            "Queues the delivery for the job worker now (the same event id, a new signature); "
            "a failure is retried with backoff like a first delivery. Refused (400) while its "
            "subscription is disabled."
        ),
        request=None,
        responses={202: WebhookDeliverySerializer},
    )
    @action(detail=True, methods=["post"])
    def redeliver(self, request: Request, pk: str | None = None) -> Response:
        delivery = self.get_object()
        if not policy_for(WebhookDelivery).allows_on(self.membership, Operation.CHANGE, delivery):
            raise exceptions.PermissionDenied()
        services.redeliver_webhook(delivery, acting_user=self.acting_user)
        delivery = self.get_queryset().get(pk=delivery.pk)
        return Response(self.get_serializer(delivery).data, status=status.HTTP_202_ACCEPTED)

"""Pages of webhooks (administrators only): the subscriptions, their forms, the secret shown
once, and the delivery log with its attempts and the redeliver button."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from lazos.core.permissions import Operation
from lazos.core.views import (
    GovernmentScopedMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectFormView,
    ObjectHistoryView,
    ObjectListView,
)
from lazos.webhooks import conf, services
from lazos.webhooks.filtersets import WebhookDeliveryFilterSet, WebhookSubscriptionFilterSet
from lazos.webhooks.forms import WebhookSubscriptionForm
from lazos.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from lazos.webhooks.payloads import body_for
from lazos.webhooks.querysets import WebhookDeliveryQuerySet, WebhookSubscriptionQuerySet
from lazos.webhooks.signing import SIGNATURE_HEADER

RECENT_DELIVERIES = 10


def secret_response(
    request: HttpRequest, subscription: WebhookSubscription, *, rotated: bool
) -> HttpResponse:
    """The page that shows the secret, once (never cached)."""
    response = render(
        request,
        "webhooks/subscription_secret.html",
        {
            "object": subscription,
            "secret": subscription.secret,
            "rotated": rotated,
            "signature_header": SIGNATURE_HEADER,
            "model_meta": WebhookSubscription._meta,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


class SubscriptionMixin(GovernmentScopedMixin):
    model = WebhookSubscription

    def get_queryset(self) -> WebhookSubscriptionQuerySet:
        return WebhookSubscription.objects.for_tenant(self.government)


class SubscriptionListView(SubscriptionMixin, ObjectListView):
    filterset_class = WebhookSubscriptionFilterSet
    template_name = "webhooks/subscription_list.html"
    create_url_name = "webhooks:subscription-create"


class SubscriptionDetailView(SubscriptionMixin, ObjectDetailView):
    template_name = "webhooks/subscription_detail.html"
    history_url_name = "webhooks:subscription-history"
    edit_url_name = "webhooks:subscription-edit"
    delete_url_name = "webhooks:subscription-delete"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        subscription: WebhookSubscription = self.object
        context["recent_deliveries"] = list(
            WebhookDelivery.objects.for_tenant(self.government).filter(subscription=subscription)[
                :RECENT_DELIVERIES
            ]
        )
        context["failures_before_disable"] = conf.failures_before_disable()
        context["signature_header"] = SIGNATURE_HEADER
        return context


class SubscriptionHistoryView(SubscriptionMixin, ObjectHistoryView):
    pass


class SubscriptionFormView(SubscriptionMixin, ObjectFormView):
    form_class = WebhookSubscriptionForm
    cancel_url_name = "webhooks:subscription-list"


class SubscriptionCreateView(SubscriptionFormView):
    permission_action = Operation.ADD
    success_message = _("The webhook subscription was created.")
    service = staticmethod(services.create_webhook_subscription)

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            subscription = self.perform(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return secret_response(self.request, subscription, rotated=False)


class SubscriptionUpdateView(SubscriptionFormView):
    permission_action = Operation.CHANGE
    success_message = _("The webhook subscription was saved.")
    service = staticmethod(services.update_webhook_subscription)


class SubscriptionDeleteView(SubscriptionMixin, ObjectDeleteView):
    success_url = reverse_lazy("webhooks:subscription-list")
    success_message = _("The webhook subscription was deleted.")
    service = staticmethod(services.delete_webhook_subscription)


class SubscriptionRotateSecretView(SubscriptionMixin, DetailView[WebhookSubscription]):
    """Confirm on GET; on POST make a new secret and show it once."""

    permission_action = Operation.CHANGE
    template_name = "webhooks/subscription_confirm_rotate.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        subscription = services.rotate_webhook_secret(
            self.get_object(), acting_user=self.acting_user
        )
        return secret_response(request, subscription, rotated=True)


class DeliveryMixin(GovernmentScopedMixin):
    model = WebhookDelivery

    def get_queryset(self) -> WebhookDeliveryQuerySet:
        return WebhookDelivery.objects.for_tenant(self.government).with_related()


class DeliveryListView(DeliveryMixin, ObjectListView):
    """The delivery log: every delivery of the government's subscriptions, newest first."""

    filterset_class = WebhookDeliveryFilterSet
    template_name = "webhooks/delivery_list.html"


class DeliveryDetailView(DeliveryMixin, ObjectDetailView):
    template_name = "webhooks/delivery_detail.html"

    def get_queryset(self) -> WebhookDeliveryQuerySet:
        return super().get_queryset().select_related("government", "audit_event__content_type")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        delivery: WebhookDelivery = self.object
        context["attempt_log"] = list(
            WebhookAttempt.objects.for_tenant(self.government)
            .filter(delivery=delivery)
            .select_related("requested_by")
            .order_by("-number")
        )
        context["body"] = body_for(delivery).decode()
        context["can_redeliver"] = delivery.subscription.is_active
        return context


class DeliveryRedeliverView(DeliveryMixin, DetailView[WebhookDelivery]):
    """POST: send the delivery again (by the job worker). GET leads to the delivery's page."""

    permission_action = Operation.CHANGE

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponseRedirect(
            reverse("webhooks:delivery-detail", args=[self.get_object().pk])
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        delivery = self.get_object()
        try:
            services.redeliver_webhook(delivery, acting_user=self.acting_user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The delivery will be sent again in a moment."))
        return HttpResponseRedirect(reverse("webhooks:delivery-detail", args=[delivery.pk]))

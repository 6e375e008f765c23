"""Filters of the subscriptions and of a subscription's delivery log (the HTML lists and the
API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from lazos.core.filtersets import TenantFilterSet
from lazos.webhooks.choices import DeliveryStatus, EventFamily
from lazos.webhooks.models import WebhookDelivery, WebhookSubscription

YES_NO = (("yes", _("yes")), ("no", _("no")))


class WebhookSubscriptionFilterSet(TenantFilterSet):
    search_fields = ("name", "url")

    active = django_filters.ChoiceFilter(label=_("Active"), choices=YES_NO, method="filter_active")

    class Meta:
        model = WebhookSubscription
        fields = ["q", "active"]

    def filter_active(self, queryset: Any, name: str, value: str) -> Any:
        if value in ("yes", "no"):
            return queryset.filter(is_active=value == "yes")
        return queryset


class WebhookDeliveryFilterSet(TenantFilterSet):
    search_fields = ("kind", "object_type", "object_id", "last_error")

    subscription = django_filters.ModelChoiceFilter(
        label=_("Subscription"), queryset=WebhookSubscription.objects.none()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DeliveryStatus.choices)
    source = django_filters.ChoiceFilter(
        label=_("Source"), field_name="family", choices=EventFamily.choices
    )
    kind = django_filters.CharFilter(label=_("Kind of event"), lookup_expr="icontains")
    since = django_filters.DateFilter(
        label=_("From"), field_name="occurred_at", lookup_expr="date__gte"
    )
    until = django_filters.DateFilter(
        label=_("Until"), field_name="occurred_at", lookup_expr="date__lte"
    )

    class Meta:
        model = WebhookDelivery
        fields = ["q", "subscription", "status", "source", "kind", "since", "until"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["subscription"].queryset = (
            WebhookSubscription.objects.for_tenant(self.government)
            if self.government is not None
            else WebhookSubscription.objects.none()
        )
        self.filters["since"].field.widget.input_type = "date"
        self.filters["until"].field.widget.input_type = "date"

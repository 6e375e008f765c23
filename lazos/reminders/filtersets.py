"""Filters of a member's notifications (the API's list; the web's inbox shows the latest)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lazos.core.filtersets import TenantFilterSet
from lazos.reminders.models import Notification


class NotificationFilterSet(TenantFilterSet):
    search_fields = ("title", "note")

    unread = django_filters.BooleanFilter(
        label=_("Unread only"),
        method="filter_unread",
        widget=django_filters.widgets.BooleanWidget(),
    )
    kind = django_filters.CharFilter(label=_("Kind"), max_length=60)

    class Meta:
        model = Notification
        fields = ["q", "unread", "kind"]

    def filter_unread(
        self, queryset: QuerySet[Notification], name: str, value: bool | None
    ) -> QuerySet[Notification]:
        if value is None:
            return queryset
        return queryset.filter(read_at__isnull=value)

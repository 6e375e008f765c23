"""Filters of the network list (shared by the HTML list, the exports and the future API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lazos.core.filtersets import TenantFilterSet
from lazos.core.models import Tag
from lazos.networks.choices import MembershipStatus, NetworkScope
from lazos.networks.models import Network

NO_MEMBERSHIP = "none"


class NetworkFilterSet(TenantFilterSet):
    search_fields = ("name", "acronym", "description")

    scope = django_filters.ChoiceFilter(label=_("Scope"), choices=NetworkScope.choices)
    membership = django_filters.ChoiceFilter(
        label=_("Membership"),
        choices=[*MembershipStatus.choices, (NO_MEMBERSHIP, _("not a member"))],
        method="filter_membership",
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"), field_name="tags", to_field_name="slug", queryset=Tag.objects.none()
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("acronym", "acronym"),
            ("scope", "scope"),
            ("created_at", "created"),
        ),
        field_labels={
            "name": _("name"),
            "acronym": _("acronym"),
            "scope": _("scope"),
            "created_at": _("created"),
        },
    )

    class Meta:
        model = Network
        fields = ["q", "scope", "membership", "tag"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["tag"].queryset = Tag.objects.for_tenant(self.government)

    def filter_membership(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # A government has at most one membership per network, so the join adds no duplicates.
        if value == NO_MEMBERSHIP:
            return queryset.filter(memberships__isnull=True)
        return queryset.filter(memberships__status=value)

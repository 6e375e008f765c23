"""Filters of the network list, the positions list and the network directory (shared by the
HTML lists, the exports and the API), and of the API's lists of memberships and posts held."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lazos.core.filtersets import IdFilter, LazosFilterSet, TenantFilterSet
from lazos.core.models import Tag
from lazos.networks.choices import MembershipStatus, NetworkScope, PositionStatus
from lazos.networks.models import Network, NetworkMembership, NetworkPost, Position
from lazos.reference.text import fold, search_words

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

    def filter_membership(
        self, queryset: QuerySet[Network], name: str, value: str
    ) -> QuerySet[Network]:
        # A government has at most one membership per network, so the join adds no duplicates.
        if value == NO_MEMBERSHIP:
            return queryset.filter(memberships__isnull=True)
        return queryset.filter(memberships__status=value)


class PositionFilterSet(TenantFilterSet):
    """The government's own positions."""

    search_fields = ("title", "summary", "process")

    status = django_filters.ChoiceFilter(label=_("Status"), choices=PositionStatus.choices)
    network = django_filters.ModelChoiceFilter(label=_("Network"), queryset=Network.objects.none())

    class Meta:
        model = Position
        fields = ["q", "status", "network"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["network"].queryset = (
            Network.objects.for_tenant(self.government).filter(positions__isnull=False).distinct()
        )


class DirectoryFilterSet(LazosFilterSet):
    """Filters of the network directory, over the public memberships of every government
    (``NetworkMembership.objects.public()``): a network is listed when one of its records
    matches."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    scope = django_filters.ChoiceFilter(
        label=_("Scope"), field_name="network__scope", choices=NetworkScope.choices
    )

    class Meta:
        model = NetworkMembership
        fields = ["q", "scope"]

    def search(
        self, queryset: QuerySet[NetworkMembership], name: str, value: str
    ) -> QuerySet[NetworkMembership]:
        """Every word in the name, acronym or website, accents and case ignored."""
        words = search_words(value)
        if not words:
            return queryset
        matching = [
            pk
            for pk, *texts in queryset.values_list(
                "pk", "network__name", "network__acronym", "network__website"
            )
            if all(word in fold(" ".join(texts)) for word in words)
        ]
        return queryset.filter(pk__in=matching)


# --- For the API -------------------------------------------------------------------------------
# Memberships and posts held have no HTML list of their own (the network's page shows them),
# so these FilterSets serve the API's lists only; they filter by the parent's id (another
# government's id finds nothing), which an API client names rows by anyway.


class NetworkMembershipFilterSet(TenantFilterSet):
    search_fields = ("network__name", "network__acronym", "working_groups")

    network = IdFilter(label=_("Network (id)"), field_name="network_id")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MembershipStatus.choices)
    department = IdFilter(label=_("Department (id)"), field_name="department_id")

    class Meta:
        model = NetworkMembership
        fields = ["q", "network", "status", "department"]


class NetworkPostFilterSet(TenantFilterSet):
    search_fields = ("title", "holder")

    membership = IdFilter(label=_("Membership (id)"), field_name="membership_id")
    network = IdFilter(label=_("Network (id)"), field_name="membership__network_id")

    class Meta:
        model = NetworkPost
        fields = ["q", "membership", "network"]

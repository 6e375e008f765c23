"""Filters of the partner list (shared by the HTML list, the exports and the future API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from lazos.core.filtersets import TenantFilterSet
from lazos.core.models import Tag
from lazos.partners.choices import PartnerKind
from lazos.partners.models import Partner

YES_NO = (("yes", _("yes")), ("no", _("no")))


def country_choices(queryset: QuerySet[Any]) -> list[tuple[str, str]]:
    """The countries the government's rows actually use, by name."""
    codes = queryset.exclude(country="").order_by().values_list("country", flat=True).distinct()
    return sorted(((code, str(countries.name(code) or code)) for code in codes), key=lambda c: c[1])


class PartnerFilterSet(TenantFilterSet):
    search_fields = ("name", "description")

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PartnerKind.choices)
    country = django_filters.ChoiceFilter(label=_("Country"), choices=[])
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"), field_name="tags", to_field_name="slug", queryset=Tag.objects.none()
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))
    has_agreement = django_filters.ChoiceFilter(
        label=_("Has an agreement"), choices=YES_NO, method="filter_has_agreement"
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("name", "name"), ("country", "country"), ("created_at", "created")),
        field_labels={"name": _("name"), "country": _("country"), "created_at": _("created")},
    )

    class Meta:
        model = Partner
        fields = ["q", "kind", "country", "tag", "is_active", "has_agreement"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["tag"].queryset = Tag.objects.for_tenant(self.government)
        self.filters["country"].extra["choices"] = country_choices(
            Partner.objects.for_tenant(self.government)
        )

    def filter_has_agreement(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        from lazos.agreements.models import Agreement

        linked = Exists(Agreement.partners.through.objects.filter(partner_id=OuterRef("pk")))
        if value == "yes":
            return queryset.filter(linked)
        if value == "no":
            return queryset.exclude(linked)
        return queryset

"""Filters of the partner list (shared by the HTML list, the exports and the API), and of the
API's lists of contacts and journal notes."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from lazos.agreements.models import Agreement
from lazos.core.filtersets import IdFilter, TenantFilterSet
from lazos.core.listing import FilterForm
from lazos.core.models import Tag
from lazos.partners.choices import PartnerKind
from lazos.partners.models import Contact, Partner, PartnerNote

YES_NO = (("yes", _("yes")), ("no", _("no")))


def country_choices(queryset: QuerySet[Partner]) -> list[tuple[str, str]]:
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
    duplicate = django_filters.ChoiceFilter(
        label=_("Possible duplicate"),
        choices=YES_NO,
        method="filter_duplicate",
        help_text=_(
            "Partners that look like another one: same name in the same country, same place, "
            "or same website."
        ),
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("name", "name"), ("country", "country"), ("created_at", "created")),
        field_labels={"name": _("name"), "country": _("country"), "created_at": _("created")},
    )

    class Meta:
        model = Partner
        form = FilterForm
        fields = ["q", "kind", "country", "tag", "is_active", "has_agreement", "duplicate"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["tag"].queryset = Tag.objects.for_tenant(self.government)
        self.filters["country"].extra["choices"] = country_choices(
            Partner.objects.for_tenant(self.government)
        )

    def filter_has_agreement(
        self, queryset: QuerySet[Partner], name: str, value: str
    ) -> QuerySet[Partner]:
        linked = Exists(Agreement.partners.through.objects.filter(partner_id=OuterRef("pk")))
        if value == "yes":
            return queryset.filter(linked)
        if value == "no":
            return queryset.exclude(linked)
        return queryset

    def filter_duplicate(
        self, queryset: QuerySet[Partner], name: str, value: str
    ) -> QuerySet[Partner]:
        condition = Partner.objects.duplicate_condition()
        if value == "yes":
            return queryset.filter(condition)
        if value == "no":
            return queryset.exclude(condition)
        return queryset


# --- For the API -------------------------------------------------------------------------------
# Contacts and journal notes have no HTML list of their own (the partner's page shows them), so
# these FilterSets serve the API's lists only; they filter by the partner's (or department's)
# id, since another government's id finds nothing and an API client names rows by id anyway.


class ContactFilterSet(TenantFilterSet):
    search_fields = ("name", "role", "email")

    partner = IdFilter(label=_("Partner (id)"), field_name="partner_id")
    is_primary = django_filters.BooleanFilter(label=_("Main contact"))
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"), fields=(("name", "name"), ("created_at", "created"))
    )

    class Meta:
        model = Contact
        fields = ["q", "partner", "is_primary"]


class PartnerNoteFilterSet(TenantFilterSet):
    search_fields = ("text",)

    partner = IdFilter(label=_("Partner (id)"), field_name="partner_id")
    department = IdFilter(label=_("Department (id)"), field_name="department_id")
    since = django_filters.DateFilter(label=_("From"), field_name="date", lookup_expr="gte")
    until = django_filters.DateFilter(label=_("Until"), field_name="date", lookup_expr="lte")

    class Meta:
        model = PartnerNote
        fields = ["q", "partner", "department", "since", "until"]

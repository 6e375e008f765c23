"""Filters of the agreement list (shared by the HTML list and the API), and of the API's list
of signatories."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from django.utils.translation import gettext_lazy as _

from lazos.agreements.choices import AgreementKind, AgreementStatus, RegistrationStatus, Side
from lazos.agreements.models import Agreement, Signatory
from lazos.core.filtersets import IdFilter, TenantFilterSet
from lazos.core.listing import FilterForm
from lazos.core.models import Tag
from lazos.core.widgets import use_autocomplete
from lazos.governments.models import Department
from lazos.partners.models import Partner
from lazos.reference.models import Theme

if TYPE_CHECKING:
    from lazos.agreements.querysets import AgreementQuerySet

EXPIRY_WINDOWS = (
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("180", _("180 days")),
    ("365", _("a year")),
)


class AgreementFilterSet(TenantFilterSet):
    search_fields = ("title", "summary")

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AgreementKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AgreementStatus.choices)
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"), field_name="partners", queryset=Partner.objects.none()
    )
    lead_department = django_filters.ModelChoiceFilter(
        label=_("Lead department"), queryset=Department.objects.none()
    )
    expiring_within = django_filters.ChoiceFilter(
        label=_("Expiring within"), choices=EXPIRY_WINDOWS, method="filter_expiring"
    )
    dormant = django_filters.ChoiceFilter(
        label=_("Dormant"),
        choices=(("yes", _("yes")),),
        method="filter_dormant",
        help_text=_("In force with nothing done under it for a long time."),
    )
    registration_status = django_filters.ChoiceFilter(
        label=_("Registration status"), choices=RegistrationStatus.choices
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.none()
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"), field_name="tags", queryset=Tag.objects.none()
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("title", "title"), ("signed_on", "signed_on"), ("valid_until", "valid_until")),
        field_labels={
            "title": _("title"),
            "signed_on": _("signed on"),
            "valid_until": _("valid until"),
        },
    )

    class Meta:
        model = Agreement
        form = FilterForm
        fields = [
            "q",
            "kind",
            "status",
            "partner",
            "lead_department",
            "expiring_within",
            "dormant",
            "registration_status",
            "theme",
            "tag",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        government = self.government
        self.filters["partner"].queryset = Partner.objects.for_tenant(government).order_by("name")
        self.filters["lead_department"].queryset = Department.objects.for_tenant(
            government
        ).order_by("name")
        self.filters["theme"].queryset = Theme.objects.order_by("name_en")
        self.filters["tag"].queryset = Tag.objects.for_tenant(government).order_by("name")
        use_autocomplete(self, "partner", "partners:partner-search", "name")

    def filter_expiring(
        self, queryset: AgreementQuerySet, name: str, value: str
    ) -> AgreementQuerySet:
        return queryset.expiring_within(int(value))

    def filter_dormant(
        self, queryset: AgreementQuerySet, name: str, value: str
    ) -> AgreementQuerySet:
        if value != "yes":
            return queryset
        months = getattr(self.government, "dormancy_months", None) or 12
        return queryset.dormant(months)


# --- For the API -------------------------------------------------------------------------------
# Signatories have no HTML list of their own (the agreement's page shows them), so this
# FilterSet serves the API's list only; it filters by the agreement's id (another government's
# id finds nothing), which an API client names by id anyway.


class SignatoryFilterSet(TenantFilterSet):
    search_fields = ("name", "position")

    agreement = IdFilter(label=_("Agreement (id)"), field_name="agreement_id")
    side = django_filters.ChoiceFilter(label=_("Side"), choices=Side.choices)

    class Meta:
        model = Signatory
        fields = ["q", "agreement", "side"]

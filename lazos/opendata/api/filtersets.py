"""The filters of the public lists: those the portal offers (an action's modality, theme,
partner and year), and a few more on the columns of the open-data files (statuses, kinds,
countries, the action or indicator a row belongs to). Every value is validated: a wrong one
is a 400, never an empty list that looks like an answer."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from lazos.actions.choices import ActionStatus, FundingSource, Modality
from lazos.agreements.choices import AgreementKind, AgreementStatus
from lazos.core.filtersets import IdFilter, LazosFilterSet
from lazos.partners.choices import PartnerKind
from lazos.reference.models import Theme

YEAR_HELP = _("Only what runs during this year.")


class PublicPartnerFilterSet(LazosFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PartnerKind.choices)
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=lambda: list(countries),
        help_text=_("ISO 3166-1 alpha-2 code."),
    )


class PublicAgreementFilterSet(LazosFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AgreementKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AgreementStatus.choices)
    partner = IdFilter(label=_("Partner"), field_name="partners")
    year = django_filters.NumberFilter(
        label=_("Year"), method="filter_year", help_text=_("Only those valid during this year.")
    )

    def filter_year(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        year = int(value)
        start = Q(in_force_from__year__lte=year) | Q(
            in_force_from__isnull=True, signed_on__year__lte=year
        )
        return queryset.filter(
            start, Q(valid_until__year__gte=year) | Q(valid_until__isnull=True)
        ).exclude(in_force_from__isnull=True, signed_on__isnull=True)


class PublicActionFilterSet(LazosFilterSet):
    """The portal's filters of the action list, with the same meaning."""

    modality = django_filters.ChoiceFilter(label=_("Modality"), choices=Modality.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ActionStatus.choices)
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.all(),
        help_text=_("A theme's code."),
    )
    partner = IdFilter(label=_("Partner"), field_name="partners")
    agreement = IdFilter(label=_("Agreement"), field_name="agreement")
    year = django_filters.NumberFilter(label=_("Year"), method="filter_year", help_text=YEAR_HELP)

    def filter_year(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        """As on the portal: started by the end of the year and not ended before it (an
        action with no dates at all is in no year)."""
        year = int(value)
        return queryset.filter(
            Q(start_date__year__lte=year) | Q(start_date__isnull=True),
            Q(end_date__year__gte=year) | Q(end_date__isnull=True, start_date__year=year),
        )


class PublicBudgetLineFilterSet(LazosFilterSet):
    action = IdFilter(label=_("Action"), field_name="action")
    source = django_filters.ChoiceFilter(label=_("Funding source"), choices=FundingSource.choices)


class PublicMissionFilterSet(LazosFilterSet):
    action = IdFilter(label=_("Action"), field_name="action")


class PublicIndicatorFilterSet(LazosFilterSet):
    action = IdFilter(label=_("Action"), field_name="action")


class PublicResultFilterSet(LazosFilterSet):
    indicator = IdFilter(label=_("Indicator"), field_name="indicator")
    action = IdFilter(label=_("Action"), field_name="indicator__action")
    year = django_filters.NumberFilter(
        label=_("Year"), method="filter_year", help_text=_("Only periods overlapping this year.")
    )

    def filter_year(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        year = int(value)
        return queryset.filter(start__year__lte=year, end__year__gte=year)


class PublicPracticeFilterSet(LazosFilterSet):
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.all(),
        help_text=_("A theme's code."),
    )

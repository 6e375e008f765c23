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
from lazos.actions.models import Action, BudgetLine, Mission
from lazos.agreements.choices import AgreementKind, AgreementStatus
from lazos.agreements.models import Agreement
from lazos.core.filtersets import IdFilter, LazosFilterSet
from lazos.governments.models import Government
from lazos.partners.choices import PartnerKind
from lazos.partners.models import Partner
from lazos.practices.models import GoodPractice
from lazos.reference.models import Theme
from lazos.results.models import Indicator, IndicatorPeriod

YEAR_HELP = _("Only what runs during this year.")


class PublicFilterSet(LazosFilterSet):
    """``?government=<slug>``: the rows of one government (every publishing one's without).

    Takes the ``government`` keyword of the API's FilterSets (``TenantFilterBackend``) and
    ignores it: a public list is the same whoever asks."""

    government = django_filters.ModelChoiceFilter(
        label=_("Government"),
        queryset=Government.objects.filter(portal_enabled=True),
        to_field_name="slug",
        help_text=_("The slug of a government that publishes (see /api/v1/public/governments/)."),
    )

    def __init__(self, *args: Any, government: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class PublicPartnerFilterSet(PublicFilterSet):
    class Meta:
        model = Partner
        fields: list[str] = []

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PartnerKind.choices)
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=lambda: list(countries),
        help_text=_("ISO 3166-1 alpha-2 code."),
    )


class PublicAgreementFilterSet(PublicFilterSet):
    class Meta:
        model = Agreement
        fields: list[str] = []

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


class PublicActionFilterSet(PublicFilterSet):
    """The portal's filters of the action list, with the same meaning."""

    class Meta:
        model = Action
        fields: list[str] = []

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


class PublicBudgetLineFilterSet(PublicFilterSet):
    class Meta:
        model = BudgetLine
        fields: list[str] = []

    action = IdFilter(label=_("Action"), field_name="action")
    source = django_filters.ChoiceFilter(label=_("Funding source"), choices=FundingSource.choices)


class PublicMissionFilterSet(PublicFilterSet):
    class Meta:
        model = Mission
        fields: list[str] = []

    action = IdFilter(label=_("Action"), field_name="action")


class PublicIndicatorFilterSet(PublicFilterSet):
    class Meta:
        model = Indicator
        fields: list[str] = []

    action = IdFilter(label=_("Action"), field_name="action")


class PublicResultFilterSet(PublicFilterSet):
    class Meta:
        model = IndicatorPeriod
        fields: list[str] = []

    indicator = IdFilter(label=_("Indicator"), field_name="indicator")
    action = IdFilter(label=_("Action"), field_name="indicator__action")
    year = django_filters.NumberFilter(
        label=_("Year"), method="filter_year", help_text=_("Only periods overlapping this year.")
    )

    def filter_year(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        year = int(value)
        return queryset.filter(start__year__lte=year, end__year__gte=year)


class PublicPracticeFilterSet(PublicFilterSet):
    class Meta:
        model = GoodPractice
        fields: list[str] = []

    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.all(),
        help_text=_("A theme's code."),
    )

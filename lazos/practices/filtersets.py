"""Filters of the office list (own practices) and of the library (published practices of every
government on the instance)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from lazos.core.filtersets import LazosFilterSet, TenantFilterSet
from lazos.governments.models import Department, Government
from lazos.practices.choices import PracticeStatus, TransferKind
from lazos.practices.models import GoodPractice, PracticeTransfer
from lazos.reference.models import SdgGoal, Theme


class PracticeFilterSet(TenantFilterSet):
    """The government's own practices."""

    search_fields = ("title", "summary", "context", "solution", "results")

    status = django_filters.ChoiceFilter(label=_("Status"), choices=PracticeStatus.choices)
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.none()
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.none()
    )

    class Meta:
        model = GoodPractice
        fields = ["q", "status", "theme", "department"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["theme"].queryset = Theme.objects.order_by("name_en")
        self.filters["department"].queryset = Department.objects.for_tenant(
            self.government
        ).order_by("name")


class TransferFilterSet(TenantFilterSet):
    """The marks our government left on other governments' practices."""

    search_fields = ("note",)

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=TransferKind.choices)

    class Meta:
        model = PracticeTransfer
        fields = ["q", "kind"]


def _language_condition(language: str) -> Q:
    """Practices written in ``language``: stated, or the government's first language."""
    return Q(language=language) | Q(language="", government__official_languages__0=language)


class LibraryFilterSet(LazosFilterSet):
    """Filters of the library. The text query ``q`` is not a filter: the library ranks by it
    (see :mod:`lazos.practices.library`)."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="keep",
        help_text=_(
            "In any language: themes and SDGs connect Spanish, English, French and Portuguese."
        ),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.none()
    )
    goal = django_filters.ModelChoiceFilter(
        label=_("SDG"),
        field_name="sdg_targets__goal",
        queryset=SdgGoal.objects.none(),
        distinct=True,
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), field_name="government__country", choices=()
    )
    government = django_filters.ModelChoiceFilter(
        label=_("Government"), queryset=Government.objects.none()
    )
    language = django_filters.ChoiceFilter(
        label=_("Language of the practice"), choices=settings.LANGUAGES, method="in_language"
    )
    adapted = django_filters.BooleanFilter(
        label=_("Adapted by other governments"),
        method="adapted_by_others",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = GoodPractice
        fields = ["q", "theme", "goal", "country", "government", "language", "adapted"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            filter_.__dict__.pop("_field", None)
        authors = Government.objects.filter(
            Exists(GoodPractice.objects.published().filter(government=OuterRef("pk")))
        ).order_by("name")
        self.filters["theme"].queryset = Theme.objects.order_by("name_en")
        self.filters["goal"].queryset = SdgGoal.objects.order_by("number")
        self.filters["government"].queryset = authors
        codes = sorted({str(code) for code in authors.values_list("country", flat=True)})
        self.filters["country"].extra["choices"] = sorted(
            ((code, str(countries.name(code) or code)) for code in codes),
            key=lambda pair: pair[1],
        )

    def keep(
        self, queryset: QuerySet[GoodPractice], name: str, value: str
    ) -> QuerySet[GoodPractice]:
        return queryset

    def in_language(
        self, queryset: QuerySet[GoodPractice], name: str, value: str
    ) -> QuerySet[GoodPractice]:
        return queryset.filter(_language_condition(value)) if value else queryset

    def adapted_by_others(
        self, queryset: QuerySet[GoodPractice], name: str, value: bool | None
    ) -> QuerySet[GoodPractice]:
        if not value:
            return queryset
        return queryset.filter(
            Exists(
                PracticeTransfer.objects.filter(practice=OuterRef("pk"), kind=TransferKind.ADAPTED)
            )
        )

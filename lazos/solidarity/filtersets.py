"""Filters of the solidarity board.

The board lists emergencies of several governments, so this is a plain FilterSet over the
queryset the view builds from ``Emergency.objects.visible_to(government)``; it never widens it.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lazos.core.filtersets import LazosFilterSet, search_words
from lazos.solidarity.choices import EmergencyStatus, Hazard
from lazos.solidarity.models import Emergency


class EmergencyFilterSet(LazosFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EmergencyStatus.choices)
    hazard = django_filters.ChoiceFilter(label=_("Hazard"), choices=Hazard.choices)

    class Meta:
        model = Emergency
        fields = ["q", "status", "hazard"]

    def search(self, queryset: QuerySet[Emergency], name: str, value: str) -> QuerySet[Emergency]:
        condition = Q()
        for term in search_words(value):
            condition &= Q(title__icontains=term) | Q(government__name__icontains=term)
        return queryset.filter(condition)

"""Filters of the solidarity board.

The board lists emergencies of several governments, so these are plain FilterSets over the
querysets the views build from ``Emergency.objects.visible_to(government)``,
``Need.objects.visible_to(government)`` and ``Offer.objects.involving(government)``; they
never widen them.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lazos.core.filtersets import IdFilter, LazosFilterSet, search_words
from lazos.solidarity.choices import EmergencyStatus, Hazard, NeedCategory, NeedStatus, OfferStatus
from lazos.solidarity.models import Emergency, Need, Offer


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


class NeedFilterSet(LazosFilterSet):
    emergency = IdFilter(label=_("Emergency"), field_name="emergency")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=NeedStatus.choices)
    category = django_filters.ChoiceFilter(label=_("What is needed"), choices=NeedCategory.choices)

    class Meta:
        model = Need
        fields = ["emergency", "status", "category"]


class OfferFilterSet(LazosFilterSet):
    emergency = IdFilter(label=_("Emergency"), field_name="need__emergency")
    need = IdFilter(label=_("Need"), field_name="need")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OfferStatus.choices)

    class Meta:
        model = Offer
        fields = ["emergency", "need", "status"]

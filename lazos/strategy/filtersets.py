"""Filters of the strategy list (shared by the HTML list and the exports)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from lazos.core.filtersets import TenantFilterSet
from lazos.strategy.choices import StrategyStatus
from lazos.strategy.models import Strategy


class StrategyFilterSet(TenantFilterSet):
    search_fields = ("title", "vision", "development_plan")

    status = django_filters.ChoiceFilter(label=_("Status"), choices=StrategyStatus.choices)

    class Meta:
        model = Strategy
        fields = ["q", "status"]

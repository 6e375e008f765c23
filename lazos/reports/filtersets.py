"""Filters of the report list."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from lazos.core.filtersets import TenantFilterSet
from lazos.reports.choices import ReportKind, ReportStatus
from lazos.reports.models import Report


class ReportFilterSet(TenantFilterSet):
    search_fields = ("title", "requested_by__username")

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ReportKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReportStatus.choices)
    year = django_filters.NumberFilter(label=_("Year"))
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("created_at", "created"), ("version", "version"), ("year", "year")),
        field_labels={"created_at": _("requested"), "version": _("version"), "year": _("year")},
    )

    class Meta:
        model = Report
        fields = ["q", "kind", "status", "year"]

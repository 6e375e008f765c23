"""Dashboards: charts of the current government's register, one tab per subject."""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from lazos.actions.models import Action
from lazos.core.charts import Chart
from lazos.core.spreadsheet_safety import neutralise
from lazos.core.views import GovernmentScopedMixin
from lazos.dashboards import figures
from lazos.dashboards.forms import DashboardFilterForm

#: section → (tab label, what the filters apply to, chart builder or None for the map)
SECTIONS: dict[str, tuple[Any, Any, Callable[..., list[Chart]] | None]] = {
    "activity": (
        _("Activity"),
        _("Filters apply to the actions (their start year and departments)."),
        figures.activity_charts,
    ),
    "budget": (
        _("Budget"),
        _("Filters apply to the actions whose budget lines are summed."),
        figures.budget_charts,
    ),
    "agreements": (
        _("Agreements"),
        _("The department filter applies to the agreements' lead department; years do not."),
        figures.agreement_charts,
    ),
    "results": (
        _("Results"),
        _("The department filter applies to the indicators' department; years do not."),
        figures.results_charts,
    ),
    "map": (
        _("Map"),
        _("With filters, the map shows the partners of the matching actions."),
        None,
    ),
}


class DashboardMixin(GovernmentScopedMixin):
    """Every member of the government may view the dashboards."""

    model = Action
    section = "activity"

    def filter_form(self) -> DashboardFilterForm:
        if not hasattr(self, "_form"):
            self._form = DashboardFilterForm(self.request.GET or None, government=self.government)
        return self._form

    def charts(self) -> list[Chart]:
        builder = SECTIONS[self.section][2]
        if builder is None:
            return []
        return builder(self.government, self.filter_form().filters())


class DashboardView(DashboardMixin, TemplateView):
    template_name = "dashboards/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = self.filter_form()
        query = self.request.GET.urlencode()
        suffix = f"?{query}" if query else ""
        label, note, _builder = SECTIONS[self.section]
        context.update(
            form=form,
            section=self.section,
            section_title=label,
            section_note=note,
            tabs=[
                {
                    "label": tab_label,
                    "url": reverse(f"dashboards:{name}") + suffix,
                    "current": name == self.section,
                }
                for name, (tab_label, _n, _b) in SECTIONS.items()
            ],
            figures=[
                {
                    "chart": chart,
                    "csv_url": reverse(
                        "dashboards:csv", kwargs={"section": self.section, "chart": chart.slug}
                    )
                    + suffix,
                }
                for chart in self.charts()
            ],
            map=figures.partner_map(self.government, self.filter_form().filters())
            if self.section == "map"
            else None,
        )
        return context


class DashboardCsvView(DashboardMixin, View):
    """The data table of one chart as a CSV file."""

    def get(self, request: HttpRequest, section: str, chart: str) -> HttpResponse:
        if section not in SECTIONS:
            raise Http404
        self.section = section
        found = next((c for c in self.charts() if c.slug == chart), None)
        if found is None:
            raise Http404
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{found.slug}.csv"'
        writer = csv.writer(response)
        # Text that a spreadsheet would run as a formula is escaped; the value columns are
        # numbers written as text and stay numbers.
        numbers = found.kind != "timeline"
        for line, row in enumerate(found.csv_rows()):
            writer.writerow(
                [
                    neutralise(v, numeric_text=numbers and line > 0 and i > 0)
                    for i, v in enumerate(row)
                ]
            )
        return response

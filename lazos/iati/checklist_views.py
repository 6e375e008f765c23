"""The publisher's checklist page: the IATI rules the government's own file breaks, with
the page where each one is fixed (see :mod:`lazos.iati.ruleset`)."""

from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView

from lazos.core.views import GovernmentScopedMixin
from lazos.iati.models import IatiImport
from lazos.iati.ruleset import publisher_checklist


class PublisherChecklistView(GovernmentScopedMixin, TemplateView):
    """For the government's staff: its organisation identifier and every rule of the IATI
    ruleset broken by an activity of its file, grouped by action."""

    model = IatiImport  # who may see the IATI pages may see the checklist
    template_name = "iati/checklist.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        items = publisher_checklist(self.government)
        context["government"] = self.government
        context["government_items"] = [item for item in items if item.action_id is None]
        groups: dict[int, dict[str, Any]] = {}
        for item in items:
            if item.action_id is None:
                continue
            group = groups.setdefault(
                item.action_id,
                {"title": item.activity, "identifier": item.identifier, "items": []},
            )
            group["items"].append(item)
        context["activity_groups"] = list(groups.values())
        context["count"] = len(items)
        return context

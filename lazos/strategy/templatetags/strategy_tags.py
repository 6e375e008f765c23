"""Template tags of the strategy: the "Objectives served" panel of actions, agreements and
partners."""

from __future__ import annotations

from typing import Any

from django import template

from lazos.strategy.models import Objective

register = template.Library()

# The objective's many-to-many field that points to each kind of linked work.
LINK_FIELD = {"action": "actions", "agreement": "agreements", "partner": "partners"}


@register.inclusion_tag("strategy/includes/objectives_served_panel.html")
def objectives_served(obj: Any) -> dict[str, Any]:
    """The objectives of the current (not superseded) strategies that ``obj`` serves; one
    query."""
    field = LINK_FIELD[obj._meta.model_name]
    objectives = (
        Objective.objects.for_tenant(obj.government_id)
        .of_current_strategy()
        .filter(**{field: obj})
        .select_related("strategy", "parent")
        .order_by("-strategy__start_year", "-strategy__version", "position", "code")
    )
    return {"served": list(objectives), "linked": obj}

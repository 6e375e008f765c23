"""Template tags of the results framework: the indicators of an objective or an action, with
their progress and charts, for the pages of other apps."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import template
from django.template.context import Context

from lazos.core.permissions import Operation, policy_for
from lazos.results.models import Indicator
from lazos.results.progress import (
    IndicatorProgress,
    format_number,
    progress_chart,
    progress_of,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lazos.accounts.models import User
    from lazos.actions.models import Action
    from lazos.strategy.models import Objective

register = template.Library()


@register.filter
def result_number(value: Decimal | None, measure: str = "number") -> str:
    """A value of an indicator for people: no trailing zeros, "%" for percentages."""
    if value is None or value == "":
        return ""
    return format_number(Decimal(value), measure)


def _items(
    indicators: Iterable[Indicator], slug_prefix: str
) -> list[tuple[IndicatorProgress, Any]]:
    progresses = progress_of(list(indicators))
    return [
        (progress, progress_chart(progress, slug=f"{slug_prefix}-{progress.indicator.pk}"))
        for progress in progresses
    ]


def _can_add(context: Context) -> bool:
    request = context.get("request")
    membership = getattr(request, "membership", None)
    return policy_for(Indicator).allows(membership, Operation.ADD)


@register.simple_tag(takes_context=True)
def objective_indicators(context: Context, objective: Objective) -> dict[str, Any]:
    """The objective's indicators, each with its progress and chart (a few queries in all)."""
    indicators = (
        Indicator.objects.for_tenant(objective.government_id)
        .filter(objective=objective)
        .select_related("department")
    )
    return {"items": _items(indicators, "objective-indicator"), "can_add": _can_add(context)}


@register.simple_tag(takes_context=True)
def action_indicators(context: Context, action: Action) -> dict[str, Any]:
    """The action's indicators, each with its progress and chart."""
    indicators = (
        Indicator.objects.for_tenant(action.government_id)
        .filter(action=action)
        .select_related("department", "contributes_to")
    )
    return {"items": _items(indicators, "action-indicator"), "can_add": _can_add(context)}


@register.filter
def person(user: User | None) -> str:
    """A user's full name, else their username, else a dash."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()

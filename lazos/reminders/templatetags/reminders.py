"""``{% load reminders %}{% reminder_count as n %}``: the badge number for the header."""

from __future__ import annotations

from typing import Any

from django import template

from lazos.reminders.badge import count_for

register = template.Library()


@register.simple_tag(takes_context=True)
def reminder_count(context: dict[str, Any]) -> int:
    request = context.get("request")
    membership = getattr(request, "membership", None)
    return count_for(membership) if membership is not None else 0

"""The number of reminders in the header badge: cached per person and government for a few
minutes, computed only when a template shows it."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest

BADGE_SECONDS = 300


def _key(user_id: int, government_id: int) -> str:
    return f"lazos:reminders:count:{user_id}:{government_id}"


def count_for(membership: Any) -> int:
    from lazos.reminders.collect import collect

    key = _key(membership.user_id, membership.government_id)
    value = cache.get(key)
    if value is None:
        value = collect(membership).total
        cache.set(key, value, BADGE_SECONDS)
    return int(value)


def forget_reminder_count(user_id: int, government_id: int) -> None:
    cache.delete(_key(user_id, government_id))


def reminder_count(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``{{ reminder_count }}`` is the signed-in member's number of
    reminders in the current government (0 without one). Lazy: nothing is computed, and no
    query runs, on pages that do not show it; then at most once per five minutes."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"reminder_count": 0}
    cached: dict[str, int] = {}

    def count() -> int:
        if "n" not in cached:
            cached["n"] = count_for(membership)
        return cached["n"]

    return {"reminder_count": count}

"""The number of reminders in the header badge (fetched by htmx after the page loads): cached
per person and government for a few minutes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.cache import cache

from lazos.reminders.models import Notification

if TYPE_CHECKING:
    from lazos.governments.models import Membership

BADGE_SECONDS = 300


def _key(user_id: int, government_id: int) -> str:
    return f"lazos:reminders:count:{user_id}:{government_id}"


def count_for(membership: Membership) -> int:
    from lazos.reminders.collect import collect

    key = _key(membership.user_id, membership.government_id)
    value = cache.get(key)
    if value is None:
        value = collect(membership).total + unread_count(membership)
        cache.set(key, value, BADGE_SECONDS)
    return int(value)


def unread_count(membership: Membership) -> int:
    """The member's unread notifications in their government."""
    return Notification.objects.for_member(membership).unread().count()


def forget_reminder_count(user_id: int, government_id: int) -> None:
    cache.delete(_key(user_id, government_id))

"""The number of unread community notifications in the header badge (fetched by htmx after the
page loads): cached per person for a few minutes, forgotten when it changes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.cache import cache

from lazos.community.models import Notification

if TYPE_CHECKING:
    from lazos.community.access import Reader

BADGE_SECONDS = 300


def _key(user_id: int) -> str:
    return f"lazos:community:unread:{user_id}"


def unread_count(reader: Reader) -> int:
    if reader.user_id is None:
        return 0
    key = _key(reader.user_id)
    value = cache.get(key)
    if value is None:
        value = Notification.objects.for_reader(reader).unread().count()
        cache.set(key, value, BADGE_SECONDS)
    return int(value)


def forget_unread_counts(user_ids: Iterable[int]) -> None:
    keys = [_key(user_id) for user_id in set(user_ids)]
    if keys:
        cache.delete_many(keys)

"""How far a long write has gone, told while its transaction is still open.

The rows a job writes inside its transaction are invisible to other connections until it
commits (and a failure must leave none of them), so the progress is kept outside it: (1) in
the cache, a shared store in production, under a key of the caller's choosing, and (2) on
PostgreSQL, on the job's own row through a second connection in autocommit, so it survives a
restart of the cache. On SQLite (one writer at a time: a second connection would wait for the
job's own lock) only the cache is used. The row must not be written by the job's transaction
before the last report, or the second connection would wait for it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

logger = logging.getLogger(__name__)

TIMEOUT = 24 * 3600


class ProgressReporter:
    """Call with ``(done, total)``; ``close()`` when the job ends (the row keeps the last
    value; the cache entry is removed)."""

    def __init__(
        self, instance: models.Model, *, cache_key: str, done_field: str, total_field: str
    ) -> None:
        self.instance = instance
        self.cache_key = cache_key
        self.done_field = done_field
        self.total_field = total_field
        self.side = None
        if connection.vendor != "sqlite":
            try:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            except Exception:  # pragma: no cover - progress is a convenience, never a failure
                logger.exception("No side connection for progress")

    def __call__(self, done: int, total: int) -> None:
        cache.set(self.cache_key, (done, total), timeout=TIMEOUT)
        if self.side is None:
            return
        meta = self.instance._meta
        quote = self.side.ops.quote_name
        columns = {field.name: str(field.column) for field in meta.concrete_fields if field.column}
        assignments = [
            f"{quote(columns[self.done_field])} = %s",
            f"{quote(columns[self.total_field])} = %s",
        ]
        params: list[Any] = [done, total]
        if "updated_at" in columns:
            assignments.append(f"{quote(columns['updated_at'])} = %s")
            params.append(timezone.now())
        params.append(self.instance.pk)
        sql = (
            f"UPDATE {quote(meta.db_table)} SET {', '.join(assignments)} "  # noqa: S608
            f"WHERE {quote(columns[meta.pk.name if meta.pk else 'id'])} = %s"
        )
        try:
            with self.side.cursor() as cursor:
                cursor.execute(sql, params)
        except Exception:  # pragma: no cover - see above
            logger.exception("Could not record progress")

    def close(self) -> None:
        cache.delete(self.cache_key)
        if self.side is not None:
            self.side.close()


def live_progress(cache_key: str, stored: tuple[int, int]) -> tuple[int, int]:
    """(done, total): the cache's value while it is ahead of the stored one."""
    live = cache.get(cache_key)
    if live and live[0] >= stored[0]:
        return int(live[0]), int(live[1])
    return stored

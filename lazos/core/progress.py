"""How far a background job has gone, told while its transaction is still open.

The job runs in the worker (``lazos db_worker``, or the worker ``lazos run`` starts beside the
web server); its page is served by the web process, which polls. The rows a job writes inside
its transaction are invisible to other connections until it commits (and a failure must leave
none of them), so the progress is kept outside that transaction:

1. in the ``progress`` cache (settings.py), always. It must be shared between processes: with
   ``CACHE_URL`` (Redis) it is that cache; in the embedded default it is Django's file-based
   cache under ``var/progress/``, which needs no server and which the worker and the web
   process on one machine both read and write. Each entry holds ``(done, total, started)``,
   ``started`` being when the job first reported (for the elapsed time and the estimate).
2. on PostgreSQL, also on the job's own row through a second connection in autocommit, so the
   value survives a restart of the cache.

Why not the job's row on SQLite too: SQLite has one writer at a time, and the job's own
transaction holds the write lock from its first write to its commit (an IATI file is one
transaction, all or nothing). A second connection writing the row would wait for that lock,
that is for the end of the job, and then fail with "database is locked". A database cache
table has the same problem. Files have none, and the web process reads them without touching
the database. The row must not be written by the job's transaction before the last report
(PostgreSQL), or the second connection would wait for it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

logger = logging.getLogger(__name__)

TIMEOUT = 24 * 3600


def store() -> Any:
    """The cache shared by the worker and the web processes (see the module's docstring)."""
    return caches["progress"]


class ProgressReporter:
    """Call with ``(done, total)``; ``close()`` when the job ends (the row keeps the last
    value; the cache entry is removed).

    Without ``done_field``/``total_field`` (a job whose model keeps no counts, such as a
    report's steps) only the cache is written.
    """

    def __init__(
        self,
        instance: models.Model | None,
        *,
        cache_key: str,
        done_field: str | None = None,
        total_field: str | None = None,
    ) -> None:
        self.instance = instance
        self.cache_key = cache_key
        self.done_field = done_field
        self.total_field = total_field
        self.started = time.time()
        self.side = None
        if connection.vendor != "sqlite" and instance is not None and done_field and total_field:
            try:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            except Exception:  # pragma: no cover - progress is a convenience, never a failure
                logger.exception("No side connection for progress")

    def __call__(self, done: int, total: int) -> None:
        try:
            store().set(self.cache_key, (done, total, self.started), timeout=TIMEOUT)
        except Exception:  # pragma: no cover - a full disk must not fail the job
            logger.exception("Could not store progress")
        if self.side is None or self.instance is None:
            return
        meta = self.instance._meta
        quote = self.side.ops.quote_name
        columns = {field.name: str(field.column) for field in meta.concrete_fields if field.column}
        assignments = [
            f"{quote(columns[str(self.done_field)])} = %s",
            f"{quote(columns[str(self.total_field)])} = %s",
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
        store().delete(self.cache_key)
        if self.side is not None:
            self.side.close()


def live_entry(cache_key: str) -> tuple[int, int, float | None] | None:
    """``(done, total, started)`` as the job last reported it, or None."""
    live = store().get(cache_key)
    if not live:
        return None
    started = float(live[2]) if len(live) > 2 and live[2] else None
    return int(live[0]), int(live[1]), started


def live_progress(cache_key: str, stored: tuple[int, int]) -> tuple[int, int]:
    """(done, total): the cache's value while it is ahead of the stored one."""
    live = live_entry(cache_key)
    if live and live[0] >= stored[0]:
        return live[0], live[1]
    return stored


@dataclass(frozen=True)
class Progress:
    """What a progress bar shows: items done of total, time elapsed, time left (estimated
    from the pace so far: elapsed * left / done)."""

    done: int
    total: int
    elapsed: float | None = None

    @property
    def percent(self) -> int:
        if self.total <= 0:
            return 0
        return max(0, min(100, round(100 * self.done / self.total)))

    @property
    def remaining(self) -> float | None:
        if self.elapsed is None or self.done <= 0 or self.total <= 0 or self.done >= self.total:
            return None
        return self.elapsed * (self.total - self.done) / self.done


def started_at(cache_key: str) -> float | None:
    """When the job behind ``cache_key`` first reported (a POSIX time), if it still runs."""
    live = live_entry(cache_key)
    return live[2] if live else None

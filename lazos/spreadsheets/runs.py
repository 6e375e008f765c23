"""What an import run keeps about itself: the errors it stores and how far it has gone.

Shared by the services (the preview, the progress page) and the apply job.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections

from lazos.spreadsheets.models import ImportRun

logger = logging.getLogger(__name__)

MAX_STORED_ERRORS = 1000


def progress_cache_key(run_id: int) -> str:
    return f"lazos:import-progress:{run_id}"


class ProgressReporter:
    """Tells how far an apply has gone while its transaction is still open.

    The rows written inside the transaction are invisible to other connections until it
    commits, so progress goes (1) to the cache, a shared store in production, and (2) on
    PostgreSQL, to the ImportRun row through a second connection outside the transaction.
    On SQLite (one writer at a time) only the cache is used.
    """

    def __init__(self, run: ImportRun) -> None:
        self.run = run
        self.side = None
        if connection.vendor != "sqlite":
            try:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            except Exception:  # pragma: no cover - progress is a convenience, never a failure
                logger.exception("No side connection for import progress")

    def __call__(self, processed: int, total: int) -> None:
        cache.set(progress_cache_key(self.run.pk), (processed, total), timeout=24 * 3600)
        if self.side is None:
            return
        table = self.side.ops.quote_name(ImportRun._meta.db_table)
        try:
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET processed = %s, total = %s WHERE id = %s",  # noqa: S608
                    [processed, total, self.run.pk],
                )
        except Exception:  # pragma: no cover - see above
            logger.exception("Could not record import progress")

    def close(self) -> None:
        cache.delete(progress_cache_key(self.run.pk))
        if self.side is not None:
            self.side.close()

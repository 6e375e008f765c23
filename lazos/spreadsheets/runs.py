"""What an import run keeps about itself: the errors it stores and how far it has gone.

Shared by the services (the preview, the progress page) and the apply job.
"""

from __future__ import annotations

from lazos.core import progress
from lazos.spreadsheets.models import ImportRun

MAX_STORED_ERRORS = 1000


def progress_cache_key(run_id: int) -> str:
    return f"lazos:import-progress:{run_id}"


class ProgressReporter(progress.ProgressReporter):
    """Tells how far an apply has gone while its transaction is still open (the cache, and
    on PostgreSQL the ImportRun row through a second connection: see
    :mod:`lazos.core.progress`)."""

    def __init__(self, run: ImportRun) -> None:
        super().__init__(
            run, cache_key=progress_cache_key(run.pk), done_field="processed", total_field="total"
        )
        self.run = run

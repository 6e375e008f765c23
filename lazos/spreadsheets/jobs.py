"""Background jobs of the spreadsheets app."""

from __future__ import annotations

from lazos.core.jobs import job


@job
def apply_import(run_id: int, user_id: int | None) -> str:
    """Apply a queued import (large files run on the worker; progress on the import page).

    The records are audited with the channel "import" (the importer sets it inside the job).
    """
    from lazos.spreadsheets.services import run_import

    return run_import(run_id, user_id)

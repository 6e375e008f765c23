"""What an import run keeps about itself: the errors it stores, how far it has gone, and
how it is reverted.

Shared by the services (the preview, the progress page, the revert) and the apply job.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING

from lazos.core import import_revert, progress
from lazos.spreadsheets.choices import ImportStatus
from lazos.spreadsheets.models import ImportRun

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.governments.models import Government

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


# --- Reverting an applied import (the shared part: lazos.core.import_revert) --------------


def _applied_at(run: ImportRun) -> datetime | None:
    return run.finished_at if run.status == ImportStatus.APPLIED else None


RUNS = import_revert.RunKind(model=ImportRun, applied_at=_applied_at)


def recording(run: ImportRun) -> AbstractContextManager[None]:
    """Inside the block, the audit events name the run (what its revert reads)."""
    return import_revert.recording_run(run)


def revert_refusal(run: ImportRun) -> str:
    """Why the run cannot be reverted, or ""."""
    return import_revert.revert_refusal(RUNS, run)


def plan_revert(run: ImportRun, *, government: Government) -> import_revert.RevertPlan:
    """What reverting the run would delete and restore, and its conflicts."""
    return import_revert.plan_revert(run, government=government, until=_applied_at(run))


def revert_import(
    run: ImportRun, *, government: Government, acting_user: User
) -> import_revert.RevertPlan:
    """Undo an applied import: delete what it created, restore what it changed, except what
    was changed since (the conflicts, left alone). Audited with the channel "import"."""
    return import_revert.revert_run(RUNS, run, government=government, acting_user=acting_user)


def queue_revert(
    run: ImportRun, *, government: Government, acting_user: User
) -> import_revert.RevertState:
    """Queue :func:`revert_import` as a background job (at once with the embedded backend);
    the run's page shows how far it has gone."""
    return import_revert.queue_revert(
        "lazos.spreadsheets.runs.RUNS", run, government=government, acting_user=acting_user
    )

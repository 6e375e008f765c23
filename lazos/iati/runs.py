"""Applying an IATI import from the office: queue the job, follow its progress, revert it."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lazos.core import import_revert
from lazos.core.progress import live_progress
from lazos.core.services import save_audited
from lazos.iati.choices import ImportStatus
from lazos.iati.jobs import apply_iati_import, progress_cache_key
from lazos.iati.models import IatiImport

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.governments.models import Government


def queue_import(run: IatiImport, *, acting_user: User | None) -> IatiImport:
    """Queue the job that applies a previewed (or failed, or abandoned) import.

    With the embedded (immediate) backend the job runs at once; with a worker it runs in the
    background and the import's page follows it.
    """
    with transaction.atomic():
        locked = IatiImport.objects.select_for_update().get(pk=run.pk)
        if not locked.can_apply:
            raise ValidationError(
                _("This import is running or has already been applied."), code="not_applicable"
            )
        values = {
            "status": ImportStatus.QUEUED,
            "failure": "",
            "progress_done": 0,
            "progress_total": len(locked.preview),
            "started_at": None,
            "finished_at": None,
        }
        save_audited(locked, acting_user=acting_user, fields=list(values), values=values)
    apply_iati_import.enqueue(run.pk, getattr(acting_user, "pk", None))
    run.refresh_from_db()
    return run


def current_progress(run: IatiImport) -> tuple[int, int]:
    """(activities written, activities in all): the live value while the import runs."""
    stored = (run.progress_done, run.progress_total or len(run.preview))
    if run.status == ImportStatus.APPLIED:
        return stored[1], stored[1]
    if not run.is_active:
        return stored
    return live_progress(progress_cache_key(run.pk), stored)


def elapsed_seconds(run: IatiImport) -> float | None:
    """How long the import took (or has taken so far)."""
    if run.started_at is None:
        return None
    return ((run.finished_at or timezone.now()) - run.started_at).total_seconds()


# --- Reverting an applied import (the shared part: lazos.core.import_revert) --------------


def _applied_at(run: IatiImport) -> datetime | None:
    return run.applied_at if run.status == ImportStatus.APPLIED else None


RUNS = import_revert.RunKind(model=IatiImport, applied_at=_applied_at)


def recording(run: IatiImport) -> AbstractContextManager[None]:
    """Inside the block, the audit events name the run (what its revert reads)."""
    return import_revert.recording_run(run)


def revert_refusal(run: IatiImport) -> str:
    """Why the run cannot be reverted, or ""."""
    return import_revert.revert_refusal(RUNS, run)


def plan_revert(run: IatiImport, *, government: Government) -> import_revert.RevertPlan:
    """What reverting the run would delete and restore, and its conflicts."""
    return import_revert.plan_revert(run, government=government, until=_applied_at(run))


def revert_import(
    run: IatiImport, *, government: Government, acting_user: User
) -> import_revert.RevertPlan:
    """Undo an applied import: delete the actions, partners and rows it created, restore what
    it changed, except what was changed since (the conflicts, left alone). Audited with the
    channel "import"."""
    return import_revert.revert_run(RUNS, run, government=government, acting_user=acting_user)


def queue_revert(
    run: IatiImport, *, government: Government, acting_user: User
) -> import_revert.RevertState:
    """Queue :func:`revert_import` as a background job (at once with the embedded backend);
    the run's page shows how far it has gone."""
    return import_revert.queue_revert(
        "lazos.iati.runs.RUNS", run, government=government, acting_user=acting_user
    )

"""The core's own jobs on the government's Jobs page (see :mod:`lazos.core.jobs`): bulk
changes of a register list run in the background (``core/bulk.py``) and reverts of an import
(``core/import_revert.py``). Like every kind, they know no feature app: a revert's run is a
content type, whose model's permission policy says who sees it."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lazos.core.bulk import progress_key as bulk_progress_key
from lazos.core.import_revert import revert_progress_key
from lazos.core.jobs import Job, JobKind, JobState, register_job_kind, started_from
from lazos.core.models import BulkOperation, BulkRun, RevertRun, RunStatus
from lazos.core.permissions import Operation, policy_for
from lazos.core.progress import live_entry
from lazos.governments.models import Government, Membership

STATES: dict[str, str] = {
    RunStatus.QUEUED: JobState.QUEUED,
    RunStatus.RUNNING: JobState.RUNNING,
    RunStatus.FINISHED: JobState.DONE,
    RunStatus.FAILED: JobState.FAILED,
}

CHANGE_TITLE = _("Change of %(count)d %(objects)s: %(change)s")
DELETE_TITLE = _("Deletion of %(count)d %(objects)s")
CHANGE_OUTCOME = _(
    "See the outcome: %(changed)d changed, %(skipped)d left as they were, %(failed)d refused"
)
DELETE_OUTCOME = _(
    "See the outcome: %(changed)d deleted, %(skipped)d left as they were, %(failed)d refused"
)


def _plural_name(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name_plural)
    except (LookupError, ValueError):
        return label


def _live(cache_key: str, state: str, stored: tuple[int, int, Any]) -> tuple[int, int, Any]:
    """(done, total, started) of a job: the progress store's while it runs."""
    done, total, started = stored
    if state in (JobState.QUEUED, JobState.RUNNING):
        live = live_entry(cache_key)
        if live is not None and live[0] >= done:
            done, total, started = live[0], live[1], started_from(live[2], started)
    return done, total, started


class BulkChangeJobs(JobKind):
    """Bulk changes and deletions above ``bulk.JOB_THRESHOLD`` objects: seen by the member
    who started them only (:class:`~lazos.core.models.StarterOnlyPolicy`)."""

    slug = "bulk-change"
    label = _("bulk change")
    model = BulkRun

    def queryset(self, government: Government) -> QuerySet[Any]:
        return (
            BulkRun.objects.for_tenant(government)
            .select_related("started_by")
            .order_by("-created_at", "-id")
        )

    def describe(self, obj: Any) -> Job:
        run: BulkRun = obj
        state = STATES.get(run.status, JobState.DONE)
        done, total, started = _live(
            bulk_progress_key(run.token), state, (run.done, run.total, run.started_at)
        )
        names = {"count": run.total, "objects": _plural_name(run.model_label)}
        deleting = run.operation == BulkOperation.DELETE
        if deleting:
            title = DELETE_TITLE % names
        else:
            title = CHANGE_TITLE % {**names, "change": run.change_label}
        outcome = (DELETE_OUTCOME if deleting else CHANGE_OUTCOME) % {
            "changed": run.changed,
            "skipped": run.skipped,
            "failed": len(run.failures),
        }
        return Job(
            kind=self,
            obj=run,
            title=str(title),
            started_by=run.started_by,
            created_at=run.created_at,
            state=state,
            status_label=run.get_status_display(),
            done=done,
            total=total,
            started=started,
            finished=run.finished_at,
            result_url=run.page_url,
            result_label=outcome,
            error=run.error if state == JobState.FAILED else "",
            task_id=run.task_id,
        )


class ImportRevertJobs(JobKind):
    """Reverts of spreadsheet and IATI imports: seen by whoever may see the import."""

    slug = "import-revert"
    label = _("import revert")
    model = RevertRun

    def queryset(self, government: Government) -> QuerySet[Any]:
        return (
            RevertRun.objects.for_tenant(government)
            .select_related("started_by", "content_type")
            .order_by("-created_at", "-id")
        )

    def allows(self, membership: Membership, obj: Any) -> bool:
        run_model = obj.content_type.model_class()
        return run_model is not None and policy_for(run_model).allows(membership, Operation.VIEW)

    def describe(self, obj: Any) -> Job:
        revert: RevertRun = obj
        state = STATES.get(revert.status, JobState.DONE)
        label = f"{revert.content_type.app_label}.{revert.content_type.model}"
        done, total, started = _live(
            revert_progress_key(label, revert.object_id),
            state,
            (revert.done, revert.total, revert.started_at),
        )
        return Job(
            kind=self,
            obj=revert,
            title=str(revert),
            started_by=revert.started_by,
            created_at=revert.created_at,
            state=state,
            status_label=revert.get_status_display(),
            done=done,
            total=total,
            started=started,
            finished=revert.finished_at,
            result_url=revert.run_url,
            result_label=revert.summary or _("See the import"),
            error=revert.error if state == JobState.FAILED else "",
            task_id=revert.task_id,
        )


register_job_kind(BulkChangeJobs())
register_job_kind(ImportRevertJobs())

"""Background work through one queue interface (django-tasks), and the register of its kinds.

A job never runs inside a web request (outside tests): with ``TASKS_BACKEND=database``, the
default, the request queues it and a worker runs it, ``lazos db_worker`` in production or the
one ``lazos run`` (``make run``) starts beside the web server. ``TASKS_BACKEND=immediate``
runs a job inline when it is queued (the test suite, scripts). Changes made by a job are
audited with the channel "job".

Each app whose jobs people follow (imports, reports, exports) describes them with a
:class:`JobKind` in its ``job_kinds.py`` module, registered with :func:`register_job_kind`:
the government's Jobs page (``core/job_views.py``) lists them all, with who started each, and
gives each its own page with a progress bar (done of total, elapsed, estimate) and its result
or its error. The core never imports the apps: it discovers their ``job_kinds`` modules.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import heapq
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from lazos.core.audit import Channel, channel
from lazos.core.permissions import Operation, policy_for
from lazos.core.progress import Progress

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.governments.models import Government, Membership

P = ParamSpec("P")
T = TypeVar("T")


def job(function: Callable[P, T]) -> Any:
    """Declare a background job: a django-tasks task whose changes are audited as "job"."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        with channel(Channel.JOB):
            return function(*args, **kwargs)

    return task()(run)


class JobState(models.TextChoices):
    """Where any job is, whatever its kind calls it."""

    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


ACTIVE_STATES = frozenset({JobState.QUEUED, JobState.RUNNING})


@dataclass(frozen=True)
class Job:
    """One job as the Jobs pages show it, whatever its kind."""

    kind: JobKind
    obj: models.Model
    title: str
    started_by: User | None
    created_at: datetime
    state: str
    status_label: str
    done: int
    total: int
    started: datetime | None = None
    finished: datetime | None = None
    result_url: str = ""
    result_label: str | Promise = ""
    error: str = ""
    # The django-tasks result's id, when the kind records it: the queue knows when the worker
    # started and finished the job (see :func:`with_queue_times`).
    task_id: str = ""

    @property
    def pk(self) -> Any:
        return self.obj.pk

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def url(self) -> str:
        return reverse(f"jobs:{self.kind.slug}", kwargs={"pk": self.obj.pk})

    @property
    def progress_url(self) -> str:
        return reverse(f"jobs:{self.kind.slug}-progress", kwargs={"pk": self.obj.pk})

    @property
    def own_url(self) -> str:
        """The page of what the job works on (the import, the report)."""
        get_url = getattr(self.obj, "get_absolute_url", None)
        return str(get_url()) if get_url else ""

    @property
    def progress(self) -> Progress:
        elapsed = None
        if self.started is not None:
            end = self.finished if self.finished and not self.is_active else timezone.now()
            elapsed = max(0.0, (end - self.started).total_seconds())
        return Progress(done=self.done, total=self.total, elapsed=elapsed)


class JobKind(ABC):
    """A kind of job people follow: how to find a government's jobs of this kind and how to
    show one. ``model`` is the row the job works on (an import run, a report); its permission
    policy says who sees the job."""

    slug: str
    label: str | Promise
    model: type[models.Model]
    # Seconds between two polls of a running job's page.
    poll_seconds: int = 2

    @abstractmethod
    def queryset(self, government: Government) -> models.QuerySet[Any]:
        """The government's jobs of this kind (the rows that were queued at least once),
        with what :meth:`describe` reads selected, newest first."""

    @abstractmethod
    def describe(self, obj: Any) -> Job:
        """The job behind ``obj`` as the pages show it."""

    def visible_to(self, membership: Membership) -> bool:
        return policy_for(self.model).allows(membership, Operation.VIEW)

    def allows(self, membership: Membership, obj: Any) -> bool:
        return policy_for(self.model).allows_on(membership, Operation.VIEW, obj)


JOB_KINDS: dict[str, JobKind] = {}


def register_job_kind(kind: JobKind) -> JobKind:
    JOB_KINDS[kind.slug] = kind
    return kind


@functools.cache
def _discover() -> None:
    autodiscover_modules("job_kinds")


def job_kinds() -> list[JobKind]:
    """Every registered kind (the apps' ``job_kinds`` modules, imported once)."""
    _discover()
    return sorted(JOB_KINDS.values(), key=lambda kind: kind.slug)


def recent_jobs(government: Government, membership: Membership, *, limit: int) -> list[Job]:
    """The government's newest ``limit`` jobs of every kind the member may see, newest first:
    one query per kind."""
    streams: list[Iterable[Job]] = []
    for kind in job_kinds():
        if not kind.visible_to(membership):
            continue
        rows = kind.queryset(government)[:limit]
        streams.append([kind.describe(obj) for obj in rows if kind.allows(membership, obj)])
    merged = heapq.merge(*streams, key=lambda job: (job.created_at, job.pk), reverse=True)
    return with_queue_times([job for _index, job in zip(range(limit), merged, strict=False)])


def with_queue_times(jobs: list[Job]) -> list[Job]:
    """Jobs whose kind does not record when the job started take it from the database queue
    (``TASKS_BACKEND=database``), so a finished job still tells how long it took: one query."""
    ids: set[uuid.UUID] = set()
    for job in jobs:
        if job.started is None and job.task_id:
            with contextlib.suppress(ValueError):
                ids.add(uuid.UUID(job.task_id))
    if not ids:
        return jobs
    times = {
        str(task_id): (started, finished)
        for task_id, started, finished in DBTaskResult.objects.filter(id__in=ids).values_list(
            "id", "started_at", "finished_at"
        )
    }
    completed = []
    for job in jobs:
        started, finished = times.get(job.task_id, (None, None))
        if job.started is None and started is not None:
            job = dataclasses.replace(job, started=started, finished=job.finished or finished)
        completed.append(job)
    return completed


def started_from(posix_time: float | None, fallback: datetime | None = None) -> datetime | None:
    """A datetime from a progress entry's start (a POSIX time), else ``fallback``."""
    if posix_time is None:
        return fallback
    return datetime.fromtimestamp(posix_time, tz=timezone.get_current_timezone())

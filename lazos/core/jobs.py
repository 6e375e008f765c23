"""Background work through one queue interface (django-tasks).

In the embedded default (``TASKS_BACKEND=immediate``) a job runs inline when enqueued; in
production (``TASKS_BACKEND=database``) a worker (``lazos db_worker``) runs it. Changes made
by a job are audited with the channel "job".
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django_tasks import task

from lazos.core.audit import Channel, channel

P = ParamSpec("P")
T = TypeVar("T")


def job(function: Callable[P, T]) -> Any:
    """Declare a background job: a django-tasks task whose changes are audited as "job"."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        with channel(Channel.JOB):
            return function(*args, **kwargs)

    return task()(run)

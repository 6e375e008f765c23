"""Large list exports, written by the job worker instead of the web request (#13).

A list view answers ``?export=csv|xlsx`` itself when the list is small (``core/exports.py``);
for a larger one the core calls :func:`queue_list_export`, registered by this app: it records
a :class:`ListExport` (the list's address and filters, who asked) and queues
:func:`produce_list_export`, and the person is sent to the job's page. The worker rebuilds the
list exactly as the person saw it (the same view, filters and scoping, with their membership,
checked again), writes the file with its progress (rows written of total) and stores it; the
job's page then offers it for download.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from lazos.accounts.models import User
from lazos.core import audit
from lazos.core.events import notify
from lazos.core.exports import MAX_ROWS, export_response
from lazos.core.http import LazosRequest
from lazos.core.jobs import job
from lazos.core.progress import ProgressReporter
from lazos.governments.models import Government, Membership
from lazos.reports.choices import ReportStatus
from lazos.reports.events import FINISHED
from lazos.reports.models import ListExport

logger = logging.getLogger(__name__)

# The worker reports its progress every this many rows.
PROGRESS_EVERY = 200
MAX_ERROR_LENGTH = 2000


def progress_cache_key(export_id: int) -> str:
    return f"lazos:export-progress:{export_id}"


def queue_list_export(request: HttpRequest, fmt: str, name: str, total: int) -> HttpResponse:
    """Record the export of the list at ``request``'s address and queue its job; answer with
    a redirect to the job's page. Called by ``ObjectListView`` for a large list."""
    lazos_request = cast(LazosRequest, request)  # what settings.MIDDLEWARE leaves
    government = lazos_request.government
    if government is None:  # the list view refused this request already
        raise PermissionDenied
    # As the list view saw it, "export" included (the filters are bound to these values).
    query = request.GET.copy()
    query.pop("page", None)
    export = request_list_export(
        government,
        acting_user=cast(User, request.user),
        path=request.path,
        query=urlencode(list(query.lists()), doseq=True),
        fmt=fmt,
        title=name,
        total=total,
    )
    messages.info(
        request,
        _("The list has %(count)s rows: the file is being written in the background.")
        % {"count": total},
    )
    return HttpResponseRedirect(export.get_absolute_url())


@transaction.atomic
def request_list_export(
    government: Government,
    *,
    acting_user: User,
    path: str,
    query: str,
    fmt: str,
    title: str,
    total: int = 0,
) -> ListExport:
    """Record an export (queued) and queue the job that writes it once the transaction
    commits."""
    export = ListExport(
        government=government,
        requested_by=acting_user,
        path=path,
        query=query,
        fmt=fmt,
        title=title[:200],
        row_count=total,
    )
    with audit.recording(export, actor=acting_user):
        export.full_clean()
        export.save()
    transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def _enqueue(export_id: int) -> None:
    result = produce_list_export.enqueue(export_id)
    ListExport.objects.filter(pk=export_id, task_id="").update(task_id=str(result.id)[:64])


@job
def produce_list_export(export_id: int) -> str:
    """Write a queued list export (the body: :func:`run_list_export`)."""
    return run_list_export(export_id)


def list_queryset(export: ListExport, membership: Membership) -> tuple[Any, list[Any]]:
    """The list as its requester saw it: the same view's filtered queryset, built with their
    membership, and the view's export columns. Refuses when they may no longer see it."""
    match = resolve(export.path)
    view_class = getattr(match.func, "view_class")  # noqa: B009 - set by as_view()
    request = cast(
        LazosRequest, RequestFactory().get(export.path, data=None, QUERY_STRING=export.query)
    )
    request.user = membership.user
    request.government, request.membership = export.government, membership
    request.memberships = [membership]
    view = view_class(**getattr(match.func, "view_initkwargs", {}))
    view.setup(request, *match.args, **match.kwargs)
    view.government, view.membership = export.government, membership
    if not view.policy.allows(membership, view.permission_action):
        raise PermissionDenied
    filterset = view.get_filterset(view.get_filterset_class())
    queryset = filterset.qs if filterset.is_valid() else view.get_queryset().none()
    return queryset[:MAX_ROWS], list(view.export_fields)


def _counting(objects: Iterable[Any], total: int, progress: ProgressReporter) -> Iterator[Any]:
    for done, obj in enumerate(objects, start=1):
        yield obj
        if done % PROGRESS_EVERY == 0:
            progress(done, total)


def _set(export: ListExport, **values: Any) -> None:
    with transaction.atomic(), audit.recording(export, actor=None):
        for name, value in values.items():
            setattr(export, name, value)
        export.save()


def run_list_export(export_id: int) -> str:
    """Write a queued export's file. Returns its final status."""
    export = ListExport.objects.select_related("government", "requested_by").get(pk=export_id)
    if export.status != ReportStatus.QUEUED:
        return str(export.status)
    _set(export, status=ReportStatus.RUNNING, error="")
    progress = ProgressReporter(None, cache_key=progress_cache_key(export.pk))
    try:
        if export.requested_by_id is None:
            raise PermissionDenied
        membership = (
            Membership.objects.for_tenant(export.government)
            .filter(user_id=export.requested_by_id)
            .select_related("user")
            .prefetch_related("departments")
            .first()
        )
        if membership is None:
            raise PermissionDenied
        queryset, fields = list_queryset(export, membership)
        total = queryset.count()
        progress(0, total)
        response = export_response(
            _counting(queryset, total, progress), fields, export.fmt, export.title
        )
        stamp = timezone.localdate().isoformat()
        name = f"{slugify(export.title) or 'export'}-{stamp}.{export.fmt}"
        export.file.save(name, ContentFile(response.content), save=False)
        progress(total, total)
    except Exception as error:
        if not isinstance(error, PermissionDenied):
            logger.exception("Export %s failed", export.pk)
        message = (
            str(_("You may no longer see this list."))
            if isinstance(error, PermissionDenied)
            else f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH]
        )
        export.refresh_from_db()
        _set(export, status=ReportStatus.FAILED, error=message)
    else:
        _set(
            export,
            status=ReportStatus.READY,
            row_count=total,
            generated_at=timezone.now(),
        )
    finally:
        progress.close()
    finished = FINISHED.get(ReportStatus(export.status))
    if finished is not None:
        notify(finished.code, export, actor=None, government=export.government)
    return str(export.status)

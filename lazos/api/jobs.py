"""/api/v1/jobs/: the government's background jobs of every kind (imports, reverts, reports,
exports, bulk changes), as the Jobs page shows them: state, progress, result or error.

The jobs are the core's register (:mod:`lazos.core.jobs`: each app declares its kinds); their
resource lives here because ``core`` builds on no feature app, the API included. Like the
page, a member sees the kinds their role may see (an import's job: whoever may see imports; a
bulk change: only who started it); another government's job is a 404.

A job's ``id`` is its kind and the id of what it works on, e.g. ``report-12`` (the report 12)
or ``spreadsheet-import-7``.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from typing import Any

from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.api.base import TenantGenericViewSet, etag_for
from lazos.api.fields import NamedChoiceField
from lazos.core.job_views import JOB_LIST_LIMIT
from lazos.core.jobs import Job, JobKind, JobState, job_kinds, with_queue_times
from lazos.governments.models import Government, Membership

JOB_ID_PATTERN = r"[a-z][a-z0-9-]*-[0-9]+"


def job_id(job: Job) -> str:
    return f"{job.kind.slug}-{job.pk}"


def resource_url(job: Job) -> str | None:
    """The API address of what the job works on (``/api/v1/reports/12/``), when the API
    serves that kind of object (its route's basename is the model's name)."""
    try:
        return reverse(f"api:{job.obj._meta.model_name}-detail", args=[job.pk])
    except NoReverseMatch:
        return None


def newest_jobs(
    government: Government, membership: Membership, kinds: Iterable[JobKind], *, limit: int
) -> list[Job]:
    """The government's newest ``limit`` jobs of ``kinds`` that the member may see, newest
    first (one query per kind, as on the Jobs page)."""
    streams = []
    for kind in kinds:
        if not kind.visible_to(membership):
            continue
        rows = kind.queryset(government)[:limit]
        streams.append([kind.describe(obj) for obj in rows if kind.allows(membership, obj)])
    merged = heapq.merge(*streams, key=lambda job: (job.created_at, job.pk), reverse=True)
    return with_queue_times([job for _index, job in zip(range(limit), merged, strict=False)])


class JobSerializer(serializers.Serializer):
    """One background job, whatever its kind."""

    id = serializers.SerializerMethodField(
        help_text=_("The job's kind and the id of what it works on, e.g. “report-12”.")
    )
    kind = serializers.CharField(
        source="kind.slug",
        help_text=_(
            "The kind of job: “report”, “list-export”, “spreadsheet-import”, “iati-import”, "
            "“import-revert”, “bulk-change”."
        ),
    )
    kind_label = serializers.CharField(source="kind.label")
    object_id = serializers.IntegerField(
        source="pk", help_text=_("The id of what the job works on (the report, the import…).")
    )
    title = serializers.CharField()
    state = NamedChoiceField(choices=JobState.choices, enum_name="JobStateEnum")
    is_active = serializers.BooleanField(help_text=_("Queued or running: poll it again."))
    status_label = serializers.CharField(
        help_text=_("The status as its own kind names it (e.g. “applied”, “ready”).")
    )
    done = serializers.IntegerField(help_text=_("Items (rows, steps…) done so far."))
    total = serializers.IntegerField(help_text=_("Items to do in all (0 while unknown)."))
    percent = serializers.IntegerField(source="progress.percent")
    elapsed_seconds = serializers.FloatField(source="progress.elapsed", allow_null=True)
    remaining_seconds = serializers.FloatField(
        source="progress.remaining",
        allow_null=True,
        help_text=_("Estimated from the pace so far, while it runs."),
    )
    poll_seconds = serializers.IntegerField(
        source="kind.poll_seconds", help_text=_("How often to poll a running job.")
    )
    started_by = serializers.SerializerMethodField()
    started_by_name = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(source="started", allow_null=True)
    finished_at = serializers.DateTimeField(source="finished", allow_null=True)
    result_label = serializers.CharField(help_text=_("What its result is, once it is done."))
    result_url = serializers.CharField(
        help_text=_("The web page (or file) of its result, once there is one.")
    )
    error = serializers.CharField(help_text=_("Why it failed (empty unless it failed)."))
    resource_url = serializers.SerializerMethodField(
        help_text=_("The API address of what the job works on, when the API serves it.")
    )

    @extend_schema_field(serializers.CharField())
    def get_id(self, job: Job) -> str:
        return job_id(job)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_started_by(self, job: Job) -> int | None:
        return job.started_by.pk if job.started_by is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_started_by_name(self, job: Job) -> str | None:
        return job.started_by.get_username() if job.started_by is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_resource_url(self, job: Job) -> str | None:
        return resource_url(job)


KIND_PARAMETER = OpenApiParameter(
    "kind",
    OpenApiTypes.STR,
    description=_("Only the jobs of this kind (e.g. “report”, “spreadsheet-import”)."),
)


class JobViewSet(TenantGenericViewSet):
    """The government's background jobs (read-only). The list holds the newest jobs of every
    kind the member may see, newest first, like the Jobs page."""

    serializer_class = JobSerializer
    filter_backends: list[Any] = []
    lookup_value_regex = JOB_ID_PATTERN
    lookup_url_kwarg = "job_id"

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # The tenant of TenantGenericViewSet, without its check of a model's policy: jobs
        # have no model of their own, every member may ask, and each kind of job is checked
        # with its own policy (see newest_jobs() and find_job()), as on the Jobs page.
        super(TenantGenericViewSet, self).initial(request, *args, **kwargs)
        self.set_tenant(request)

    def get_queryset(self) -> Any:
        return Government.objects.none()  # jobs are no queryset: see list() and retrieve()

    @extend_schema(
        summary="List the government's jobs",
        description=(
            f"The newest {JOB_LIST_LIMIT} jobs of every kind the member may see (or of one "
            "kind with `?kind=`), newest first, paginated: who started each, its state and "
            "progress, its result or its error."
        ),
        parameters=[KIND_PARAMETER],
    )
    def list(self, request: Request) -> Response:
        kinds = job_kinds()
        wanted = request.query_params.get("kind")
        if wanted:
            kinds = [kind for kind in kinds if kind.slug == wanted]
            if not kinds:
                raise exceptions.ValidationError({"kind": [_("No such kind of job.")]})
        jobs = newest_jobs(self.government, self.membership, kinds, limit=JOB_LIST_LIMIT)
        page = self.paginate_queryset(jobs)
        assert page is not None  # the viewset always paginates
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="Read a job",
        description=(
            "One job: its state (“queued”, “running”, “done”, “failed”), progress (done of "
            "total, elapsed and estimated time left), result or error. Poll it every "
            "`poll_seconds` while `is_active`."
        ),
        parameters=[
            OpenApiParameter(
                "job_id",
                OpenApiTypes.STR,
                location=OpenApiParameter.PATH,
                pattern=f"^{JOB_ID_PATTERN}$",
                description=_("The job's id, e.g. “report-12”."),
            )
        ],
    )
    def retrieve(self, request: Request, job_id: str = "") -> Response:
        job = self.find_job(job_id)
        response = Response(self.get_serializer(job).data)
        response["ETag"] = etag_for(job.obj)
        return response

    def find_job(self, identifier: str) -> Job:
        """The job ``<kind>-<id>`` of the government: 404 when there is none, 403 when the
        member's role may not see it (as the job's page)."""
        slug, _dash, pk = identifier.rpartition("-")
        kind = next((kind for kind in job_kinds() if kind.slug == slug), None)
        if kind is None or not pk.isdigit():
            raise Http404
        obj = kind.queryset(self.government).filter(pk=int(pk)).first()
        if obj is None:
            raise Http404
        if not kind.visible_to(self.membership) or not kind.allows(self.membership, obj):
            raise exceptions.PermissionDenied(_("Your role does not allow this on this object."))
        return with_queue_times([kind.describe(obj)])[0]

"""The government's Jobs page and each job's own page (progress, result or error).

The kinds of job are registered by the apps (:mod:`lazos.core.jobs`); these views know them
only through that register.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views.generic import TemplateView

from lazos.core.jobs import Job, JobKind, recent_jobs, with_queue_times
from lazos.core.permissions import RolePolicy
from lazos.core.views import GovernmentScopedMixin
from lazos.governments.models import Government

# The Jobs page shows this many of the newest jobs of every kind together.
JOB_LIST_LIMIT = 100


class JobListView(GovernmentScopedMixin, TemplateView):
    """Every import, report and export of the government, newest first, with who started it;
    each member sees the kinds their role may see."""

    template_name = "core/jobs/job_list.html"
    model = Government  # no model of its own: the page belongs to the government

    @property
    def policy(self) -> RolePolicy:
        return RolePolicy()  # every member: each kind is filtered by its own policy below

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["jobs"] = recent_jobs(self.government, self.membership, limit=JOB_LIST_LIMIT)
        context["limit"] = JOB_LIST_LIMIT
        return context


class JobDetailView(GovernmentScopedMixin, TemplateView):
    """One job: what it is, who started it, its progress bar (polled while it runs), its
    result or its error. The URL conf makes one subclass per registered kind."""

    template_name = "core/jobs/job_detail.html"
    job_kind: JobKind

    def get_job(self) -> Job:
        obj = self.job_kind.queryset(self.government).filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404
        if not self.job_kind.allows(self.membership, obj):
            raise PermissionDenied
        return with_queue_times([self.job_kind.describe(obj)])[0]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["job"] = self.get_job()
        return context


class JobProgressView(JobDetailView):
    """The progress panel alone, for the page's polling."""

    template_name = "core/jobs/includes/job_progress.html"


def views_for(kind: JobKind) -> tuple[type[JobDetailView], type[JobProgressView]]:
    """The detail and progress views of one kind (their ``model`` is the kind's, for the
    permission policy and the generic isolation walk)."""
    name = "".join(part.capitalize() for part in kind.slug.split("-"))
    attributes = {"model": kind.model, "job_kind": kind}
    detail = type(f"{name}JobView", (JobDetailView,), attributes)
    progress = type(f"{name}JobProgressView", (JobProgressView,), attributes)
    return detail, progress

"""URLs of the Jobs pages: the list, then a page and a progress panel per registered kind."""

from __future__ import annotations

from typing import Any

from django.urls import path

from lazos.core.job_views import JobListView, views_for
from lazos.core.jobs import job_kinds

app_name = "jobs"


def _patterns() -> list[Any]:
    patterns: list[Any] = [path("", JobListView.as_view(), name="job-list")]
    for kind in job_kinds():
        detail, progress = views_for(kind)
        patterns += [
            path(f"{kind.slug}/<int:pk>/", detail.as_view(), name=kind.slug),
            path(
                f"{kind.slug}/<int:pk>/progress/", progress.as_view(), name=f"{kind.slug}-progress"
            ),
        ]
    return patterns


urlpatterns = _patterns()

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models

from lazos.core.querysets import TenantQuerySet
from lazos.reports.choices import ReportStatus

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.reports.models import Report  # noqa: F401


class ReportQuerySet(TenantQuerySet["Report"]):
    def ready(self) -> Self:
        return self.filter(status=ReportStatus.READY)

    def with_related(self) -> Self:
        return self.select_related("requested_by")


ReportManager = models.Manager.from_queryset(ReportQuerySet)

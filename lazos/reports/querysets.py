from __future__ import annotations

from typing import Self

from lazos.core.querysets import TenantQuerySet
from lazos.reports.choices import ReportStatus


class ReportQuerySet(TenantQuerySet):
    def ready(self) -> Self:
        return self.filter(status=ReportStatus.READY)

    def with_related(self) -> Self:
        return self.select_related("requested_by")

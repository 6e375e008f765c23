"""The reports' workflow events (see ``lazos.core.events``): a background job someone asked
for (a report, a large list export) has finished or failed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from lazos.core.events import Delivery, EventKind, register
from lazos.reports.choices import ReportStatus

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.governments.models import Government


def requester(obj: Any, government: Government) -> list[User]:
    """Who asked for the report or the export."""
    return [obj.requested_by] if obj.requested_by_id else []


JOB_FINISHED = register(
    EventKind(
        "reports.job_finished",
        _("A report or export you asked for is ready"),
        requester,
        Delivery.OFF,
    )
)
JOB_FAILED = register(
    EventKind(
        "reports.job_failed",
        _("A report or export you asked for failed"),
        requester,
        Delivery.OFF,
    )
)
FINISHED = {ReportStatus.READY: JOB_FINISHED, ReportStatus.FAILED: JOB_FAILED}

"""The results' workflow events (see ``lazos.core.events``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from lazos.core.events import Delivery, EventKind, office_of, register

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.governments.models import Government
    from lazos.results.models import IndicatorUpdate


def reporter(update: IndicatorUpdate, government: Government) -> list[User]:
    return [update.reported_by] if update.reported_by else []


UPDATE_SUBMITTED = register(
    EventKind(
        "results.update_submitted",
        _("Indicator update submitted for review"),
        office_of,  # who reviews updates
        Delivery.DIGEST,
    )
)
UPDATE_RETURNED = register(
    EventKind(
        "results.update_returned",
        _("Your indicator update was returned"),
        reporter,
        Delivery.IMMEDIATE,
    )
)
UPDATE_APPROVED = register(
    EventKind(
        "results.update_approved",
        _("Your indicator update was approved"),
        reporter,
        Delivery.DIGEST,
    )
)

"""The results' workflow events (see ``lazos.core.events``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from lazos.core.events import Delivery, EventKind, register
from lazos.governments.choices import Role
from lazos.governments.models import Membership

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.results.models import IndicatorUpdate


def reviewers(update: IndicatorUpdate) -> list[User]:
    """Who reviews an update: the government's administrators and coordinators."""
    return [
        membership.user
        for membership in Membership.objects.for_tenant(update.government_id)
        .filter(role__in=[Role.ADMINISTRATOR, Role.COORDINATOR])
        .select_related("user")
    ]


def reporter(update: IndicatorUpdate) -> list[User]:
    return [update.reported_by] if update.reported_by else []


UPDATE_SUBMITTED = register(
    EventKind(
        "results.update_submitted",
        _("Indicator update submitted for review"),
        reviewers,
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

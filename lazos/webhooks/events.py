"""The webhooks' workflow event (see ``lazos.core.events``): a subscription disabled after
too many failed attempts in a row, told to the government's administrators."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from lazos.core.events import Delivery, EventKind, register
from lazos.governments.choices import Role
from lazos.governments.models import Membership

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.governments.models import Government


def administrators_of(obj: Any, government: Government) -> list[User]:
    """Recipients: the government's administrators (the only ones who manage webhooks)."""
    return [
        membership.user
        for membership in Membership.objects.for_tenant(government)
        .filter(role=Role.ADMINISTRATOR)
        .select_related("user")
    ]


SUBSCRIPTION_DISABLED = register(
    EventKind(
        "webhooks.subscription_disabled",
        _("A webhook subscription was disabled after repeated failures"),
        administrators_of,
        Delivery.IMMEDIATE,
    )
)

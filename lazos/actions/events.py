"""The actions' workflow events (see ``lazos.core.events``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from lazos.core.events import Delivery, EventKind, register

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.actions.models import Commitment
    from lazos.governments.models import Government


def responsible(commitment: Commitment, government: Government) -> list[User]:
    return [commitment.responsible_user] if commitment.responsible_user else []


COMMITMENT_ASSIGNED = register(
    EventKind(
        "actions.commitment_assigned",
        _("A commitment was assigned to you"),
        responsible,
        Delivery.IMMEDIATE,
    )
)

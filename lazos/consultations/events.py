"""The consultations' workflow events (see ``lazos.core.events``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lazos.core.events import Delivery, EventKind, office_of, register

# The consultation is the object (its page holds the moderation queue).
CONTRIBUTION_AWAITING = register(
    EventKind(
        "consultations.contribution_awaiting_moderation",
        _("A contribution awaits moderation"),
        office_of,
        Delivery.DIGEST,
    )
)

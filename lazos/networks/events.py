"""The networks' workflow events (see ``lazos.core.events``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lazos.core.events import Delivery, EventKind, office_of, register

# The position is the object (in its author's government); the note names who endorsed it.
ENDORSEMENT_RECEIVED = register(
    EventKind(
        "networks.endorsement_received",
        _("Another government endorsed our position"),
        office_of,
        Delivery.DIGEST,
    )
)

"""The practices library's workflow events (see ``lazos.core.events``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lazos.core.events import Delivery, EventKind, office_of, register
from lazos.practices.choices import TransferKind

# The practice is the object (in its own government); the note names who marked it.
INTEREST_MARKED = register(
    EventKind(
        "practices.interest_marked",
        _("Another government is interested in our practice"),
        office_of,
        Delivery.DIGEST,
    )
)
ADAPTATION_MARKED = register(
    EventKind(
        "practices.adaptation_marked",
        _("Another government adapted our practice"),
        office_of,
        Delivery.DIGEST,
    )
)
MARKED = {TransferKind.INTERESTED: INTEREST_MARKED, TransferKind.ADAPTED: ADAPTATION_MARKED}

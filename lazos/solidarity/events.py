"""The solidarity board's workflow events (see ``lazos.core.events``): they cross governments,
each is notified to every government concerned, and only where the board shows the object."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from lazos.core.events import Delivery, EventKind, office_of, register
from lazos.solidarity.models import Emergency, Need

if TYPE_CHECKING:
    from lazos.governments.models import Government


def emergency_visible(emergency: Emergency, government: Government) -> bool:
    return Emergency.objects.visible_to(government).filter(pk=emergency.pk).exists()


def need_visible(need: Need, government: Government) -> bool:
    return Need.objects.visible_to(government).filter(pk=need.pk).exists()


EMERGENCY_DECLARED = register(
    EventKind(
        "solidarity.emergency_declared",
        _("An emergency was declared by a partner or fellow network member"),
        office_of,
        Delivery.IMMEDIATE,
        visible_in=emergency_visible,
    )
)
# The need is the object (an offer has no page of its own); the note names who offers.
OFFER_MADE = register(
    EventKind(
        "solidarity.offer_made",
        _("Help was offered for one of our needs"),
        office_of,
        Delivery.IMMEDIATE,
    )
)
OFFER_ACCEPTED = register(
    EventKind(
        "solidarity.offer_accepted",
        _("Our offer of help was accepted"),
        office_of,
        Delivery.IMMEDIATE,
        visible_in=need_visible,
    )
)

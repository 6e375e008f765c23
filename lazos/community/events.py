"""The community's workflow events (see ``lazos.core.events``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from lazos.core.events import Delivery, EventKind, register

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.community.models import Question
    from lazos.governments.models import Government


def asker(question: Question, government: Government) -> list[User]:
    return [question.author] if question.author is not None else []


# The community emails the asker itself (community/emails.py) and keeps its own list of
# notifications; this kind puts the answer in the inbox too.
ANSWER_RECEIVED = register(
    EventKind(
        "community.answer_received",
        _("An answer to my question"),
        asker,
        Delivery.OFF,
        emails=False,
    )
)

"""Workflow events that ask something of a person or answer them: the one registry of their
kinds, and :func:`notify`, which the services call when such an event happens.

Each app lists its kinds in its own ``events.py`` (found at start-up by
``autodiscover_modules("events")``), one :func:`register` line per kind: a code, a
translated label, who the recipients are (a function of the event's object) and how they are
told by default (an email at once, the daily digest, or the inbox only). A new workflow adds
a line there and a :func:`notify` call in its service.

:func:`notify` only schedules the event: it is delivered after the transaction commits
(``transaction.on_commit``), so a write that is rolled back tells nobody. Delivery (the inbox
entry, the email, the digest, and the check that each recipient may see the object) is done
by the listeners registered with :func:`listen` — the reminders app's inbox.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from lazos.governments.choices import Role
from lazos.governments.models import Membership

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from lazos.accounts.models import User
    from lazos.governments.models import Government


class Delivery(models.TextChoices):
    """How a person is told of an event, besides the inbox (always)."""

    IMMEDIATE = "immediate", _("By email, at once")
    DIGEST = "digest", _("In the daily email digest")
    OFF = "off", _("In the inbox only")


@dataclass(frozen=True)
class EventKind:
    code: str
    label: _StrPromise | str
    # The people to tell in a government, given the event's object and that government (the
    # actor is never told of their own act; people who may not see the object are left out
    # by the delivery).
    recipients: Callable[[Any, Government], Iterable[User]]
    delivery: str = Delivery.DIGEST
    # Editors and viewers are told only when one of their departments owns the object
    # (``owning_department_ids()``); administrators and coordinators always.
    department_scoped: bool = False
    # May the members of a government see the object? By default only the object's own
    # government's; a kind whose objects cross governments (the solidarity board) says how.
    visible_in: Callable[[Any, Government], bool] | None = None
    # False: the app sends its own email (the community's answers); the kind only adds the
    # inbox entry and is not offered by email in the preferences.
    emails: bool = True

    def is_visible_in(self, obj: Any, government: Government) -> bool:
        if self.visible_in is not None:
            return self.visible_in(obj, government)
        return bool(getattr(obj, "government_id", None) == government.pk)


@dataclass(frozen=True)
class Event:
    kind: EventKind
    obj: Any
    government: Government
    actor: User | None
    note: str = ""
    # Notified inside quietly(): the inbox entries are written, no email is sent at once.
    quiet: bool = False


REGISTRY: dict[str, EventKind] = {}
_LISTENERS: list[Callable[[Event], object]] = []
_QUIET: ContextVar[bool] = ContextVar("lazos_events_quiet", default=False)


@contextmanager
def quietly() -> Iterator[None]:
    """Events notified inside this block reach the inboxes but send no email at once (the
    demo loader, a bulk load: nobody should receive dozens of emails about fictional work)."""
    token = _QUIET.set(True)
    try:
        yield
    finally:
        _QUIET.reset(token)


def register(kind: EventKind) -> EventKind:
    """Add a kind of event to the registry (a code is registered once)."""
    existing = REGISTRY.get(kind.code)
    if existing is not None and existing is not kind:
        raise ValueError(f"The event kind {kind.code!r} is already registered.")
    if kind.delivery not in Delivery.values:
        raise ValueError(f"Unknown delivery {kind.delivery!r} for the event kind {kind.code!r}.")
    REGISTRY[kind.code] = kind
    return kind


def kinds() -> list[EventKind]:
    """Every registered kind, in the order of their labels' codes."""
    return sorted(REGISTRY.values(), key=lambda kind: kind.code)


def kind_for(code: str) -> EventKind | None:
    return REGISTRY.get(code)


def listen(listener: Callable[[Event], object]) -> None:
    """Deliver every event to ``listener`` (once per listener)."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def office_of(obj: Any, government: Government) -> list[User]:
    """Recipients: the government's administrators and coordinators (the international
    office, who follow the whole government's work)."""
    return [
        membership.user
        for membership in Membership.objects.for_tenant(government)
        .filter(role__in=[Role.ADMINISTRATOR, Role.COORDINATOR])
        .select_related("user")
    ]


def notify(
    code: str, obj: Any, *, actor: User | None, government: Government, note: str = ""
) -> None:
    """Tell the people concerned in ``government`` that ``code`` happened to ``obj``, once
    the current transaction commits (at once outside a transaction). An event that concerns
    several governments is notified once per government."""
    kind = REGISTRY.get(code)
    if kind is None:
        raise ValueError(f"Unknown event kind {code!r}: register it in its app's events.py.")
    event = Event(kind, obj, government, actor, note, quiet=_QUIET.get())

    def deliver() -> None:
        for listener in list(_LISTENERS):
            listener(event)

    # robust: a delivery that fails is logged and never fails the write that was committed.
    transaction.on_commit(deliver, robust=True)

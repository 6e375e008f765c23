"""The personal iCalendar feed: one VEVENT per calendar entry, linking back to Lazos."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from lazos.agenda.choices import EntryKind
from lazos.agenda.entries import CalendarEntry

if TYPE_CHECKING:
    from lazos.governments.models import Government

PRODID = "-//Lazos//Calendar feed//EN"


def absolute_url(base_url: str, path: str) -> str:
    return f"{base_url.rstrip('/')}{path}" if path else base_url.rstrip("/") + "/"


def summary(entry: CalendarEntry) -> str:
    if entry.kind == EntryKind.COMMITMENT:
        return _("Due: %(title)s") % {"title": entry.title}
    if entry.kind == EntryKind.AGREEMENT:
        return _("Agreement expires: %(title)s") % {"title": entry.title}
    return entry.title


def build_calendar(government: Government, entries: list[CalendarEntry], *, base_url: str) -> bytes:
    """The feed of ``government`` with ``entries`` as all-day events (call it with the
    reader's language active: summaries and descriptions are translated)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("%(government)s · Lazos") % {"government": government.name})
    stamp = timezone.now()
    for entry in entries:
        url = absolute_url(base_url, entry.url)
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        if entry.updated_at is not None:
            event.add("last-modified", entry.updated_at)
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end + timedelta(days=1))  # all-day: the end is exclusive
        event.add("summary", summary(entry))
        details = " · ".join(part for part in (entry.label, entry.status_label) if part)
        event.add("description", f"{details}\n{url}")
        event.add("url", url)
        if entry.location:
            event.add("location", entry.location)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())

"""Public feeds of a government: iCalendar of events and missions, Atom of what is new."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from lazos.actions.choices import ActionStatus
from lazos.consultations.models import Consultation
from lazos.core.content import localized
from lazos.core.links import absolute_url, site_host
from lazos.governments.models import Government
from lazos.portal import public

FEED_ITEMS = 50


def events_ics(request: HttpRequest, government_slug: str) -> HttpResponse:
    """``/<slug>/events.ics``: public events, missions and delegations, with their dates."""
    government = public.portal_government(government_slug)
    calendar = Calendar()
    calendar.add("prodid", "-//Lazos//Public events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("%(name)s: international events") % {"name": government.name})
    host = site_host()
    for action in public.public_events(government)[:500]:
        event = Event()
        event.add("uid", f"portal-action-{action.pk}@{host}")
        event.add("summary", localized(action, "title").text)
        event.add("dtstart", action.start_date)
        start = action.start_date
        assert start is not None  # public_events() keeps dated actions only
        end = action.end_date or start
        event.add("dtend", end + datetime.timedelta(days=1))
        event.add("dtstamp", action.updated_at)
        summary = localized(action, "public_summary").text
        if summary:
            event.add("description", summary)
        mission = getattr(action, "mission", None)
        location = action.location or (mission.destination_text if mission else "")
        if not location and mission is not None and mission.destination_id:
            location = mission.destination.name
        if location:
            event.add("location", location)
        event.add(
            "url",
            absolute_url(
                reverse(
                    "portal:action", kwargs={"government_slug": government.slug, "id": action.pk}
                )
            ),
        )
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{government.slug}-events.ics"'
    return response


@dataclass(frozen=True)
class FeedItem:
    key: str
    title: str
    description: str
    link: str
    date: datetime.datetime


def _at(day: datetime.date | None, fallback: datetime.datetime) -> datetime.datetime:
    if day is None:
        return fallback
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


class NewsFeed(Feed[FeedItem, Government]):
    """``/<slug>/feed.atom``: new public agreements, completed public actions, consultations
    opened and responded to. (Reports are not in it: they have no public version.)"""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, government_slug: str) -> Government:
        self.request = request
        return public.portal_government(government_slug)

    def title(self, obj: Government) -> str:
        return _("%(name)s: international action") % {"name": obj.name}

    # Every address is absolute already, so Django's feed adds no domain of the request's
    # Host header to it.
    def link(self, obj: Government) -> str:
        return absolute_url(reverse("portal:government", kwargs={"government_slug": obj.slug}))

    def feed_url(self, obj: Government) -> str:
        return absolute_url(reverse("portal:feed-atom", kwargs={"government_slug": obj.slug}))

    def subtitle(self, obj: Government) -> str:
        return _("New agreements, completed actions and consultations.")

    def items(self, obj: Government) -> list[FeedItem]:
        slug = obj.slug
        entries: list[FeedItem] = []
        for agreement in public.public_agreements(obj).order_by("-created_at")[:FEED_ITEMS]:
            entries.append(
                FeedItem(
                    f"agreement-{agreement.pk}",
                    _("Agreement: %(title)s") % {"title": localized(agreement, "title").text},
                    localized(agreement, "public_summary").text,
                    reverse(
                        "portal:agreement", kwargs={"government_slug": slug, "id": agreement.pk}
                    ),
                    _at(agreement.signed_on, agreement.created_at),
                )
            )
        for action in (
            public.public_actions(obj)
            .filter(status=ActionStatus.COMPLETED)
            .order_by("-end_date", "-pk")[:FEED_ITEMS]
        ):
            entries.append(
                FeedItem(
                    f"action-{action.pk}",
                    _("Completed: %(title)s") % {"title": localized(action, "title").text},
                    localized(action, "public_summary").text,
                    reverse("portal:action", kwargs={"government_slug": slug, "id": action.pk}),
                    _at(action.end_date, action.updated_at),
                )
            )
        for consultation in (
            Consultation.objects.for_tenant(obj).public().order_by("-opens_on")[:FEED_ITEMS]
        ):
            link = reverse(
                "public-consultations:detail",
                kwargs={"government_slug": slug, "id": consultation.pk},
            )
            entries.append(
                FeedItem(
                    f"consultation-{consultation.pk}",
                    _("Consultation opened: %(title)s") % {"title": consultation.title},
                    consultation.description,
                    link,
                    _at(consultation.opens_on, consultation.created_at),
                )
            )
            if consultation.response_published_at:
                entries.append(
                    FeedItem(
                        f"consultation-{consultation.pk}-response",
                        _("Our response: %(title)s") % {"title": consultation.title},
                        consultation.response,
                        link + "#response",
                        consultation.response_published_at,
                    )
                )
        entries.sort(key=lambda item: item.date, reverse=True)
        return entries[:FEED_ITEMS]

    def item_title(self, item: FeedItem) -> str:
        return item.title

    def item_description(self, item: FeedItem) -> str:
        return item.description

    def item_link(self, item: FeedItem) -> str:
        return absolute_url(item.link)

    def item_guid(self, item: FeedItem) -> str:
        return absolute_url(item.link.split("#")[0]) + "#" + item.key

    def item_pubdate(self, item: FeedItem) -> datetime.datetime:
        return item.date

    def item_updateddate(self, item: FeedItem) -> datetime.datetime:
        return item.date

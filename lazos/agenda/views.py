"""The calendar: a month grid or list, and the member's personal iCalendar feed."""

from __future__ import annotations

import calendar as pycalendar
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from lazos.actions.models import Action
from lazos.agenda import services
from lazos.agenda.entries import calendar_entries, entries_by_day, first_days
from lazos.agenda.ical import absolute_url, build_calendar
from lazos.agenda.models import CalendarToken
from lazos.core.permissions import Operation
from lazos.core.views import GovernmentScopedMixin
from lazos.governments.models import Membership

# How far back the feed goes (upcoming items have no limit).
FEED_PAST_DAYS = 365


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        number = int(value or "")
    except ValueError:
        return default
    return number if low <= number <= high else default


class MonthView(GovernmentScopedMixin, TemplateView):
    """``/calendar/?year=&month=&view=list``: missions, delegations and events, commitment due
    dates and agreement expiries of a month, as a grid or as a list (one query per kind)."""

    model = Action
    template_name = "agenda/month.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year = _int(self.request.GET.get("year"), today.year, 1900, 2999)
        month = _int(self.request.GET.get("month"), today.month, 1, 12)
        as_list = self.request.GET.get("view") == "list"
        # Django counts weekdays from Sunday (0), the calendar module from Monday (0).
        first_weekday = (int(get_format("FIRST_DAY_OF_WEEK")) - 1) % 7
        weeks = pycalendar.Calendar(first_weekday).monthdatescalendar(year, month)
        month_start = date(year, month, 1)
        month_end = date(year, month, pycalendar.monthrange(year, month)[1])
        first, last = (month_start, month_end) if as_list else (weeks[0][0], weeks[-1][-1])
        entries = calendar_entries(self.government, first, last)
        days = entries_by_day(entries, first, last) if not as_list else {}
        previous_month = month_start - timedelta(days=1)
        next_month = month_end + timedelta(days=1)
        context.update(
            month_start=month_start,
            as_list=as_list,
            today=today,
            weekdays=[
                {
                    "name": WEEKDAYS[(first_weekday + i) % 7],
                    "abbr": WEEKDAYS_ABBR[(first_weekday + i) % 7],
                }
                for i in range(7)
            ],
            weeks=[
                [
                    {
                        "date": day,
                        "in_month": day.month == month,
                        "is_today": day == today,
                        "entries": days.get(day, []),
                    }
                    for day in week
                ]
                for week in weeks
            ],
            # The list names each entry once, on its first day in the month, with its span.
            list_days=[
                {"date": day, "is_today": day == today, "entries": day_entries}
                for day, day_entries in sorted(first_days(entries, month_start).items())
            ]
            if as_list
            else [],
            entry_count=len(entries),
            previous_month=previous_month,
            next_month=next_month,
            is_current_month=(year, month) == (today.year, today.month),
            view_param="list" if as_list else "",
        )
        return context


class FeedView(GovernmentScopedMixin, TemplateView):
    """``/calendar/feed/``: the member's personal feed: create (the address is shown once),
    see when it was created and last used, revoke."""

    model = CalendarToken
    template_name = "agenda/feed.html"

    def get_tokens(self) -> QuerySet[CalendarToken]:
        return CalendarToken.objects.for_tenant(self.government).of_user(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tokens = list(self.get_tokens()[:10])
        context.update(
            active_token=next((t for t in tokens if t.is_active), None),
            past_tokens=[t for t in tokens if not t.is_active],
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.can(Operation.ADD):
            raise PermissionDenied
        _token, raw_token = services.create_calendar_token(
            self.government, acting_user=self.acting_user
        )
        context = self.get_context_data(
            new_feed_url=absolute_url(
                settings.LAZOS_BASE_URL, reverse("agenda:ical", kwargs={"token": raw_token})
            )
        )
        response = self.render_to_response(context)
        response["Cache-Control"] = "no-store"
        return response


class TokenRevokeView(GovernmentScopedMixin, DetailView[CalendarToken]):
    """Confirm, then revoke the member's own active feed."""

    model = CalendarToken
    permission_action = Operation.DELETE
    template_name = "agenda/token_revoke.html"

    def get_queryset(self) -> QuerySet[CalendarToken]:
        return CalendarToken.objects.for_tenant(self.government).of_user(self.request.user).active()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = self.get_object()
        services.revoke_calendar_token(token, acting_user=self.acting_user)
        messages.success(request, _("The calendar feed was revoked: its address no longer works."))
        return HttpResponseRedirect(reverse("agenda:feed"))


class IcalFeedView(View):
    """``/calendar/ical/<secret>.ics``: the personal feed, without signing in.

    A wrong or revoked secret, or a person who is no longer a member, is a 404.
    """

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        found = (
            CalendarToken.objects.by_raw_token(token).select_related("user", "government").first()
        )
        if found is None or not found.user.is_active:
            raise Http404
        if not Membership.objects.for_tenant(found.government).filter(user=found.user).exists():
            raise Http404
        services.record_calendar_token_use(found)
        government = found.government
        first = timezone.localdate() - timedelta(days=FEED_PAST_DAYS)
        language = (
            found.user.preferred_language
            or next(iter(government.official_languages or []), "")
            or settings.LANGUAGE_CODE
        )
        with translation.override(language):
            entries = calendar_entries(government, first)
            body = build_calendar(government, entries, base_url=settings.LAZOS_BASE_URL)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="lazos.ics"'
        response["Cache-Control"] = "private, no-cache"
        response["X-Robots-Tag"] = "noindex"
        return response

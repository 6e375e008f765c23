"""The personal inbox of reminders and the page where a member chooses them."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from lazos.core.permissions import Operation
from lazos.core.views import GovernmentScopedMixin, ServiceFormView
from lazos.reminders import services
from lazos.reminders.badge import count_for, forget_reminder_count
from lazos.reminders.choices import ReminderScope
from lazos.reminders.collect import collect
from lazos.reminders.forms import ReminderPreferenceForm
from lazos.reminders.models import Notification, ReminderPreference


class InboxView(GovernmentScopedMixin, TemplateView):
    """The member's reminders in the current government, grouped by kind.

    ``?scope=all`` or ``?scope=mine`` overrides the preferred scope for this visit.
    """

    model = ReminderPreference
    template_name = "reminders/inbox.html"
    notifications_shown = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        preference = services.preference_for(self.membership)
        scope = self.request.GET.get("scope")
        if scope not in ReminderScope.values:
            scope = preference.scope
        reminders = collect(self.membership, kinds=preference.kinds, scope=scope)
        mine = Notification.objects.for_member(self.membership)
        notifications = list(
            mine.select_related("actor").order_by("-created_at", "-pk")[: self.notifications_shown]
        )
        context.update(
            notifications=notifications,
            unread=mine.unread().count(),
            reminders=reminders,
            preference=preference,
            scope=scope,
            scopes=ReminderScope.choices,
        )
        return context


class ReminderPreferencesView(ServiceFormView):
    """Tick the kinds of reminder, whose work, and the daily digest."""

    model = ReminderPreference
    permission_action = Operation.CHANGE
    form_class = ReminderPreferenceForm
    template_name = "reminders/preferences.html"
    success_message = _("Your reminder preferences were saved.")
    service = staticmethod(services.set_reminder_preferences)

    def get_initial(self) -> dict[str, Any]:
        preference = services.preference_for(self.membership)
        return {
            "kinds": preference.kinds,
            "scope": preference.scope,
            "email_digest": preference.email_digest,
            "notification_email": {
                kind.code: preference.delivery_of(kind.code)
                for kind in ReminderPreferenceForm.email_kinds()
            },
        }

    def get_service_values(self, form: Any) -> dict[str, Any]:
        # People set their own preferences: the person whose they are is the one acting.
        return {**super().get_service_values(form), "user": self.acting_user}

    # More than a forward: the header badge's count is recounted after the save.
    def perform(self, form: ReminderPreferenceForm) -> ReminderPreference:
        preference = cast(ReminderPreference, super().perform(form))
        forget_reminder_count(self.acting_user.pk, self.government.pk)
        return preference

    def get_success_url(self) -> str:
        return reverse("reminders:inbox")


class BadgeView(GovernmentScopedMixin, TemplateView):
    """The header badge, fetched by htmx after the page has loaded, so that no page pays for
    counting reminders (and list pages keep a fixed number of queries)."""

    model = ReminderPreference
    template_name = "reminders/includes/badge.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["count"] = count_for(self.membership)
        return context


class MarkReadView(GovernmentScopedMixin, View):
    """POST: mark one of my notifications as read (and go to its object with ``open``), or
    all of them (without a ``pk``)."""

    model = Notification
    permission_action = Operation.CHANGE

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        if pk is not None:
            get_object_or_404(Notification.objects.for_member(self.membership), pk=pk)
        return HttpResponseNotAllowed(["POST"])

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        target = reverse("reminders:inbox")
        if pk is not None:
            # Another person's or another government's notification is "not found".
            notification = get_object_or_404(
                Notification.objects.for_member(self.membership), pk=pk
            )
            if request.POST.get("open") and url_has_allowed_host_and_scheme(
                notification.url, allowed_hosts={request.get_host()}
            ):
                target = notification.get_absolute_url()
        services.mark_notifications_read(self.government, acting_user=self.acting_user, pk=pk)
        return HttpResponseRedirect(target)

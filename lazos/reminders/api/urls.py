"""The routes of the reminders' API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.reminders.api.views import (
    NotificationViewSet,
    ReminderPreferenceViewSet,
    ReminderViewSet,
)

routes = [
    Route("reminders", ReminderViewSet, "reminder"),
    Route("notifications", NotificationViewSet, "notification"),
    Route("reminder-preferences", ReminderPreferenceViewSet, "reminder-preference"),
]

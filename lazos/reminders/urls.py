from django.urls import path

from lazos.reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("badge/", views.BadgeView.as_view(), name="badge"),
    path("notifications/read/", views.MarkReadView.as_view(), name="notifications-read-all"),
    path("notifications/<int:pk>/read/", views.MarkReadView.as_view(), name="notification-read"),
    path("preferences/", views.ReminderPreferencesView.as_view(), name="preferences"),
]

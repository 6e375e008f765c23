from django.urls import path

from lazos.reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("preferences/", views.ReminderPreferencesView.as_view(), name="preferences"),
]

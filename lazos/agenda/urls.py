from django.urls import path, re_path

from lazos.agenda import views

app_name = "agenda"

urlpatterns = [
    path("", views.MonthView.as_view(), name="month"),
    path("feed/", views.FeedView.as_view(), name="feed"),
    path("feed/<int:pk>/revoke/", views.TokenRevokeView.as_view(), name="token-revoke"),
    re_path(
        r"^ical/(?P<token>[A-Za-z0-9_-]{16,128})\.ics$",
        views.IcalFeedView.as_view(),
        name="ical",
    ),
]

"""The public IATI file, under /<government-slug>/open-data/ (before the open-data app's own)."""

from django.urls import path

from lazos.iati import views

app_name = "public-iati"

urlpatterns = [
    path("iati-activities.xml", views.IatiActivitiesView.as_view(), name="activities"),
    path(
        "iati-documents/<int:attachment_id>/", views.PublicDocumentView.as_view(), name="document"
    ),
]

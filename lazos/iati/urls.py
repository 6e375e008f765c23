"""IATI import screens for signed-in staff, under /iati/."""

from django.urls import path

from lazos.iati import checklist_views, revert_views, views

app_name = "iati"

urlpatterns = [
    path("", views.IatiImportListView.as_view(), name="import-list"),
    path("import/", views.IatiImportStartView.as_view(), name="import-start"),
    path("imports/<int:pk>/", views.IatiImportDetailView.as_view(), name="import-detail"),
    path("imports/<int:pk>/apply/", views.IatiImportApplyView.as_view(), name="import-apply"),
    path(
        "imports/<int:pk>/progress/",
        views.IatiImportProgressView.as_view(),
        name="import-progress",
    ),
    path(
        "imports/<int:pk>/revert/",
        revert_views.IatiImportRevertView.as_view(),
        name="import-revert",
    ),
    path(
        "checklist/", checklist_views.PublisherChecklistView.as_view(), name="publisher-checklist"
    ),
]

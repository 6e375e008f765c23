from django.urls import path

from lazos.spreadsheets import revert_views, views

app_name = "spreadsheets"

urlpatterns = [
    path("imports/", views.ImportListView.as_view(), name="import-list"),
    path("import/", views.ImportStartView.as_view(), name="import-start"),
    path("import/template/", views.ImportTemplateView.as_view(), name="import-template"),
    path("import/<int:pk>/", views.ImportDetailView.as_view(), name="import-detail"),
    path("import/<int:pk>/apply/", views.ImportApplyView.as_view(), name="import-apply"),
    path("import/<int:pk>/progress/", views.ImportProgressView.as_view(), name="import-progress"),
    path(
        "import/<int:pk>/revert/",
        revert_views.ImportRunRevertView.as_view(),
        name="import-revert",
    ),
]

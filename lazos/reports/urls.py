from django.urls import path

from lazos.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="report-list"),
    path("new/<str:kind>/", views.ReportRequestView.as_view(), name="report-request"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("<int:pk>/status/", views.ReportStatusView.as_view(), name="report-status"),
    path("<int:pk>/history/", views.ReportHistoryView.as_view(), name="report-history"),
    path("<int:pk>/pdf/", views.ReportDownloadView.as_view(fmt="pdf"), name="report-pdf"),
    path("<int:pk>/html/", views.ReportDownloadView.as_view(fmt="html"), name="report-html"),
    path("exports/<int:pk>/file/", views.ListExportDownloadView.as_view(), name="export-file"),
]

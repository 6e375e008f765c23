from django.urls import path

from lazos.results import views

app_name = "results"

urlpatterns = [
    path("", views.IndicatorListView.as_view(), name="indicator-list"),
    path("new/", views.IndicatorCreateView.as_view(), name="indicator-create"),
    path("review/", views.ReviewQueueView.as_view(), name="review-queue"),
    path("<int:pk>/", views.IndicatorDetailView.as_view(), name="indicator-detail"),
    path("<int:pk>/edit/", views.IndicatorUpdateView.as_view(), name="indicator-edit"),
    path("<int:pk>/delete/", views.IndicatorDeleteView.as_view(), name="indicator-delete"),
    path("<int:pk>/history/", views.IndicatorHistoryView.as_view(), name="indicator-history"),
    path("<int:pk>/periods/add/", views.PeriodCreateView.as_view(), name="period-create"),
    path("periods/<int:pk>/edit/", views.PeriodUpdateView.as_view(), name="period-edit"),
    path("periods/<int:pk>/delete/", views.PeriodDeleteView.as_view(), name="period-delete"),
    path("periods/<int:pk>/revise/", views.TargetReviseView.as_view(), name="target-revise"),
    path("periods/<int:pk>/updates/new/", views.UpdateCreateView.as_view(), name="update-create"),
    path("updates/<int:pk>/", views.UpdateDetailView.as_view(), name="update-detail"),
    path("updates/<int:pk>/edit/", views.UpdateEditView.as_view(), name="update-edit"),
    path("updates/<int:pk>/submit/", views.UpdateSubmitView.as_view(), name="update-submit"),
    path("updates/<int:pk>/review/", views.UpdateReviewView.as_view(), name="update-review"),
    path("updates/<int:pk>/delete/", views.UpdateDeleteView.as_view(), name="update-delete"),
    path("updates/<int:pk>/history/", views.UpdateHistoryView.as_view(), name="update-history"),
    path("updates/<int:pk>/evidence/", views.UpdateEvidenceView.as_view(), name="update-evidence"),
]

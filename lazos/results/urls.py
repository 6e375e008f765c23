from django.urls import path

from lazos.core.routing import object_urlpatterns
from lazos.results import views

app_name = "results"

urlpatterns = [
    *object_urlpatterns(
        "indicator",
        list=views.IndicatorListView,
        create=views.IndicatorCreateView,
        detail=views.IndicatorDetailView,
        edit=views.IndicatorUpdateView,
        delete=views.IndicatorDeleteView,
        history=views.IndicatorHistoryView,
    ),
    path("review/", views.ReviewQueueView.as_view(), name="review-queue"),
    path("<int:pk>/periods/add/", views.PeriodCreateView.as_view(), name="period-create"),
    path("periods/<int:pk>/edit/", views.PeriodUpdateView.as_view(), name="period-edit"),
    path("periods/<int:pk>/delete/", views.PeriodDeleteView.as_view(), name="period-delete"),
    path("periods/<int:pk>/revise/", views.TargetReviseView.as_view(), name="target-revise"),
    path("periods/<int:pk>/updates/new/", views.UpdateCreateView.as_view(), name="update-create"),
    *object_urlpatterns(
        "update",
        prefix="updates/",
        detail=views.UpdateDetailView,
        edit=views.UpdateEditView,
        delete=views.UpdateDeleteView,
        history=views.UpdateHistoryView,
    ),
    path("updates/<int:pk>/submit/", views.UpdateSubmitView.as_view(), name="update-submit"),
    path("updates/<int:pk>/review/", views.UpdateReviewView.as_view(), name="update-review"),
    path("updates/<int:pk>/evidence/", views.UpdateEvidenceView.as_view(), name="update-evidence"),
]

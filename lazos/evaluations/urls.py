from django.urls import path

from lazos.evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("", views.EvaluationListView.as_view(), name="evaluation-list"),
    path("new/", views.EvaluationCreateView.as_view(), name="evaluation-create"),
    path("<int:pk>/", views.EvaluationDetailView.as_view(), name="evaluation-detail"),
    path("<int:pk>/edit/", views.EvaluationUpdateView.as_view(), name="evaluation-edit"),
    path("<int:pk>/delete/", views.EvaluationDeleteView.as_view(), name="evaluation-delete"),
    path("<int:pk>/history/", views.EvaluationHistoryView.as_view(), name="evaluation-history"),
    path("<int:pk>/criteria/", views.EvaluationCriteriaView.as_view(), name="evaluation-criteria"),
    path(
        "<int:pk>/recommendations/add/",
        views.RecommendationCreateView.as_view(),
        name="recommendation-create",
    ),
    path("recommendations/", views.RecommendationListView.as_view(), name="recommendation-list"),
    path(
        "recommendations/<int:pk>/edit/",
        views.RecommendationUpdateView.as_view(),
        name="recommendation-edit",
    ),
    path(
        "recommendations/<int:pk>/respond/",
        views.RecommendationRespondView.as_view(),
        name="recommendation-respond",
    ),
    path(
        "recommendations/<int:pk>/follow-up/",
        views.RecommendationFollowUpView.as_view(),
        name="recommendation-follow-up",
    ),
    path(
        "recommendations/<int:pk>/delete/",
        views.RecommendationDeleteView.as_view(),
        name="recommendation-delete",
    ),
    path(
        "recommendations/<int:pk>/history/",
        views.RecommendationHistoryView.as_view(),
        name="recommendation-history",
    ),
]

from django.urls import path

from lazos.core.routing import object_urlpatterns
from lazos.evaluations import views

app_name = "evaluations"

urlpatterns = [
    *object_urlpatterns(
        "evaluation",
        list=views.EvaluationListView,
        create=views.EvaluationCreateView,
        detail=views.EvaluationDetailView,
        edit=views.EvaluationUpdateView,
        delete=views.EvaluationDeleteView,
        history=views.EvaluationHistoryView,
    ),
    path("<int:pk>/criteria/", views.EvaluationCriteriaView.as_view(), name="evaluation-criteria"),
    path(
        "<int:pk>/recommendations/add/",
        views.RecommendationCreateView.as_view(),
        name="recommendation-create",
    ),
    *object_urlpatterns(
        "recommendation",
        prefix="recommendations/",
        list=views.RecommendationListView,
        edit=views.RecommendationUpdateView,
        delete=views.RecommendationDeleteView,
        history=views.RecommendationHistoryView,
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
]

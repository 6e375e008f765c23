from django.urls import path

from lazos.community import views
from lazos.core.routing import object_urlpatterns

app_name = "community"

urlpatterns = [
    path("", views.QuestionListView.as_view(), name="question-list"),
    path("ask/", views.QuestionCreateView.as_view(), name="question-create"),
    *object_urlpatterns(
        "question",
        prefix="questions/",
        detail=views.QuestionDetailView,
        edit=views.QuestionUpdateView,
    ),
    path(
        "questions/<int:pk>/hide/",
        views.QuestionActionView.as_view(operation="hide"),
        name="question-hide",
    ),
    path(
        "questions/<int:pk>/restore/",
        views.QuestionActionView.as_view(operation="restore"),
        name="question-restore",
    ),
    path(
        "questions/<int:pk>/close/",
        views.QuestionActionView.as_view(operation="close"),
        name="question-close",
    ),
    path(
        "questions/<int:pk>/reopen/",
        views.QuestionActionView.as_view(operation="reopen"),
        name="question-reopen",
    ),
    path("answers/<int:pk>/edit/", views.AnswerUpdateView.as_view(), name="answer-edit"),
    path(
        "answers/<int:pk>/helpful/",
        views.AnswerActionView.as_view(operation="helpful"),
        name="answer-helpful",
    ),
    path(
        "answers/<int:pk>/not-helpful/",
        views.AnswerActionView.as_view(operation="unhelpful"),
        name="answer-unhelpful",
    ),
    path(
        "answers/<int:pk>/hide/",
        views.AnswerActionView.as_view(operation="hide"),
        name="answer-hide",
    ),
    path(
        "answers/<int:pk>/restore/",
        views.AnswerActionView.as_view(operation="restore"),
        name="answer-restore",
    ),
    path("experts/", views.ExpertListView.as_view(), name="expert-list"),
    path("experts/<int:pk>/", views.ExpertDetailView.as_view(), name="expert-detail"),
    path("profile/", views.MyProfileView.as_view(), name="profile"),
    path("notifications/", views.NotificationListView.as_view(), name="notification-list"),
    path(
        "notifications/read/",
        views.NotificationReadAllView.as_view(),
        name="notification-read-all",
    ),
    path(
        "notifications/<int:pk>/read/",
        views.NotificationReadView.as_view(),
        name="notification-read",
    ),
    path("notifications/badge/", views.NotificationBadgeView.as_view(), name="notification-badge"),
    path("moderation/", views.ModerationQueueView.as_view(), name="moderation"),
]

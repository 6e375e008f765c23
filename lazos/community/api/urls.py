"""The routes of the community's API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.community.api.views import (
    AnswerViewSet,
    CommunityNotificationViewSet,
    ExpertProfileViewSet,
    QuestionViewSet,
)

routes = [
    Route("questions", QuestionViewSet, "question"),
    Route("answers", AnswerViewSet, "answer"),
    Route("expert-profiles", ExpertProfileViewSet, "expert-profile"),
    Route("community-notifications", CommunityNotificationViewSet, "community-notification"),
]

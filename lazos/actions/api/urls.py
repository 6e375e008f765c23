"""The routes of the actions' API (collected by ``lazos/api/routers.py``)."""

from lazos.actions.api.views import (
    ActionViewSet,
    BudgetLineViewSet,
    CommitmentViewSet,
    MissionViewSet,
    ParticipationViewSet,
    TravellerViewSet,
)
from lazos.api.base import Route

routes = [
    Route("actions", ActionViewSet, "action"),
    Route("budget-lines", BudgetLineViewSet, "budget-line"),
    Route("participations", ParticipationViewSet, "participation"),
    Route("missions", MissionViewSet, "mission"),
    Route("travellers", TravellerViewSet, "traveller"),
    Route("commitments", CommitmentViewSet, "commitment"),
]

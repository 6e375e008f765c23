from django.urls import path

from lazos.actions import bulk, views
from lazos.core.bulk_views import bulk_urlpatterns
from lazos.core.routing import object_urlpatterns

app_name = "actions"

urlpatterns = [
    # Actions
    *object_urlpatterns(
        "action",
        prefix="actions/",
        list=views.ActionListView,
        create=views.ActionCreateView,
        detail=views.ActionDetailView,
        edit=views.ActionUpdateView,
        delete=views.ActionDeleteView,
        history=views.ActionHistoryView,
    ),
    *bulk_urlpatterns(bulk.ACTIONS, prefix="actions/"),
    path("actions/coordination/", views.CoordinationView.as_view(), name="coordination"),
    path("actions/search/", views.ActionSearchView.as_view(), name="action-search"),
    path(
        "actions/<int:pk>/translations/",
        views.ActionTranslationsView.as_view(),
        name="action-translations",
    ),
    # Budget lines
    path(
        "actions/<int:pk>/budget/add/",
        views.BudgetLineCreateView.as_view(),
        name="budget-line-add",
    ),
    path(
        "actions/budget-lines/<int:pk>/edit/",
        views.BudgetLineUpdateView.as_view(),
        name="budget-line-edit",
    ),
    path(
        "actions/budget-lines/<int:pk>/delete/",
        views.BudgetLineDeleteView.as_view(),
        name="budget-line-delete",
    ),
    # Local actors
    path(
        "actions/<int:pk>/local-actors/add/",
        views.ParticipationCreateView.as_view(),
        name="participation-add",
    ),
    path(
        "actions/participations/<int:pk>/remove/",
        views.ParticipationRemoveView.as_view(),
        name="participation-remove",
    ),
    # Missions and delegations
    path("actions/<int:pk>/mission/", views.MissionEditView.as_view(), name="mission-edit"),
    path(
        "actions/<int:pk>/travellers/add/",
        views.TravellerCreateView.as_view(),
        name="traveller-add",
    ),
    path(
        "actions/travellers/<int:pk>/delete/",
        views.TravellerDeleteView.as_view(),
        name="traveller-delete",
    ),
    # Commitments
    *object_urlpatterns(
        "commitment",
        prefix="commitments/",
        list=views.CommitmentListView,
        create=views.CommitmentCreateView,
        detail=views.CommitmentDetailView,
        edit=views.CommitmentUpdateView,
        delete=views.CommitmentDeleteView,
        history=views.CommitmentHistoryView,
    ),
    *bulk_urlpatterns(bulk.COMMITMENTS, prefix="commitments/"),
    path("commitments/overdue/", views.CommitmentOverdueView.as_view(), name="commitment-overdue"),
    path(
        "commitments/<int:pk>/complete/",
        views.CommitmentCompleteView.as_view(),
        name="commitment-complete",
    ),
]

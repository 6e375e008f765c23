from django.urls import path

from lazos.actions import views
from lazos.portal.translations import ActionTranslationsView

app_name = "actions"

urlpatterns = [
    # Actions
    path("actions/", views.ActionListView.as_view(), name="action-list"),
    path("actions/new/", views.ActionCreateView.as_view(), name="action-create"),
    path("actions/coordination/", views.CoordinationView.as_view(), name="coordination"),
    path("actions/search/", views.ActionSearchView.as_view(), name="action-search"),
    path("actions/<int:pk>/", views.ActionDetailView.as_view(), name="action-detail"),
    path("actions/<int:pk>/edit/", views.ActionUpdateView.as_view(), name="action-edit"),
    path("actions/<int:pk>/delete/", views.ActionDeleteView.as_view(), name="action-delete"),
    path("actions/<int:pk>/history/", views.ActionHistoryView.as_view(), name="action-history"),
    path(
        "actions/<int:pk>/translations/",
        ActionTranslationsView.as_view(),
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
    path("commitments/", views.CommitmentListView.as_view(), name="commitment-list"),
    path("commitments/overdue/", views.CommitmentOverdueView.as_view(), name="commitment-overdue"),
    path("commitments/new/", views.CommitmentCreateView.as_view(), name="commitment-create"),
    path("commitments/<int:pk>/", views.CommitmentDetailView.as_view(), name="commitment-detail"),
    path(
        "commitments/<int:pk>/edit/", views.CommitmentUpdateView.as_view(), name="commitment-edit"
    ),
    path(
        "commitments/<int:pk>/delete/",
        views.CommitmentDeleteView.as_view(),
        name="commitment-delete",
    ),
    path(
        "commitments/<int:pk>/history/",
        views.CommitmentHistoryView.as_view(),
        name="commitment-history",
    ),
    path(
        "commitments/<int:pk>/complete/",
        views.CommitmentCompleteView.as_view(),
        name="commitment-complete",
    ),
]

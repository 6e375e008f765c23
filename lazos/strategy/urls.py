from django.urls import path

from lazos.strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.StrategyListView.as_view(), name="strategy-list"),
    path("new/", views.StrategyCreateView.as_view(), name="strategy-create"),
    path("alignment/", views.AlignmentView.as_view(), name="alignment"),
    path("<int:pk>/", views.StrategyDetailView.as_view(), name="strategy-detail"),
    path("<int:pk>/edit/", views.StrategyUpdateView.as_view(), name="strategy-edit"),
    path("<int:pk>/approve/", views.StrategyApproveView.as_view(), name="strategy-approve"),
    path(
        "<int:pk>/new-version/",
        views.StrategyNewVersionView.as_view(),
        name="strategy-new-version",
    ),
    path("<int:pk>/history/", views.StrategyHistoryView.as_view(), name="strategy-history"),
    path("<int:pk>/alignment/", views.AlignmentView.as_view(), name="strategy-alignment"),
    path("<int:pk>/objectives/new/", views.ObjectiveCreateView.as_view(), name="objective-create"),
    path("objectives/<int:pk>/", views.ObjectiveDetailView.as_view(), name="objective-detail"),
    path("objectives/<int:pk>/edit/", views.ObjectiveUpdateView.as_view(), name="objective-edit"),
    path("objectives/<int:pk>/links/", views.ObjectiveLinksView.as_view(), name="objective-links"),
    path(
        "objectives/<int:pk>/delete/",
        views.ObjectiveDeleteView.as_view(),
        name="objective-delete",
    ),
    path(
        "objectives/<int:pk>/history/",
        views.ObjectiveHistoryView.as_view(),
        name="objective-history",
    ),
]

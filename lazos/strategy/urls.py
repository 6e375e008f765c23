from django.urls import path

from lazos.core.routing import object_urlpatterns
from lazos.strategy import views

app_name = "strategy"

urlpatterns = [
    *object_urlpatterns(
        "strategy",
        list=views.StrategyListView,
        create=views.StrategyCreateView,
        detail=views.StrategyDetailView,
        edit=views.StrategyUpdateView,
        history=views.StrategyHistoryView,
    ),
    path("alignment/", views.AlignmentView.as_view(), name="alignment"),
    path("<int:pk>/approve/", views.StrategyApproveView.as_view(), name="strategy-approve"),
    path(
        "<int:pk>/new-version/",
        views.StrategyNewVersionView.as_view(),
        name="strategy-new-version",
    ),
    path("<int:pk>/alignment/", views.AlignmentView.as_view(), name="strategy-alignment"),
    path("<int:pk>/objectives/new/", views.ObjectiveCreateView.as_view(), name="objective-create"),
    *object_urlpatterns(
        "objective",
        prefix="objectives/",
        detail=views.ObjectiveDetailView,
        edit=views.ObjectiveUpdateView,
        delete=views.ObjectiveDeleteView,
        history=views.ObjectiveHistoryView,
    ),
    path("objectives/<int:pk>/links/", views.ObjectiveLinksView.as_view(), name="objective-links"),
]

from django.urls import path

from lazos.core.routing import object_urlpatterns
from lazos.practices import views

app_name = "practices"

urlpatterns = [
    # The government's own practices (office).
    *object_urlpatterns(
        "practice",
        list=views.PracticeListView,
        create=views.PracticeCreateView,
        detail=views.PracticeDetailView,
        edit=views.PracticeUpdateView,
        delete=views.PracticeDeleteView,
        history=views.PracticeHistoryView,
    ),
    path(
        "<int:pk>/publish/",
        views.PracticeStatusView.as_view(operation="publish"),
        name="practice-publish",
    ),
    path(
        "<int:pk>/unpublish/",
        views.PracticeStatusView.as_view(operation="unpublish"),
        name="practice-unpublish",
    ),
    # What we learned from others: our marks on other governments' practices.
    path("transfers/", views.TransferListView.as_view(), name="transfer-list"),
    path("transfers/<int:pk>/remove/", views.TransferRemoveView.as_view(), name="transfer-remove"),
    # The library: published practices of every government.
    path("library/", views.LibraryView.as_view(), name="library"),
    path("library/<int:pk>/", views.LibraryDetailView.as_view(), name="library-detail"),
    path("library/<int:pk>/mark/", views.LibraryMarkView.as_view(), name="library-mark"),
    path("library/<int:pk>/unmark/", views.LibraryUnmarkView.as_view(), name="library-unmark"),
]

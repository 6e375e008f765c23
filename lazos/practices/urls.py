from django.urls import path

from lazos.practices import views

app_name = "practices"

urlpatterns = [
    # The government's own practices (office).
    path("", views.PracticeListView.as_view(), name="practice-list"),
    path("new/", views.PracticeCreateView.as_view(), name="practice-create"),
    path("<int:pk>/", views.PracticeDetailView.as_view(), name="practice-detail"),
    path("<int:pk>/edit/", views.PracticeUpdateView.as_view(), name="practice-edit"),
    path("<int:pk>/history/", views.PracticeHistoryView.as_view(), name="practice-history"),
    path("<int:pk>/delete/", views.PracticeDeleteView.as_view(), name="practice-delete"),
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

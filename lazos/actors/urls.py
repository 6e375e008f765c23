from django.urls import path

from lazos.actors import views

app_name = "actors"

urlpatterns = [
    path("", views.LocalActorListView.as_view(), name="actor-list"),
    path("new/", views.LocalActorCreateView.as_view(), name="actor-create"),
    path("<int:pk>/", views.LocalActorDetailView.as_view(), name="actor-detail"),
    path("<int:pk>/edit/", views.LocalActorUpdateView.as_view(), name="actor-edit"),
    path("<int:pk>/delete/", views.LocalActorDeleteView.as_view(), name="actor-delete"),
    path("<int:pk>/history/", views.LocalActorHistoryView.as_view(), name="actor-history"),
]

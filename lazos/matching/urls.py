from django.urls import path

from lazos.matching import views

app_name = "matching"

urlpatterns = [
    path("", views.PeerSuggestionsView.as_view(), name="suggestions"),
    path("action/<int:pk>/", views.ActionPeersView.as_view(), name="action"),
    path("challenge/", views.ChallengePeersView.as_view(), name="challenge"),
]

from django.urls import path

from lazos.consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.ConsultationListView.as_view(), name="consultation-list"),
    path("new/", views.ConsultationCreateView.as_view(), name="consultation-create"),
    path("<int:pk>/", views.ConsultationDetailView.as_view(), name="consultation-detail"),
    path("<int:pk>/edit/", views.ConsultationUpdateView.as_view(), name="consultation-edit"),
    path("<int:pk>/history/", views.ConsultationHistoryView.as_view(), name="consultation-history"),
    path("<int:pk>/response/", views.ResponseView.as_view(), name="consultation-response"),
    path(
        "<int:pk>/open/",
        views.ConsultationActionView.as_view(),
        {"operation": "open"},
        name="consultation-open",
    ),
    path(
        "<int:pk>/close/",
        views.ConsultationActionView.as_view(),
        {"operation": "close"},
        name="consultation-close",
    ),
    path(
        "contributions/<int:pk>/moderate/",
        views.ModerateView.as_view(),
        name="contribution-moderate",
    ),
]

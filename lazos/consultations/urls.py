from django.urls import path

from lazos.consultations import views
from lazos.core.routing import object_urlpatterns

app_name = "consultations"

urlpatterns = [
    *object_urlpatterns(
        "consultation",
        list=views.ConsultationListView,
        create=views.ConsultationCreateView,
        detail=views.ConsultationDetailView,
        edit=views.ConsultationUpdateView,
        history=views.ConsultationHistoryView,
    ),
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

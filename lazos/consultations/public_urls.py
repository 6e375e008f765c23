"""Public consultation pages, under /<government-slug>/consultations/ (included by the portal)."""

from django.urls import path

from lazos.consultations import public_views
from lazos.portal.cache import cached_page

app_name = "public-consultations"

urlpatterns = [
    path("", cached_page(public_views.PublicConsultationListView.as_view()), name="list"),
    # Not cached: the page carries a form with a CSRF token and messages.
    path("<int:id>/", public_views.PublicConsultationDetailView.as_view(), name="detail"),
    path("verify/<str:token>/", public_views.VerifyContributionView.as_view(), name="verify"),
    path(
        "invited/<str:token>/",
        public_views.InvitedContributionView.as_view(),
        name="invited",
    ),
]

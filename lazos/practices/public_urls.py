"""Good practices on a government's public site, under /<government-slug>/practices/."""

from django.urls import path

from lazos.portal.cache import cached_page
from lazos.practices import public_views

app_name = "public-practices"

urlpatterns = [
    path("", cached_page(public_views.PublicPracticeListView.as_view()), name="list"),
    path("<int:id>/", cached_page(public_views.PublicPracticeDetailView.as_view()), name="detail"),
]

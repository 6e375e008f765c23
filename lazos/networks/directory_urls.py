"""The network directory, public: ``/directory/…`` (see ``directory_views.py``)."""

from django.urls import path

from lazos.networks import directory_views as views
from lazos.portal.cache import cached_page

app_name = "directory"

urlpatterns = [
    path("", cached_page(views.DirectoryView.as_view()), name="index"),
    path("positions/<int:id>/", cached_page(views.PositionView.as_view()), name="position"),
    path(
        "positions/<int:id>/endorse/", views.PositionEndorseView.as_view(), name="position-endorse"
    ),
    path(
        "positions/<int:id>/withdraw/",
        views.PositionWithdrawView.as_view(),
        name="position-withdraw",
    ),
    path(
        "positions/<int:id>/documents/<int:document>/",
        views.PositionDocumentView.as_view(),
        name="position-document",
    ),
    path("<slug:key>/", cached_page(views.DirectoryNetworkView.as_view()), name="network"),
]

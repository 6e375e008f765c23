from django.urls import path

from lazos.networks import views

app_name = "networks"

urlpatterns = [
    path("", views.NetworkListView.as_view(), name="network-list"),
    path("new/", views.NetworkCreateView.as_view(), name="network-create"),
    path("<int:pk>/", views.NetworkDetailView.as_view(), name="network-detail"),
    path("<int:pk>/edit/", views.NetworkUpdateView.as_view(), name="network-edit"),
    path("<int:pk>/delete/", views.NetworkDeleteView.as_view(), name="network-delete"),
    path("<int:pk>/history/", views.NetworkHistoryView.as_view(), name="network-history"),
    path(
        "<int:pk>/membership/add/",
        views.NetworkMembershipCreateView.as_view(),
        name="membership-create",
    ),
    path(
        "memberships/<int:pk>/",
        views.NetworkMembershipDetailView.as_view(),
        name="membership-detail",
    ),
    path(
        "memberships/<int:pk>/edit/",
        views.NetworkMembershipUpdateView.as_view(),
        name="membership-edit",
    ),
    path(
        "memberships/<int:pk>/delete/",
        views.NetworkMembershipDeleteView.as_view(),
        name="membership-delete",
    ),
    path(
        "memberships/<int:pk>/history/",
        views.NetworkMembershipHistoryView.as_view(),
        name="membership-history",
    ),
    path(
        "memberships/<int:pk>/posts/add/", views.NetworkPostCreateView.as_view(), name="post-create"
    ),
    path("posts/<int:pk>/edit/", views.NetworkPostUpdateView.as_view(), name="post-edit"),
    path("posts/<int:pk>/delete/", views.NetworkPostDeleteView.as_view(), name="post-delete"),
    path("positions/", views.PositionListView.as_view(), name="position-list"),
    path("positions/new/", views.PositionCreateView.as_view(), name="position-create"),
    path("positions/endorsed/", views.EndorsementListView.as_view(), name="endorsement-list"),
    path("positions/<int:pk>/", views.PositionDetailView.as_view(), name="position-detail"),
    path("positions/<int:pk>/edit/", views.PositionUpdateView.as_view(), name="position-edit"),
    path(
        "positions/<int:pk>/open/",
        views.PositionStatusView.as_view(operation="open"),
        name="position-open",
    ),
    path(
        "positions/<int:pk>/close/",
        views.PositionStatusView.as_view(operation="close"),
        name="position-close",
    ),
    path(
        "positions/<int:pk>/history/", views.PositionHistoryView.as_view(), name="position-history"
    ),
    path("positions/<int:pk>/delete/", views.PositionDeleteView.as_view(), name="position-delete"),
]

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
]

from django.urls import path

from lazos.core.bulk_views import bulk_urlpatterns
from lazos.core.routing import object_urlpatterns
from lazos.networks import bulk, views

app_name = "networks"

urlpatterns = [
    *object_urlpatterns(
        "network",
        list=views.NetworkListView,
        create=views.NetworkCreateView,
        detail=views.NetworkDetailView,
        edit=views.NetworkUpdateView,
        delete=views.NetworkDeleteView,
        history=views.NetworkHistoryView,
    ),
    *bulk_urlpatterns(bulk.NETWORKS),
    path(
        "<int:pk>/membership/add/",
        views.NetworkMembershipCreateView.as_view(),
        name="membership-create",
    ),
    *object_urlpatterns(
        "membership",
        prefix="memberships/",
        detail=views.NetworkMembershipDetailView,
        edit=views.NetworkMembershipUpdateView,
        delete=views.NetworkMembershipDeleteView,
        history=views.NetworkMembershipHistoryView,
    ),
    path(
        "memberships/<int:pk>/posts/add/", views.NetworkPostCreateView.as_view(), name="post-create"
    ),
    path("posts/<int:pk>/edit/", views.NetworkPostUpdateView.as_view(), name="post-edit"),
    path("posts/<int:pk>/delete/", views.NetworkPostDeleteView.as_view(), name="post-delete"),
    *object_urlpatterns(
        "position",
        prefix="positions/",
        list=views.PositionListView,
        create=views.PositionCreateView,
        detail=views.PositionDetailView,
        edit=views.PositionUpdateView,
        delete=views.PositionDeleteView,
        history=views.PositionHistoryView,
    ),
    path("positions/endorsed/", views.EndorsementListView.as_view(), name="endorsement-list"),
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
]

from django.urls import path

from lazos.core.routing import object_urlpatterns
from lazos.governments import views

app_name = "governments"

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("government/", views.GovernmentDetailView.as_view(), name="government"),
    path("government/edit/", views.GovernmentUpdateView.as_view(), name="government-edit"),
    path("government/history/", views.GovernmentHistoryView.as_view(), name="government-history"),
    path("government/switch/", views.SwitchGovernmentView.as_view(), name="switch"),
    # The instance's governments (superusers).
    *object_urlpatterns(
        "government",
        prefix="governments/",
        list=views.GovernmentListView,
        create=views.GovernmentCreateView,
    ),
    # Members are added ("add/") and removed ("remove/"), not created and deleted.
    *object_urlpatterns(
        "membership",
        prefix="members/",
        list=views.MembershipListView,
        detail=views.MembershipDetailView,
        edit=views.MembershipUpdateView,
        history=views.MembershipHistoryView,
    ),
    path("members/add/", views.MembershipInviteView.as_view(), name="membership-invite"),
    path(
        "members/<int:pk>/remove/", views.MembershipRemoveView.as_view(), name="membership-remove"
    ),
    *object_urlpatterns(
        "department",
        prefix="departments/",
        list=views.DepartmentListView,
        create=views.DepartmentCreateView,
        detail=views.DepartmentDetailView,
        edit=views.DepartmentUpdateView,
        delete=views.DepartmentDeleteView,
        history=views.DepartmentHistoryView,
    ),
    path("activity/", views.ActivityLogView.as_view(), name="activity"),
]

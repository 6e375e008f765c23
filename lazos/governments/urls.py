from django.urls import path

from lazos.governments import views

app_name = "governments"

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("government/", views.GovernmentDetailView.as_view(), name="government"),
    path("government/edit/", views.GovernmentUpdateView.as_view(), name="government-edit"),
    path("government/history/", views.GovernmentHistoryView.as_view(), name="government-history"),
    path("government/switch/", views.SwitchGovernmentView.as_view(), name="switch"),
    path("governments/", views.GovernmentListView.as_view(), name="government-list"),
    path("governments/new/", views.GovernmentCreateView.as_view(), name="government-create"),
    path("members/", views.MembershipListView.as_view(), name="membership-list"),
    path("members/add/", views.MembershipInviteView.as_view(), name="membership-invite"),
    path("members/<int:pk>/", views.MembershipDetailView.as_view(), name="membership-detail"),
    path("members/<int:pk>/edit/", views.MembershipUpdateView.as_view(), name="membership-edit"),
    path(
        "members/<int:pk>/remove/", views.MembershipRemoveView.as_view(), name="membership-remove"
    ),
    path(
        "members/<int:pk>/history/",
        views.MembershipHistoryView.as_view(),
        name="membership-history",
    ),
    path("departments/", views.DepartmentListView.as_view(), name="department-list"),
    path("departments/new/", views.DepartmentCreateView.as_view(), name="department-create"),
    path("departments/<int:pk>/", views.DepartmentDetailView.as_view(), name="department-detail"),
    path(
        "departments/<int:pk>/edit/", views.DepartmentUpdateView.as_view(), name="department-edit"
    ),
    path(
        "departments/<int:pk>/delete/",
        views.DepartmentDeleteView.as_view(),
        name="department-delete",
    ),
    path(
        "departments/<int:pk>/history/",
        views.DepartmentHistoryView.as_view(),
        name="department-history",
    ),
    path("activity/", views.ActivityLogView.as_view(), name="activity"),
]

"""The routes of the governments' API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.governments.api.views import DepartmentViewSet, GovernmentViewSet, MembershipViewSet

routes = [
    Route("governments", GovernmentViewSet, "government"),
    Route("departments", DepartmentViewSet, "department"),
    Route("members", MembershipViewSet, "member"),
]

"""The one router of /api/v1/: the core's resources (here) and every app's (``<app>/api/urls.py``
declares its ``routes``), in one list.

A new app's API is added to ``ROUTES``; the order is the API root's and changes nothing else.
"""

from rest_framework.routers import DefaultRouter

from lazos.actions.api.urls import routes as actions_routes
from lazos.actors.api.urls import routes as actors_routes
from lazos.agreements.api.urls import routes as agreements_routes
from lazos.api.audit import AuditEventViewSet
from lazos.api.base import Route
from lazos.api.documents import DocumentViewSet
from lazos.governments.api.urls import routes as governments_routes
from lazos.networks.api.urls import routes as networks_routes
from lazos.partners.api.urls import routes as partners_routes
from lazos.practices.api.urls import routes as practices_routes
from lazos.reference.api.urls import routes as reference_routes

ROUTES: list[Route] = [
    *governments_routes,
    Route("audit-events", AuditEventViewSet, "audit-event"),
    *reference_routes,
    *partners_routes,
    *agreements_routes,
    *actions_routes,
    *networks_routes,
    *actors_routes,
    *practices_routes,
    Route("documents", DocumentViewSet, "document"),
]

router = DefaultRouter()
for route in ROUTES:
    router.register(route.prefix, route.viewset, basename=route.basename)

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
from lazos.api.jobs import JobViewSet
from lazos.community.api.urls import routes as community_routes
from lazos.consultations.api.urls import routes as consultations_routes
from lazos.evaluations.api.urls import routes as evaluations_routes
from lazos.governments.api.urls import routes as governments_routes
from lazos.iati.api.urls import routes as iati_routes
from lazos.matching.api.urls import routes as matching_routes
from lazos.networks.api.urls import routes as networks_routes
from lazos.opendata.api.urls import routes as opendata_routes
from lazos.partners.api.urls import routes as partners_routes
from lazos.practices.api.urls import routes as practices_routes
from lazos.reference.api.urls import routes as reference_routes
from lazos.relationships.api.urls import routes as relationships_routes
from lazos.reminders.api.urls import routes as reminders_routes
from lazos.reports.api.urls import routes as reports_routes
from lazos.results.api.urls import routes as results_routes
from lazos.solidarity.api.urls import routes as solidarity_routes
from lazos.spreadsheets.api.urls import routes as spreadsheets_routes
from lazos.strategy.api.urls import routes as strategy_routes
from lazos.webhooks.api.urls import routes as webhooks_routes

ROUTES: list[Route] = [
    *governments_routes,
    Route("audit-events", AuditEventViewSet, "audit-event"),
    *reference_routes,
    *partners_routes,
    *agreements_routes,
    *actions_routes,
    *networks_routes,
    *actors_routes,
    *strategy_routes,
    *results_routes,
    *practices_routes,
    *solidarity_routes,
    *community_routes,
    *matching_routes,
    *evaluations_routes,
    *relationships_routes,
    *reminders_routes,
    *consultations_routes,
    *reports_routes,
    *spreadsheets_routes,
    *iati_routes,
    Route("jobs", JobViewSet, "job"),
    *webhooks_routes,
    Route("documents", DocumentViewSet, "document"),
    *opendata_routes,
]

router = DefaultRouter()
for route in ROUTES:
    router.register(route.prefix, route.viewset, basename=route.basename)

"""Viewsets of the foundation: governments, departments, reference data, audit events."""

from lazos.api.routers import router
from lazos.api.views.core import (
    AuditEventViewSet,
    CityViewSet,
    CountryViewSet,
    DepartmentViewSet,
    GovernmentViewSet,
    SdgGoalViewSet,
    ThemeViewSet,
)

router.register("governments", GovernmentViewSet, basename="government")
router.register("departments", DepartmentViewSet, basename="department")
router.register("audit-events", AuditEventViewSet, basename="audit-event")
router.register("reference/countries", CountryViewSet, basename="country")
router.register("reference/cities", CityViewSet, basename="city")
router.register("reference/sdg-goals", SdgGoalViewSet, basename="sdg-goal")
router.register("reference/themes", ThemeViewSet, basename="theme")

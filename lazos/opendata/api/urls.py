"""The routes of the public open-data API (collected by ``lazos/api/routers.py``): the
governments that publish, and under each one its public rows."""

from lazos.api.base import Route
from lazos.opendata.api import views

GOVERNMENT = r"public/governments/(?P<government_slug>[-a-zA-Z0-9_]+)"

routes = [
    Route("public/governments", views.PublicGovernmentViewSet, "public-government"),
    Route(f"{GOVERNMENT}/partners", views.PublicPartnerViewSet, "public-partner"),
    Route(f"{GOVERNMENT}/agreements", views.PublicAgreementViewSet, "public-agreement"),
    Route(f"{GOVERNMENT}/actions", views.PublicActionViewSet, "public-action"),
    Route(f"{GOVERNMENT}/budget-lines", views.PublicBudgetLineViewSet, "public-budget-line"),
    Route(f"{GOVERNMENT}/missions", views.PublicMissionViewSet, "public-mission"),
    Route(f"{GOVERNMENT}/indicators", views.PublicIndicatorViewSet, "public-indicator"),
    Route(f"{GOVERNMENT}/results", views.PublicResultViewSet, "public-result"),
    Route(f"{GOVERNMENT}/practices", views.PublicPracticeViewSet, "public-practice"),
]

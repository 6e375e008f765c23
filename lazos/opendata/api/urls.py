"""The routes of the public open-data API (collected by ``lazos/api/routers.py``): the
governments that publish, and their public rows (``?government=<slug>`` for one of them)."""

from lazos.api.base import Route
from lazos.opendata.api import views

routes = [
    Route("public/governments", views.PublicGovernmentViewSet, "public-government"),
    Route("public/partners", views.PublicPartnerViewSet, "public-partner"),
    Route("public/agreements", views.PublicAgreementViewSet, "public-agreement"),
    Route("public/actions", views.PublicActionViewSet, "public-action"),
    Route("public/budget-lines", views.PublicBudgetLineViewSet, "public-budget-line"),
    Route("public/missions", views.PublicMissionViewSet, "public-mission"),
    Route("public/indicators", views.PublicIndicatorViewSet, "public-indicator"),
    Route("public/results", views.PublicResultViewSet, "public-result"),
    Route("public/practices", views.PublicPracticeViewSet, "public-practice"),
]

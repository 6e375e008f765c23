"""The one router of /api/v1/. Resource modules register their viewsets on it."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

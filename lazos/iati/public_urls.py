"""The public IATI file, under /<government-slug>/open-data/ (before the open-data app's own)."""

from django.urls import path  # noqa: F401

app_name = "public-iati"

urlpatterns: list = []

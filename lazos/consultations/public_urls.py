"""Public consultation pages, under /<government-slug>/consultations/ (included by the portal)."""

from django.urls import path  # noqa: F401

app_name = "public-consultations"

urlpatterns: list = []

"""Open data of one government, under /<government-slug>/open-data/ (included by the portal)."""

from django.urls import path  # noqa: F401

app_name = "opendata"

urlpatterns: list = []

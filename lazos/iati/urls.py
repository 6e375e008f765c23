"""IATI import screens for signed-in staff, under /iati/."""

from django.urls import path  # noqa: F401

app_name = "iati"

urlpatterns: list = []

"""Public pages: the instance home, robots.txt, sitemap.xml and each government's site."""

from django.urls import path  # noqa: F401

app_name = "portal"

urlpatterns: list = []

"""URLs of saved list views (core/saved_view_views.py)."""

from __future__ import annotations

from django.urls import path

from lazos.core import saved_view_views as views

app_name = "saved-views"

urlpatterns = [
    path("save/", views.SaveView.as_view(), name="save"),
    path("default/", views.DefaultView.as_view(), name="clear-default"),
    path("<int:pk>/default/", views.DefaultView.as_view(), name="default"),
    path("<int:pk>/delete/", views.DeleteView.as_view(), name="delete"),
]

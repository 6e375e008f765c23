from django.urls import path

from lazos.core import views

app_name = "core"

urlpatterns = [
    path("healthz", views.HealthView.as_view(), name="healthz"),
]

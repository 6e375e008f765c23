from django.urls import path

from lazos.core import views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.HealthView.as_view(), name="healthz"),
    path("language/", views.SetLanguageView.as_view(), name="set-language"),
]

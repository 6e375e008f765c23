from django.urls import path

from lazos.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.DashboardView.as_view(section="activity"), name="activity"),
    path("budget/", views.DashboardView.as_view(section="budget"), name="budget"),
    path("agreements/", views.DashboardView.as_view(section="agreements"), name="agreements"),
    path("results/", views.DashboardView.as_view(section="results"), name="results"),
    path("map/", views.DashboardView.as_view(section="map"), name="map"),
    path("<slug:section>/<slug:chart>.csv", views.DashboardCsvView.as_view(), name="csv"),
]

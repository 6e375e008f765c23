"""Open data of one government, under /<government-slug>/open-data/ (included by the portal)."""

from django.urls import path

from lazos.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.OpenDataIndexView.as_view(), name="index"),
    path("datapackage.zip", views.DataPackageZipView.as_view(), name="datapackage-zip"),
    path("datapackage.json", views.DataPackageJsonView.as_view(), name="datapackage-json"),
    path("<slug:table>.csv", views.TableCsvView.as_view(), name="csv"),
]

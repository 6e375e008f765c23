from django.urls import path

from lazos.reference import views

app_name = "reference"

urlpatterns = [
    path("cities/search/", views.CitySearchView.as_view(), name="city-search"),
    path("sdg/", views.SdgListView.as_view(), name="sdg-list"),
    path(
        "subdivisions/options/",
        views.SubdivisionOptionsView.as_view(),
        name="subdivision-options",
    ),
]

from django.urls import URLPattern

app_name = "spreadsheets"

urlpatterns: list[URLPattern] = []

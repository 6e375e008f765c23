from django.urls import path

app_name = "public-practices"

urlpatterns: list = []

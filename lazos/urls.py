from django.urls import include, path

urlpatterns = [
    path("", include("lazos.core.urls")),
    path("accounts/", include("lazos.accounts.urls")),
    path("reference/", include("lazos.reference.urls")),
    path("", include("lazos.governments.urls")),
]

handler403 = "lazos.core.errors.permission_denied"
handler404 = "lazos.core.errors.page_not_found"

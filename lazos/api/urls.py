from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from lazos.api import token_views
from lazos.api.docs import ApiDocsView
from lazos.api.exceptions import not_found
from lazos.api.me import MeView
from lazos.api.routers import router

app_name = "api"

urlpatterns = [
    path("v1/me/", MeView.as_view(), name="me"),
    path("v1/", include(router.urls)),
    re_path(r"^v1/", not_found, name="not-found"),  # unknown addresses: a JSON 404 too
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    path("tokens/", token_views.TokenListView.as_view(), name="token-list"),
    path("tokens/new/", token_views.TokenCreateView.as_view(), name="token-create"),
    path("tokens/<int:pk>/revoke/", token_views.TokenRevokeView.as_view(), name="token-revoke"),
]

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from lazos.api import core_routes, register_routes  # noqa: F401 - they register viewsets
from lazos.api import token_views
from lazos.api.docs import ApiDocsView
from lazos.api.routers import router

app_name = "api"

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    path("tokens/", token_views.TokenListView.as_view(), name="token-list"),
    path("tokens/new/", token_views.TokenCreateView.as_view(), name="token-create"),
    path("tokens/<int:pk>/revoke/", token_views.TokenRevokeView.as_view(), name="token-revoke"),
]

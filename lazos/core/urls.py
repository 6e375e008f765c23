from django.urls import path

from lazos.core import views
from lazos.portal.cache import cached_page
from lazos.portal.views import InstanceHomeView

app_name = "core"

urlpatterns = [
    # The instance home is the public portal's front page.
    path("", cached_page(InstanceHomeView.as_view()), name="home"),
    path("healthz", views.HealthView.as_view(), name="healthz"),
    path("language/", views.SetLanguageView.as_view(), name="set-language"),
]

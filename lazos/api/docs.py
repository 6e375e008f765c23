"""The browsable API documentation at /api/docs/: Swagger UI, served by the app itself.

Lazos' Content-Security-Policy allows no inline script and no inline style. drf-spectacular's
split view delivers Swagger UI's start-up script as a separate file (``?script``); our own
template (api/swagger_ui.html) moves the page's few style rules to a static file, and the
assets come from drf-spectacular-sidecar, served locally (no CDN).
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"

"""Error pages in the site's layout (the default ones are bare and untranslated)."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.views import defaults

# Seconds a client (or a proxy) is told to wait before trying again when the database is down.
RETRY_AFTER = 60


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 in the request's language, drawn without the request's context: its context
    processors would ask the database (the person, the government) that just failed."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        content = loader.render_to_string("503.html", {"LANGUAGE_CODE": language})
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    # The middleware after the failure did not run: this page sets its own frame refusal.
    response["X-Frame-Options"] = "DENY"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a database that cannot be reached or whose connection broke (server
    down, restarted, connection killed) is a 503 page saying to try again; anything else is
    Django's 500. Django calls this inside its ``except`` block, so the error is at hand."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return database_unavailable(request)
    return defaults.server_error(request)

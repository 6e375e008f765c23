"""The open data of one government under /<government-slug>/open-data/: the index page, the
data package (zip and descriptor) and each CSV. Public, no sign-in; 404 when the government
does not exist or does not publish a portal."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, urlencode
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from lazos.governments.models import Government
from lazos.opendata import publication
from lazos.opendata.datapackage import (
    ESCAPE_NOTE,
    TABLES,
    TABLES_BY_NAME,
    Table,
    freshness,
    licence_of,
)

CACHE_SECONDS = 300
# Generated files are kept in the cache under their ETag (which changes with the content).
FILE_CACHE_SECONDS = 3600


def public_government(slug: str) -> Government:
    return get_object_or_404(Government, slug=slug, portal_enabled=True)


def portal_base_template() -> str:
    """The portal's layout once it exists, the application's until then."""
    try:
        get_template("portal/base.html")
    except TemplateDoesNotExist:
        return "base.html"
    return "portal/base.html"


class PublicGovernmentMixin(View):
    """The government of the URL's slug, when its portal is on (else 404)."""

    government: Government

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.government = public_government(kwargs["government_slug"])
        return super().dispatch(request, *args, **kwargs)


class OpenDataFileView(PublicGovernmentMixin, View):
    """A file the job worker publishes (``opendata/publication.py``), answered with ETag and
    Last-Modified (304 when unchanged). While a newer one is prepared the previous file is
    served under its own ETag; with none yet, or when building failed, a 503 page."""

    content_type = "application/octet-stream"
    key = ""

    def filename(self) -> str:
        return ""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fresh = freshness(self.government)
        last_modified = fresh.last_modified.timestamp()
        not_modified = get_conditional_response(
            request, etag=fresh.etag, last_modified=int(last_modified)
        )
        if not_modified is not None:
            return self._headers(not_modified, fresh.etag, fresh.last_modified.timestamp())
        files, owner = publication.FILES, self.government.pk
        published = files.current(owner, self.key, fresh.etag)
        if published is None and not files.failed(owner, self.key, fresh.etag):
            published = files.request(
                publication.publish_open_data_file.enqueue, owner, self.key, fresh.etag
            )
        stamp = last_modified
        if published is None:
            if files.failed(owner, self.key, fresh.etag):
                return self._unavailable(request, preparing=False)
            published = files.previous(owner, self.key)
            if published is None:
                return self._unavailable(request, preparing=True)
            stamp = default_storage.get_modified_time(published.name).timestamp()
        with default_storage.open(published.name, "rb") as stored:
            response = HttpResponse(stored.read(), content_type=self.content_type)
        if self.filename():
            response["Content-Disposition"] = f'attachment; filename="{self.filename()}"'
        return self._headers(response, published.etag, stamp)

    def _headers(self, response: HttpResponse, etag: str, last_modified: float) -> HttpResponse:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        response["Access-Control-Allow-Origin"] = "*"
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        return response

    def _unavailable(self, request: HttpRequest, *, preparing: bool) -> HttpResponse:
        response = render(
            request,
            "opendata/file_unavailable.html",
            {
                "government": self.government,
                "base_template": portal_base_template(),
                "preparing": preparing,
            },
            status=503,
        )
        response["Retry-After"] = "30" if preparing else str(publication.FILES.retry_after)
        response["Cache-Control"] = "no-store"
        return response


class DataPackageZipView(OpenDataFileView):
    content_type = "application/zip"
    key = publication.ZIP

    def filename(self) -> str:
        return f"{self.government.slug}-datapackage.zip"


class DataPackageJsonView(OpenDataFileView):
    """The descriptor on its own; its resources point to the CSV files' addresses."""

    content_type = "application/json"
    key = publication.DESCRIPTOR


class TableCsvView(OpenDataFileView):
    content_type = "text/csv; charset=utf-8"

    table: Table

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        table = TABLES_BY_NAME.get(kwargs["table"])
        if table is None:
            raise Http404
        self.table = table
        self.key = f"{publication.CSV}{self.table.name}"
        return super().get(request, *args, **kwargs)

    def filename(self) -> str:
        return f"{self.government.slug}-{self.table.filename}"


def _path(name: str, slug: str, fallback: str) -> str:
    try:
        return reverse(name, kwargs={"government_slug": slug})
    except NoReverseMatch:
        return f"{get_script_prefix()}{slug}/{fallback}"


class OpenDataIndexView(PublicGovernmentMixin, TemplateView):
    """Every download of the government's open data, with its licence and update time."""

    template_name = "opendata/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        government = self.government
        slug = government.slug
        fresh = freshness(government)

        def link(name: str) -> str:
            return reverse(f"opendata:{name}", kwargs={"government_slug": slug})

        package = [
            {
                "title": _("Data package (zip)"),
                "description": _(
                    "Every table below as CSV, with a Frictionless descriptor documenting "
                    "each column."
                ),
                "format": "ZIP",
                "url": link("datapackage-zip"),
            },
            {
                "title": _("Data package descriptor"),
                "description": _(
                    "The Frictionless Data Package descriptor (datapackage.json) pointing to "
                    "the CSV files below."
                ),
                "format": "JSON",
                "url": link("datapackage-json"),
            },
        ]
        tables = [
            {
                "title": table.title,
                "description": table.description,
                "format": "CSV",
                "url": reverse(
                    "opendata:csv", kwargs={"government_slug": slug, "table": table.name}
                ),
                "columns": [(c.name, c.title, c.description) for c in table.columns],
                "name": table.name,
            }
            for table in TABLES
        ]
        feeds = [
            {
                "title": _("IATI activities"),
                "description": _(
                    "The public actions in the International Aid Transparency Initiative "
                    "standard (IATI 2.03 XML)."
                ),
                "format": "XML",
                "url": _path("public-iati:activities", slug, "open-data/iati-activities.xml"),
            },
            {
                "title": _("Events calendar"),
                "description": _("Public events and missions, for calendar applications."),
                "format": "iCalendar",
                "url": _path("portal:events-ics", slug, "events.ics"),
            },
            {
                "title": _("News feed"),
                "description": _("What is new on the portal, for feed readers."),
                "format": "Atom",
                "url": _path("portal:feed-atom", slug, "feed.atom"),
            },
            {
                "title": _("Public API"),
                "description": _(
                    "The same rows as JSON, paged and filtered, for programs and other "
                    "sites: no account or key needed (actions here; also partners, "
                    "agreements, budget lines, missions, indicators, results and good "
                    "practices)."
                ),
                "format": "JSON",
                "url": f"{reverse('api:public-action-list')}?{urlencode({'government': slug})}",
            },
        ]
        context.update(
            government=government,
            portal_section="opendata",
            base_template=portal_base_template(),
            licence=licence_of(government),
            last_update=fresh.last_modified,
            package=package,
            tables=tables,
            escape_note=ESCAPE_NOTE,
            feeds=feeds,
        )
        return context

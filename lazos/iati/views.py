"""IATI pages: the office's import (upload → preview → apply) and the public file."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db.models import Count, Max, QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponseRedirect,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from lazos.actions.choices import COOPERATION_MODALITIES
from lazos.actions.models import Action
from lazos.core.models import Attachment
from lazos.core.permissions import Operation
from lazos.core.views import GovernmentScopedMixin, ObjectDetailView, ObjectListView
from lazos.governments.models import Government
from lazos.iati import publication, runs, services
from lazos.iati.choices import ImportStatus
from lazos.iati.filtersets import IatiImportFilterSet
from lazos.iati.forms import IatiUploadForm
from lazos.iati.models import IatiImport
from lazos.results.models import IndicatorUpdate

logger = logging.getLogger(__name__)


class IatiImportMixin(GovernmentScopedMixin):
    model = IatiImport

    def get_queryset(self) -> QuerySet[Any]:
        return IatiImport.objects.for_tenant(self.government).select_related("uploaded_by")


class IatiImportListView(IatiImportMixin, ObjectListView):
    """The IATI page: the government's file, past imports and the way to a new one."""

    filterset_class = IatiImportFilterSet
    template_name = "iati/import_list.html"
    create_url_name = "iati:import-start"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["government"] = self.government
        return context


class IatiImportStartView(IatiImportMixin, FormView[IatiUploadForm]):
    """Upload a file → its preview (nothing is written but the file and its preview)."""

    permission_action = Operation.ADD
    form_class = IatiUploadForm
    template_name = "iati/import_start.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["max_upload_mb"] = settings.LAZOS_MAX_UPLOAD_MB
        return context

    def form_valid(self, form: IatiUploadForm) -> HttpResponse:
        try:
            run = services.preview_import(
                self.government,
                acting_user=self.acting_user,
                upload=form.cleaned_data["file"],
                publish=form.cleaned_data["publish"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
            return self.form_invalid(form)
        return HttpResponseRedirect(run.get_absolute_url())


class IatiImportDetailView(IatiImportMixin, ObjectDetailView):
    """The preview of an import (per activity), its progress while it runs, then its result."""

    template_name = "iati/import_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["run"] = self.object
        context["can_apply"] = self.object.can_apply and self.can(Operation.CHANGE, self.object)
        context["done"], context["total"] = runs.current_progress(self.object)
        context["elapsed"] = runs.elapsed_seconds(self.object)
        return context


class IatiImportProgressView(IatiImportMixin, ObjectDetailView):
    """The progress partial, polled by htmx every 2 s while the import is queued or runs."""

    template_name = "iati/includes/import_progress.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["run"] = self.object
        context["done"], context["total"] = runs.current_progress(self.object)
        return context

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        if getattr(self.request, "htmx", False) and not self.object.is_active:
            response["HX-Refresh"] = "true"  # finished: the whole page shows the result
        return response


class IatiImportApplyView(IatiImportMixin, SingleObjectMixin[IatiImport], View):
    """POST: queue the job that applies the import (it runs at once with the embedded
    backend, on the worker otherwise); the import's page shows its progress and result."""

    permission_action = Operation.CHANGE

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return redirect(self.get_object().get_absolute_url())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run = self.get_object()
        try:
            run = runs.queue_import(run, acting_user=self.acting_user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if run.status == ImportStatus.APPLIED:
                messages.success(request, _("The import was applied."))
            elif run.status == ImportStatus.FAILED:
                messages.error(request, _("The import failed: nothing was written."))
            else:
                messages.info(request, _("The import is running; this page shows its progress."))
        return redirect(run.get_absolute_url())


# Public --------------------------------------------------------------------------------


def public_government(slug: str) -> Government:
    return get_object_or_404(Government, slug=slug, portal_enabled=True)


def _etag(government: Government) -> str:
    """Changes whenever anything the file shows may have changed (three aggregate queries)."""
    actions = (
        Action.objects.for_tenant(government).public().filter(modality__in=COOPERATION_MODALITIES)
    )
    stamp = actions.aggregate(count=Count("pk"), changed=Max("updated_at"))
    results = IndicatorUpdate.objects.for_tenant(government).aggregate(
        count=Count("pk"), changed=Max("updated_at")
    )
    files = Attachment.objects.for_tenant(government).aggregate(
        count=Count("pk"), changed=Max("created_at")
    )
    text = "|".join(
        str(value)
        for value in (
            government.updated_at,
            stamp["count"],
            stamp["changed"],
            results["count"],
            results["changed"],
            files["count"],
            files["changed"],
        )
    )
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


class IatiActivitiesView(View):
    """``/<government>/open-data/iati-activities.xml``, with an ETag.

    The file is built by the job worker and served from storage (``iati/publication.py``):
    the request only computes the ETag. While a new version is being built the previous
    one is served under its own ETag; with no file yet, or when building failed, the answer
    is a 503 page (the failure logged), never a 200 with a partial document.
    """

    def get(self, request: HttpRequest, government_slug: str) -> HttpResponseBase:
        government = public_government(government_slug)
        if not government.iati_organisation_identifier.strip():
            return self._unavailable(request, government, without_identifier=True)
        etag = _etag(government)
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            response: HttpResponseBase = HttpResponseNotModified()
            response["ETag"] = etag
            response["Cache-Control"] = "public, max-age=900"
            return response
        published = publication.current(government, etag)
        if published is None and not publication.failed(government, etag):
            # Addresses inside the file come from LAZOS_BASE_URL, never from the Host
            # header (the file is shared by every visitor).
            # The embedded backend of the tests runs the job at once; a worker takes a moment.
            published = publication.request_publication(government, etag)
        if published is None:
            if publication.failed(government, etag):
                return self._unavailable(request, government)
            published = publication.previous(government)
            if published is None:
                return self._unavailable(request, government, preparing=True)
        response = FileResponse(
            default_storage.open(published.name, "rb"),
            content_type="application/xml; charset=utf-8",
            filename=f"{government.slug}-iati-activities.xml",
        )
        response["ETag"] = published.etag
        response["Cache-Control"] = "public, max-age=900"
        return response

    def _unavailable(
        self,
        request: HttpRequest,
        government: Government,
        *,
        without_identifier: bool = False,
        preparing: bool = False,
    ) -> HttpResponse:
        """503 while the first file is prepared or when building failed (try later); 404
        when the government has no IATI organisation identifier, so publishes no file."""
        response = render(
            request,
            "iati/export_unavailable.html",
            {
                "government": government,
                "portal_section": "opendata",
                "without_identifier": without_identifier,
                "preparing": preparing,
            },
            status=404 if without_identifier else 503,
        )
        if not without_identifier:
            response["Retry-After"] = "30" if preparing else str(publication.RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response

    def head(self, request: HttpRequest, government_slug: str) -> HttpResponse:
        response = HttpResponse(content_type="application/xml; charset=utf-8")
        response["ETag"] = _etag(public_government(government_slug))
        response["Cache-Control"] = "public, max-age=900"
        return response


class PublicDocumentView(View):
    """A public document of a public cooperation action, linked from the IATI file."""

    def get(self, request: HttpRequest, government_slug: str, attachment_id: int) -> FileResponse:
        government = public_government(government_slug)
        attachment = get_object_or_404(
            Attachment.objects.for_tenant(government).select_related("content_type"),
            pk=attachment_id,
            is_public=True,
        )
        if attachment.content_type.model_class() is not Action:
            raise Http404
        if not (
            Action.objects.for_tenant(government)
            .public()
            .filter(pk=attachment.object_id, modality__in=COOPERATION_MODALITIES)
            .exists()
        ):
            raise Http404
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=False,
            filename=attachment.original_name,
            content_type=attachment.mime_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response

"""/api/v1/reports/: request a report (produced by a background job), follow it, download it."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.api.base import TenantReadOnlyViewSet, etag_for
from lazos.api.schema import ErrorSerializer
from lazos.governments.choices import Role
from lazos.reports import services
from lazos.reports.api.serializers import (
    ListExportSerializer,
    ReportRequestSerializer,
    ReportSerializer,
)
from lazos.reports.choices import ReportKind, ReportStatus
from lazos.reports.filtersets import ReportFilterSet
from lazos.reports.forms import AnnualReportRequestForm
from lazos.reports.models import ListExport, Report
from lazos.reports.views import CONTENT_TYPES, EXPORT_TYPES

NOT_READY = OpenApiResponse(
    ErrorSerializer,
    description=_("No such report in your government, or it is not ready (no file yet)."),
)


class ReportViewSet(mixins.CreateModelMixin, TenantReadOnlyViewSet):
    """Handover dossiers and annual reports, every version. ``POST`` asks for a new version:
    a background job produces it (``status`` goes from "queued" to "running" to "ready" or
    "failed"); poll the report, or its job at ``job_url``, then download ``pdf_url`` or
    ``html_url``. Every member reads them; coordinators and administrators request them."""

    model = Report
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no tenant
            return Report.objects.none()
        return super().get_queryset().with_related().defer("body_html")

    @extend_schema(
        summary="Request a new version of a report",
        description=(
            "Records a new version (queued) and queues the job that produces it, as the web's "
            'request form does: `kind` "handover" (nothing else to choose) or "annual" with '
            "the `year` it covers (one of the years the form offers). The answer is the queued "
            "report; poll it (or its `job_url`) until `is_active` is false, then download "
            "`pdf_url` or `html_url`. Coordinators and administrators only."
        ),
        request=ReportRequestSerializer,
        responses={201: ReportSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = ReportRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        kind = form.validated_data["kind"]
        year = None
        if kind == ReportKind.ANNUAL:
            year = self.checked_year(form.validated_data.get("year"))
        report = services.request_report(
            self.government, acting_user=self.acting_user, kind=kind, year=year
        )
        report = self.get_queryset().get(pk=report.pk)
        response = Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)
        response["ETag"] = etag_for(report)
        return response

    def checked_year(self, year: int | None) -> int:
        """The year of an annual report, refused as the web form refuses it."""
        form = AnnualReportRequestForm(
            data={"year": "" if year is None else str(year)}, government=self.government
        )
        if not form.is_valid():
            raise serializers.ValidationError({"year": form.errors["year"]})
        return int(form.cleaned_data["year"])

    def download(self, fmt: str) -> FileResponse:
        report = self.get_object()
        stored = report.pdf_file if fmt == "pdf" else report.html_file
        if report.status != ReportStatus.READY or not stored:
            raise Http404
        try:
            handle = stored.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=report.download_name(fmt),
            content_type=CONTENT_TYPES[fmt],
        )
        response["ETag"] = etag_for(report)
        return response

    @extend_schema(
        summary="Download a report as PDF",
        description="The ready report's PDF file (404 while it is queued, running or failed).",
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("The PDF file.")
            ),
            404: NOT_READY,
        },
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str | None = None) -> FileResponse:
        return self.download("pdf")

    @extend_schema(
        summary="Download a report as HTML",
        description=(
            "The ready report's HTML file, styled to be read on its own (404 while it is "
            "queued, running or failed)."
        ),
        responses={
            (200, "text/html"): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("The HTML file.")
            ),
            404: NOT_READY,
        },
    )
    @action(detail=True, methods=["get"])
    def html(self, request: Request, pk: str | None = None) -> FileResponse:
        return self.download("html")


class ListExportViewSet(TenantReadOnlyViewSet):
    """Large lists exported by the job worker (the web list's “Export” of more than 2,000
    rows). Each member sees their own exports, administrators every one, as the Jobs page;
    download the file from ``file_url`` once it is ready."""

    model = ListExport
    serializer_class = ListExportSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no tenant
            return ListExport.objects.none()
        queryset = super().get_queryset().select_related("requested_by")
        if self.action == "list" and self.membership.role != Role.ADMINISTRATOR:
            # Someone else's export is listed to no one but administrators (and is a 403 by
            # its address, as on the web: ExportPolicy).
            queryset = queryset.filter(requested_by_id=self.membership.user_id)
        return queryset

    @extend_schema(
        summary="Download an exported list",
        description="The ready export's CSV or XLSX file (404 until it is ready).",
        responses={
            (200, mime): OpenApiResponse(OpenApiTypes.BINARY, description=_("The file."))
            for mime in sorted({value.split(";")[0] for value in EXPORT_TYPES.values()})
        }
        | {404: NOT_READY},
    )
    @action(detail=True, methods=["get"])
    def file(self, request: Request, pk: str | None = None) -> FileResponse:
        export = self.get_object()
        if export.status != ReportStatus.READY or not export.file:
            raise Http404
        try:
            handle = export.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(
            handle,
            as_attachment=True,
            filename=export.file.name.rsplit("/", 1)[-1],
            content_type=EXPORT_TYPES.get(export.fmt, "application/octet-stream"),
        )

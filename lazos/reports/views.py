"""Report pages: the versions produced, requesting a new one, reading it, downloading it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView

from lazos.core.permissions import Operation
from lazos.core.views import (
    GovernmentScopedMixin,
    ObjectDetailView,
    ObjectHistoryView,
    ObjectListView,
)
from lazos.reports import services
from lazos.reports.choices import ReportKind, ReportStatus
from lazos.reports.filtersets import ReportFilterSet
from lazos.reports.forms import AnnualReportRequestForm, HandoverRequestForm
from lazos.reports.models import ListExport, Report

CONTENT_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ReportMixin(GovernmentScopedMixin):
    model = Report

    def get_queryset(self) -> QuerySet[Any]:
        return Report.objects.for_tenant(self.government).with_related()


class ReportListView(ReportMixin, ObjectListView):
    """Every version of every report, newest first within each kind."""

    filterset_class = ReportFilterSet
    template_name = "reports/report_list.html"

    def get_queryset(self) -> QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .order_by("kind", F("year").desc(nulls_first=True), "-version", "-id")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["kinds"] = ReportKind
        return context


class ReportRequestView(ReportMixin, FormView[AnnualReportRequestForm | HandoverRequestForm]):
    """Ask for a new version: it is produced in the background, the page shows progress."""

    permission_action = Operation.ADD
    template_name = "reports/report_request.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if kwargs["kind"] not in ReportKind.values:
            raise Http404
        self.kind = kwargs["kind"]
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self) -> Any:
        return HandoverRequestForm if self.kind == ReportKind.HANDOVER else AnnualReportRequestForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.kind == ReportKind.ANNUAL:
            kwargs["government"] = self.government
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["kind"] = self.kind
        context["kind_label"] = ReportKind(self.kind).label
        context["previous"] = (
            self.get_queryset().filter(kind=self.kind).order_by("-created_at", "-id").first()
        )
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            report = services.request_report(
                self.government,
                acting_user=self.acting_user,
                kind=self.kind,
                year=form.cleaned_data.get("year"),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Version %(version)s was requested: it is produced in the background.")
            % {"version": report.version},
        )
        return HttpResponseRedirect(report.get_absolute_url())


class ReportDetailView(ReportMixin, ObjectDetailView):
    """The report inside the application's layout, with its downloads and status."""

    template_name = "reports/report_detail.html"
    history_url_name = "reports:report-history"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = self.object
        context["report"] = report
        context["can_request"] = self.can(Operation.ADD)
        context["other_versions"] = list(
            self.get_queryset()
            .filter(kind=report.kind, year=report.year)
            .exclude(pk=report.pk)
            .order_by("-version")[:20]
        )
        return context


class ReportHistoryView(ReportMixin, ObjectHistoryView):
    pass


class ReportStatusView(ReportMixin, DetailView[Report]):
    """The status partial, polled by htmx while the report is queued or running. When the
    report is done, the page reloads to show it."""

    template_name = "reports/includes/report_status.html"
    context_object_name = "report"

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        if getattr(self.request, "htmx", False) and not self.object.is_active:
            response["HX-Refresh"] = "true"
        return response


class ReportDownloadView(ReportMixin, View):
    """``pdf/`` or ``html/``: the stored file, as an attachment."""

    fmt = "pdf"

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        fmt = self.fmt
        report = get_object_or_404(self.get_queryset().select_related("government"), pk=pk)
        stored = report.pdf_file if fmt == "pdf" else report.html_file
        if report.status != ReportStatus.READY or not stored:
            raise Http404
        try:
            handle = stored.open("rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        return FileResponse(
            handle,
            as_attachment=True,
            filename=report.download_name(fmt),
            content_type=CONTENT_TYPES[fmt],
        )


class ListExportDownloadView(GovernmentScopedMixin, View):
    """The file of a list export written by the job worker (its requester's, or an
    administrator's)."""

    model = ListExport

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        export = get_object_or_404(ListExport.objects.for_tenant(self.government), pk=pk)
        if not self.policy.allows_on(self.membership, Operation.VIEW, export):
            raise PermissionDenied
        if export.status != ReportStatus.READY or not export.file:
            raise Http404
        try:
            handle = export.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        return FileResponse(
            handle,
            as_attachment=True,
            filename=export.file.name.rsplit("/", 1)[-1],
            content_type=EXPORT_TYPES.get(export.fmt, "application/octet-stream"),
        )

"""Reports as the API shows them, and the request of a new version."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lazos.api.fields import NamedChoiceField, NamedEnumsMixin
from lazos.reports.choices import ReportKind, ReportStatus
from lazos.reports.models import ListExport, Report
from lazos.reports.services import REPORT_STEPS

KIND_ENUM = "ReportKindEnum"  # the name of Report.kind's choices (see NamedEnumsMixin)


class ReportSerializer(NamedEnumsMixin, serializers.ModelSerializer):
    """One version of a report. While ``status`` is "queued" or "running" the job is at work
    (follow it at ``job_url``); once "ready", ``pdf_url`` and ``html_url`` download it."""

    requested_by_name = serializers.CharField(
        source="requested_by.get_username", read_only=True, allow_null=True
    )
    is_active = serializers.BooleanField(
        read_only=True, help_text=_("Queued or running: poll it until this is false.")
    )
    steps_total = serializers.SerializerMethodField(
        help_text=_("How many steps producing a report takes (see the job's progress).")
    )
    job_url = serializers.SerializerMethodField(
        help_text=_("The report's background job (state, progress, error).")
    )
    pdf_url = serializers.SerializerMethodField(
        help_text=_("Where to download the PDF once the report is ready (else null).")
    )
    html_url = serializers.SerializerMethodField(
        help_text=_("Where to download the HTML once the report is ready (else null).")
    )

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "year",
            "version",
            "title",
            "language",
            "status",
            "is_active",
            "error",
            "steps_total",
            "requested_by",
            "requested_by_name",
            "generated_at",
            "job_url",
            "pdf_url",
            "html_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField())
    def get_steps_total(self, report: Report) -> int:
        return REPORT_STEPS

    @extend_schema_field(serializers.CharField())
    def get_job_url(self, report: Report) -> str:
        return reverse("api:job-detail", args=[f"report-{report.pk}"])

    def _file_url(self, report: Report, name: str, stored: Any) -> str | None:
        if not report.is_ready or not stored:
            return None
        return reverse(f"api:report-{name}", args=[report.pk])

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_pdf_url(self, report: Report) -> str | None:
        return self._file_url(report, "pdf", report.pdf_file)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_html_url(self, report: Report) -> str | None:
        return self._file_url(report, "html", report.html_file)


class ReportRequestSerializer(serializers.Serializer):
    """A new version of a report, as the web's request form asks for it."""

    kind = NamedChoiceField(
        choices=ReportKind.choices,
        enum_name=KIND_ENUM,
        help_text=_("A handover dossier, or an annual report of one year."),
    )
    year = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_(
            "For an annual report: the year it covers, from the first action on record (at "
            "most ten years back) to this year. Ignored for a handover dossier."
        ),
    )


class ListExportSerializer(NamedEnumsMixin, serializers.ModelSerializer):
    """A large list exported to CSV or XLSX by the job worker (asked for on the web list with
    “Export”): its status, then its file."""

    requested_by_name = serializers.CharField(
        source="requested_by.get_username", read_only=True, allow_null=True
    )
    is_active = serializers.BooleanField(
        read_only=True, help_text=_("Queued or running: poll it until this is false.")
    )
    job_url = serializers.SerializerMethodField(
        help_text=_("The export's background job (state, progress, error).")
    )
    file_url = serializers.SerializerMethodField(
        help_text=_("Where to download the file once the export is ready (else null).")
    )

    class Meta:
        model = ListExport
        fields = [
            "id",
            "title",
            "path",
            "query",
            "fmt",
            "status",
            "is_active",
            "error",
            "row_count",
            "requested_by",
            "requested_by_name",
            "generated_at",
            "job_url",
            "file_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_job_url(self, export: ListExport) -> str:
        return reverse("api:job-detail", args=[f"list-export-{export.pk}"])

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_file_url(self, export: ListExport) -> str | None:
        if export.status != ReportStatus.READY or not export.file:
            return None
        return reverse("api:listexport-file", args=[export.pk])

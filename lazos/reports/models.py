"""Generated reports: the handover dossier and the annual report, as versioned HTML and PDF
files produced by a background job."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from lazos.core.models import TenantModel
from lazos.core.permissions import Operation, RolePolicy
from lazos.governments.choices import Role
from lazos.reports.choices import ACTIVE_STATUSES, ReportKind, ReportStatus
from lazos.reports.querysets import ReportManager


def report_path(instance: Report, filename: str) -> str:
    """reports/<government>/<kind>[-<year>]/v<version>/<file name>"""
    folder = instance.kind if instance.year is None else f"{instance.kind}-{instance.year}"
    return f"reports/{instance.government_id}/{folder}/v{instance.version}/{filename}"


class Report(TenantModel):
    """One version of a handover dossier or of an annual report of international action.

    Each request makes a new version (per government, kind and year); the files of a ready
    version never change, so what was handed over stays on record.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("For an annual report: the year it covers."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    error = models.TextField(_("error"), blank=True)
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(_("language"), max_length=8, blank=True)
    html_file = models.FileField(_("HTML file"), upload_to=report_path, blank=True, max_length=300)
    pdf_file = models.FileField(_("PDF file"), upload_to=report_path, blank=True, max_length=300)
    body_html = models.TextField(
        _("content"),
        blank=True,
        editable=False,
        help_text=_("The report's content as shown inside the application."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)
    task_id = models.CharField(_("background job"), max_length=64, blank=True)

    objects: ClassVar[ReportManager[Report]] = ReportManager()
    # The content is large and derived; the file names are recorded by the services instead
    # (the audit snapshot cannot read an empty file field).
    audit_exclude = ("body_html", "html_file", "pdf_file")

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["government", "kind", "-created_at"], name="report_gov_kind"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "kind", "year", "version"],
                condition=Q(year__isnull=False),
                name="report_unique_version_of_year",
                violation_error_message=_("This version of the report already exists."),
            ),
            models.UniqueConstraint(
                fields=["government", "kind", "version"],
                condition=Q(year__isnull=True),
                name="report_unique_version",
                violation_error_message=_("This version of the report already exists."),
            ),
            models.CheckConstraint(
                condition=Q(kind=ReportKind.HANDOVER, year__isnull=True)
                | Q(kind=ReportKind.ANNUAL, year__isnull=False),
                name="report_year_for_annual_only",
                violation_error_message=_("An annual report has a year; a handover dossier not."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("reports:report-detail", args=[self.pk])

    def clean(self) -> None:
        if self.kind == ReportKind.ANNUAL and self.year is None:
            raise ValidationError({"year": _("Choose the year the annual report covers.")})
        if self.kind == ReportKind.HANDOVER and self.year is not None:
            raise ValidationError({"year": _("A handover dossier covers no single year.")})

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.READY

    def download_name(self, extension: str) -> str:
        """A file name that says what the file is, e.g.
        ``handover-dossier-villa-esperanza-v3-2026-11-28.pdf``."""
        kind = (
            "handover-dossier" if self.kind == ReportKind.HANDOVER else f"annual-report-{self.year}"
        )
        government = slugify(str(getattr(self.government, "slug", "") or self.government_id))
        stamp = f"-{self.generated_at:%Y-%m-%d}" if self.generated_at else ""
        return f"{kind}-{government}-v{self.version}{stamp}.{extension}"


def export_path(instance: ListExport, filename: str) -> str:
    """exports/<government>/<id>/<file name>"""
    return f"exports/{instance.government_id}/{instance.pk or 'new'}/{filename}"


class ExportPolicy(RolePolicy):
    """Every member may ask for an export of a list they see; the file holds that list as its
    requester sees it, so only they (and the government's administrators) see the export."""

    def allows_on(self, membership: Any, action: Operation, obj: Any) -> bool:
        if not self.allows(membership, action):
            return False
        return bool(
            obj.requested_by_id == membership.user_id or membership.role == Role.ADMINISTRATOR
        )


class ListExport(TenantModel):
    """A large list exported to CSV or XLSX by the job worker (a small one is answered at
    once: ``core/exports.py``). It records the list's address and filters, and the file."""

    title = models.CharField(_("list"), max_length=200)
    path = models.CharField(_("address of the list"), max_length=300)
    query = models.TextField(_("filters"), blank=True)
    fmt = models.CharField(_("format"), max_length=4, choices=[("csv", "CSV"), ("xlsx", "XLSX")])
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=export_path, blank=True, max_length=300)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)
    task_id = models.CharField(_("background job"), max_length=64, blank=True)

    permission_policy = ExportPolicy()
    # The file name is recorded by the service (the snapshot cannot read an empty file field).
    audit_exclude = ("file",)

    class Meta:
        verbose_name = _("list export")
        verbose_name_plural = _("list exports")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["government", "-created_at"], name="listexport_gov_created")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.fmt.upper()})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:list-export", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

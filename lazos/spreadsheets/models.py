"""An import of a spreadsheet: the uploaded file, its preview and how applying it went."""

from __future__ import annotations

import uuid
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.core.models import TenantModel
from lazos.core.permissions import Operation, RolePolicy, policy_for
from lazos.governments.choices import Role
from lazos.spreadsheets.choices import ACTIVE_STATUSES, IMPORT_MODELS, ImportKind, ImportStatus


def import_upload_path(instance: ImportRun, filename: str) -> str:
    return f"imports/{instance.government_id}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}/{filename}"


class ImportPolicy(RolePolicy):
    """Imports are for the members who may add records: administrators, coordinators and
    editors (editors import only agreements and actions of their departments). On one import,
    the member needs the ADD permission on the kind of record it imports."""

    roles = {
        **RolePolicy.roles,
        Operation.VIEW: frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.EDITOR}),
        Operation.ADD: frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.EDITOR}),
        Operation.CHANGE: frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.EDITOR}),
    }

    def allows_on(self, membership: Any, action: Operation, obj: Any) -> bool:
        if not self.allows(membership, action):
            return False
        return policy_for(obj.target_model).allows(membership, Operation.ADD)


class ImportRun(TenantModel):
    """One uploaded spreadsheet of partners, agreements or actions, previewed then applied.

    Not audited itself (it is a record of an import); the records it writes are, with the
    channel "import".
    """

    kind = models.CharField(_("kind of records"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(_("file"), upload_to=import_upload_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    blank_clears = models.BooleanField(
        _("blank cells clear values"),
        default=False,
        help_text=_("When set, an empty cell empties the stored value instead of keeping it."),
    )
    to_create = models.PositiveIntegerField(_("to create"), default=0)
    to_update = models.PositiveIntegerField(_("to update"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    total = models.PositiveIntegerField(_("rows in total"), default=0)
    errors = models.JSONField(
        _("errors"), default=list, blank=True, help_text=_("Each error: row, column, message.")
    )
    sample = models.JSONField(
        _("sample of changes"),
        default=list,
        blank=True,
        help_text=_("The first rows to create and to update, with their changes."),
    )
    ignored_columns = models.JSONField(_("ignored columns"), default=list, blank=True)
    task_id = models.CharField(_("background job"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    reverted_at = models.DateTimeField(
        _("reverted"),
        null=True,
        blank=True,
        help_text=_(
            "When the import was undone: what it created deleted, what it changed restored."
        ),
    )
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reverted by"),
    )

    permission_policy = ImportPolicy()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["government", "-created_at"], name="importrun_gov_created")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_kind_display()})"

    def get_absolute_url(self) -> str:
        return reverse("spreadsheets:import-detail", args=[self.pk])

    @property
    def target_model(self) -> type[models.Model]:
        return apps.get_model(IMPORT_MODELS[self.kind])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def can_apply(self) -> bool:
        return self.status == ImportStatus.PREVIEWED and self.error_count == 0

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.APPLIED:
            return 100
        return int(100 * self.processed / self.total) if self.total else 0

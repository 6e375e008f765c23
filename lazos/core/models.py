"""Base models shared by every domain app, and the audit trail."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.core.audit import AuditAction, Channel
from lazos.core.permissions import Operation, RolePolicy
from lazos.core.querysets import AuditEventManager, TenantQuerySet
from lazos.core.single_line import SingleLineFields, normalise_before_save
from lazos.core.tenancy import foreign_government_errors
from lazos.governments.choices import Role

if TYPE_CHECKING:
    from lazos.governments.models import Membership

# No CharField of a Lazos model stores a line break, however the value arrives
# (see lazos/core/single_line.py): normalised in full_clean() and again before every save.
pre_save.connect(normalise_before_save, dispatch_uid="lazos.core.single_line_fields")


class AuditLogPolicy(RolePolicy):
    """The activity log shows personal data: administrators and coordinators only."""

    roles = {**RolePolicy.roles, Operation.VIEW: frozenset({Role.ADMINISTRATOR, Role.COORDINATOR})}


class TenantModel(SingleLineFields, models.Model):
    """A row owned by one government. Every tenant-owned table inherits from this.

    Its single-line fields (every ``CharField``) never hold a line break: see
    :mod:`lazos.core.single_line`."""

    government = models.ForeignKey(
        "governments.Government",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("government"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TenantQuerySet.as_manager()

    # Foreign keys that may point to another government's row on purpose (see core/tenancy.py).
    cross_government_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def clean_fields(self, exclude: Any = None) -> None:
        """Each field's own checks, then: every foreign key to a tenant-owned row designates a
        row of this row's government (another government's is "not found")."""
        errors: dict[str, list[ValidationError]] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name, found in foreign_government_errors(self, exclude or ()).items():
            if name not in errors:
                errors[name] = found
        if errors:
            raise ValidationError(errors)


class AuditEvent(SingleLineFields, models.Model):
    """One recorded change. Append-only: rows are never updated or deleted.

    The database refuses updates (and, on PostgreSQL, deletes) through triggers created in
    the migration; ``save()`` refuses to overwrite an existing row.
    """

    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    government = models.ForeignKey(
        "governments.Government",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("government"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(
        _("who (as recorded)"),
        max_length=150,
        help_text=_("The username at the time, or the channel when no person acted."),
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind of object")
    )
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(
        _("changes"), default=dict, help_text=_("For each field: its value before and after.")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    request_id = models.CharField(_("request"), max_length=64, blank=True)

    objects: ClassVar[AuditEventManager[AuditEvent]] = AuditEventManager()
    permission_policy = AuditLogPolicy()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["government", "-occurred_at"], name="audit_gov_time_idx"),
            models.Index(
                fields=["content_type", "object_id", "-occurred_at"], name="audit_object_idx"
            ),
            # The events of one request or one import run (an import's revert reads them).
            models.Index(fields=["request_id"], name="audit_request_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()} "
            f"{self.object_repr}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit events are append-only.")

    @property
    def changed_fields(self) -> list[tuple[str, object, object]]:
        return [(name, v.get("before"), v.get("after")) for name, v in self.changes.items()]


class Tag(TenantModel):
    """A free label a government puts on its objects (partners, agreements, actions…)."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60, allow_unicode=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "slug"],
                name="tag_unique_slug_per_government",
                violation_error_message=_("This tag already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.name


def attachment_path(instance: Attachment, filename: str) -> str:
    """A random name with the (checked) extension: nothing of the uploaded name reaches the
    storage; the download carries ``original_name``."""
    extension = Path(filename).suffix.lower()
    return (
        f"attachments/{instance.government_id}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"
    )


class AttachmentKind(models.TextChoices):
    SIGNED_TEXT = "signed_text", _("signed text")
    ANNEX = "annex", _("annex")
    REPORT = "report", _("report")
    EVIDENCE = "evidence", _("evidence")
    PHOTO = "photo", _("photo")
    OTHER = "other", _("other")


class Attachment(TenantModel):
    """A file attached to any object of a government; uploading the same title again adds a
    new version and keeps the earlier ones."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind of object")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind of document"),
        max_length=20,
        choices=AttachmentKind.choices,
        default=AttachmentKind.OTHER,
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    mime_type = models.CharField(_("file type"), max_length=100)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Public files can appear on the public portal.")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["title", "-version"]
        indexes = [
            models.Index(
                fields=["government", "content_type", "object_id"], name="attachment_target_idx"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "content_type", "object_id", "title", "version"],
                name="attachment_unique_version",
                violation_error_message=_("This version of the document already exists."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class MemberViewsPolicy(RolePolicy):
    """Every member keeps views of the lists for themselves; the services decide who shares
    and who changes a view (its owner; coordinators and administrators for shared ones)."""

    roles = {
        **RolePolicy.roles,
        Operation.ADD: frozenset(Role.values),
        Operation.CHANGE: frozenset(Role.values),
        Operation.DELETE: frozenset(Role.values),
    }


class SavedView(TenantModel):
    """A list's filters and sort order kept under a name: the person's own, or shared with
    the government; a person may make one view of a list their default for that list."""

    permission_policy = MemberViewsPolicy()

    list_name = models.CharField(_("list"), max_length=100)  # the list's URL name
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filters and sort order"), max_length=2000, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_views",
        verbose_name=_("saved by"),
    )
    is_shared = models.BooleanField(_("shared with the government"), default=False)
    default_for = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="default_views",
        blank=True,
        verbose_name=_("default view of"),
    )

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "owner", "list_name", "name"],
                name="saved_view_unique_name",
                violation_error_message=_("You already have a view of this list with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


# --- Rows of background jobs the core runs itself (on the Jobs page: core/job_kinds.py) ------


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("running")
    FINISHED = "finished", _("finished")
    FAILED = "failed", _("failed")


class StarterOnlyPolicy(RolePolicy):
    """A bulk change's job is seen by the member who started it, and by no one else (its
    outcome names objects of lists other roles may not change)."""

    def allows_on(self, membership: Membership | None, action: Operation, obj: Any) -> bool:
        return (
            self.allows(membership, action)
            and membership is not None
            and obj.started_by_id == membership.user_id
        )


class BulkOperation(models.TextChoices):
    CHANGE = "change", _("change")
    DELETE = "delete", _("deletion")


class BulkRun(TenantModel):
    """A bulk change or deletion of more than ``bulk.JOB_THRESHOLD`` objects of a register
    list, run as a background job (``core/bulk.py``): written when it is queued, its counts
    and outcome written by the job when it ends; its progress while it runs is in the
    progress store (``core/progress.py``)."""

    permission_policy = StarterOnlyPolicy()

    # Unique within the government (its pages find a run by government and token), so the
    # table can be split by government (lazos/core/distribution.py).
    token = models.CharField(_("reference"), max_length=32, editable=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    model_label = models.CharField(_("list"), max_length=100)  # app_label.model
    operation = models.CharField(_("operation"), max_length=10, choices=BulkOperation.choices)
    change_label = models.CharField(_("change"), max_length=200, blank=True)
    list_url = models.CharField(_("list address"), max_length=2000, blank=True)
    page_url = models.CharField(_("page address"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("objects"), default=0)
    done = models.PositiveIntegerField(_("objects checked"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    skipped = models.PositiveIntegerField(_("left as they were"), default=0)
    failures = models.JSONField(_("failures"), default=list, blank=True)  # [[label, reason]]
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulk change")
        verbose_name_plural = _("bulk changes")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "token"],
                name="bulk_run_unique_token",
                violation_error_message=_("This reference is already in use."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_operation_display()}: {self.model_label} ({self.total})"

    def get_absolute_url(self) -> str:
        return self.page_url

    def outcome(self) -> dict[str, Any]:
        """The outcome as the bulk pages show it (``bulk.Outcome.as_dict()``)."""
        return {
            "changed": self.changed,
            "skipped": self.skipped,
            "failed": [tuple(failure) for failure in self.failures],
            "deleting": self.operation == BulkOperation.DELETE,
        }


class RevertRun(TenantModel):
    """The revert of an import run (``core/import_revert.py``), queued as a background job:
    which run (a spreadsheet or an IATI import), who asked for it, its counts, its result or
    its error. What the revert did is also in the run's fields and the audit trail."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind of import")
    )
    object_id = models.PositiveBigIntegerField(_("import"))
    run = GenericForeignKey("content_type", "object_id")
    run_label = models.CharField(_("import"), max_length=300)
    run_url = models.CharField(_("import address"), max_length=300, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("objects"), default=0)
    done = models.PositiveIntegerField(_("objects reverted"), default=0)
    summary = models.TextField(_("result"), blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import revert")
        verbose_name_plural = _("import reverts")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="revert_run_by_run")]

    def __str__(self) -> str:
        return str(_("Revert of “%(run)s”") % {"run": self.run_label})

    def get_absolute_url(self) -> str:
        return self.run_url

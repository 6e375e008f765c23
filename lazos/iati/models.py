"""What IATI files carry beyond the register: transactions, links to documents, the period of
an imported budget, the elements Lazos does not model (kept as published) and the record of
each import from the office."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.core.models import TenantModel
from lazos.core.permissions import DepartmentPolicy, Operation, RolePolicy
from lazos.core.validators import validate_currency
from lazos.governments.choices import Role
from lazos.iati.choices import ImportStatus
from lazos.iati.querysets import ActionPartManager, IatiImportManager

if TYPE_CHECKING:
    from lazos.actions.models import Action
    from lazos.governments.models import Government


def organisation_identifier(government: Government) -> str:
    """The government's IATI organisation identifier; without one, ``LAZOS-<slug>``."""
    return government.iati_organisation_identifier.strip() or f"LAZOS-{government.slug}"


def reported_by_government(government: Government) -> models.Q:
    """Actions the government itself reports to IATI: its own (never imported) and imported
    ones whose reporting organisation is the government's organisation identifier. Use on an
    Action QuerySet: ``Action.objects.for_tenant(g).filter(reported_by_government(g))``."""
    return models.Q(iati_extra__isnull=True) | models.Q(
        iati_extra__reporting_org_ref__iexact=organisation_identifier(government)
    )


def counted_in_dashboards(government: Government) -> models.Q:
    """Actions the government's dashboards count: those it reports itself
    (:func:`reported_by_government`) and those reported by another organisation in which the
    government takes part (it is one of their participating organisations)."""
    return reported_by_government(government) | models.Q(iati_extra__government_takes_part=True)


class ImportPolicy(RolePolicy):
    """Only coordinators and administrators see and run IATI imports."""

    roles = {
        **RolePolicy.roles,
        Operation.VIEW: frozenset({Role.ADMINISTRATOR, Role.COORDINATOR}),
    }


# A queued or running import whose row has not changed for this long was abandoned by a
# killed worker (on PostgreSQL the progress of a live one refreshes the row; an import of the
# largest file the upload limit allows takes a few minutes).
STALE_AFTER = timedelta(minutes=30)


def iati_upload_path(instance: IatiImport, filename: str) -> str:
    return f"iati/{instance.government_id}/{filename}"


class IatiImport(TenantModel):
    """An uploaded IATI activity file: its preview, then the result once applied."""

    file = models.FileField(_("file"), upload_to=iati_upload_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    version = models.CharField(_("IATI version"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    publish = models.BooleanField(
        _("publish on the portal"),
        default=False,
        help_text=_(
            "Imported actions with a description (of any type) become public; the IATI file "
            "publishes only those the government reports itself."
        ),
    )
    preview = models.JSONField(_("preview"), default=list, blank=True)
    to_create = models.PositiveIntegerField(_("to create"), default=0)
    to_update = models.PositiveIntegerField(_("to update"), default=0)
    failure = models.TextField(_("reason of the failure"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    progress_done = models.PositiveIntegerField(
        _("activities written"),
        default=0,
        help_text=_("How many activities the running import has written so far."),
    )
    progress_total = models.PositiveIntegerField(_("activities to write"), default=0)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
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

    objects: ClassVar[IatiImportManager[IatiImport]] = IatiImportManager()
    permission_policy = ImportPolicy()
    audit_exclude = ("preview",)

    class Meta:
        verbose_name = _("IATI import")
        verbose_name_plural = _("IATI imports")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["government", "-created_at"], name="iati_import_gov_created")
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("iati:import-detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        """Queued or running, and not abandoned (see :attr:`is_stale`)."""
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING) and not self.is_stale

    @property
    def is_stale(self) -> bool:
        """Queued or running but silent for longer than any import takes: its worker was
        killed (its transaction rolled back, nothing written), so it may be applied again."""
        if self.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
            return False
        return self.updated_at is not None and timezone.now() - self.updated_at > STALE_AFTER

    @property
    def can_apply(self) -> bool:
        """Previewed, failed (nothing was written; it may be tried again) or abandoned."""
        return bool(self.preview) and (
            self.status in (ImportStatus.PREVIEWED, ImportStatus.FAILED) or self.is_stale
        )


class ActionPart(TenantModel):
    """Base of the rows that belong to an action: the action's departments own them."""

    permission_policy = DepartmentPolicy()
    action_id: int  # every subclass has its ``action`` foreign key

    class Meta:
        abstract = True

    def owning_department_ids(self) -> list[int]:
        action: Any = getattr(self, "action", None)
        return action.owning_department_ids() if action is not None else []

    def get_absolute_url(self) -> str:
        return reverse("actions:action-detail", args=[self.action_id])


@dataclass(frozen=True)
class ReportingOrganisation:
    """Who reports an imported activity to IATI, as its file says."""

    ref: str
    type: str
    names: dict[str, str]
    secondary_reporter: bool | None
    # The file's default language: its name comes first. Not compared: the same organisation.
    default_language: str = field(default="", compare=False)

    @property
    def name(self) -> str:
        """The name in the file's default language, else in the first language by code (the
        names come back from a JSON column, whose key order PostgreSQL does not keep)."""
        if self.names.get(self.default_language):
            return self.names[self.default_language]
        return next((self.names[key] for key in sorted(self.names) if self.names[key]), self.ref)

    def name_in(self, language: str) -> str:
        return self.names.get(language) or self.name


class IatiActivityExtra(ActionPart):
    """What Lazos keeps of an imported IATI activity: who reports it, the activity exactly as
    published (written back for every kind of element not edited in Lazos since), and the
    parts Lazos does not model."""

    action = models.OneToOneField(
        "actions.Action",
        on_delete=models.CASCADE,
        related_name="iati_extra",
        verbose_name=_("action"),
    )
    elements = models.JSONField(
        _("kept elements"),
        default=list,
        blank=True,
        help_text=_("Each element as published: {“name”: …, “xml”: …}, in file order."),
    )
    default_language = models.CharField(_("default language"), max_length=12, blank=True)
    default_currency = models.CharField(_("default currency"), max_length=3, blank=True)
    hierarchy = models.IntegerField(_("hierarchy"), null=True, blank=True)
    humanitarian = models.BooleanField(_("humanitarian"), null=True, blank=True)
    reporting_org_ref = models.CharField(_("reporting organisation id"), max_length=150, blank=True)
    reporting_org_name = models.CharField(_("reporting organisation"), max_length=300, blank=True)
    reporting_org_type = models.CharField(
        _("reporting organisation type"), max_length=10, blank=True
    )
    reporting_org_names = models.JSONField(
        _("reporting organisation's names"),
        default=dict,
        blank=True,
        help_text=_("The reporting organisation's name in every language of the file."),
    )
    secondary_reporter = models.BooleanField(_("secondary reporter"), null=True, blank=True)
    government_takes_part = models.BooleanField(
        _("the government takes part"),
        default=False,
        help_text=_(
            "The government is one of the activity's participating organisations: an "
            "activity reported by another organisation counts in the government's dashboards "
            "only then."
        ),
    )
    source_version = models.CharField(_("IATI version of the source"), max_length=10, blank=True)
    status_code = models.CharField(
        _("IATI activity status"),
        max_length=10,
        blank=True,
        help_text=_(
            "The file's ActivityStatus code; it keeps finalisation and suspended apart, "
            "which the action's status does not."
        ),
    )
    activity_dates = models.JSONField(
        _("activity dates"),
        default=list,
        blank=True,
        help_text=_("Every activity date of the file: {“type”: …, “iso_date”: …}, in order."),
    )
    start_date_type = models.CharField(_("type of the start date"), max_length=2, blank=True)
    end_date_type = models.CharField(_("type of the end date"), max_length=2, blank=True)
    description_type = models.CharField(_("type of the description"), max_length=2, blank=True)
    result_groups = models.JSONField(
        _("results"),
        default=list,
        blank=True,
        help_text=_("The file's results: for each, the ids of its indicators, in order."),
    )
    source_xml = models.TextField(
        _("activity as published"),
        blank=True,
        help_text=_("The whole <iati-activity> element of the imported file."),
    )
    fingerprints = models.JSONField(
        _("fingerprints"),
        default=dict,
        blank=True,
        help_text=_(
            "For each kind of element, a digest of what Lazos wrote for it right after the "
            "import; a kind whose digest still matches is written back as published."
        ),
    )

    objects: ClassVar[ActionPartManager[IatiActivityExtra]] = ActionPartManager()
    # The published activity is the import's file; the digests are derived from the rest.
    audit_exclude = ("source_xml", "fingerprints")

    class Meta:
        verbose_name = _("IATI elements kept as published")
        verbose_name_plural = _("IATI elements kept as published")

    def __str__(self) -> str:
        return str(_("IATI elements of action %(id)s") % {"id": self.action_id})

    def elements_named(self, name: str) -> list[str]:
        return [item["xml"] for item in self.elements if item.get("name") == name]

    @property
    def reporting_organisation(self) -> ReportingOrganisation:
        names = dict(self.reporting_org_names or {})
        if not names and self.reporting_org_name:
            names = {self.default_language or "": self.reporting_org_name}
        return ReportingOrganisation(
            ref=self.reporting_org_ref,
            type=self.reporting_org_type,
            names=names,
            secondary_reporter=self.secondary_reporter,
            default_language=self.default_language,
        )

    def is_reported_by_others(self, government: Government) -> bool:
        """True when the activity's reporting organisation is not the government: it is shown
        as "reported by …" and never published in the government's IATI file."""
        return self.reporting_org_ref.strip().lower() != organisation_identifier(government).lower()


def reported_by(action: Action) -> ReportingOrganisation | None:
    """The organisation that reports ``action`` to IATI when it is not the action's government
    (an activity imported from another publisher's file), else None.

    Reads ``action.iati_extra`` and ``action.government``: select them with the action
    (``select_related("iati_extra", "government")``) to keep a list's queries fixed."""
    try:
        extra = action.iati_extra
    except IatiActivityExtra.DoesNotExist:
        return None
    if not extra.is_reported_by_others(action.government):
        return None
    return extra.reporting_organisation


class IatiBudget(ActionPart):
    """The IATI budget period of a budget line (imported budgets are yearly or shorter)."""

    budget_line = models.OneToOneField(
        "actions.BudgetLine",
        on_delete=models.CASCADE,
        related_name="iati_budget",
        verbose_name=_("budget line"),
    )
    budget_type = models.CharField(_("budget type"), max_length=2, default="1")
    budget_status = models.CharField(_("budget status"), max_length=2, default="1")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value_date = models.DateField(_("value date"))

    objects: ClassVar[ActionPartManager[IatiBudget]] = ActionPartManager()

    class Meta:
        verbose_name = _("IATI budget period")
        verbose_name_plural = _("IATI budget periods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="iati_budget_period_order",
                violation_error_message=_("A budget period cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"

    def owning_department_ids(self) -> list[int]:
        return self.budget_line.owning_department_ids()

    def get_absolute_url(self) -> str:
        return self.budget_line.get_absolute_url()


class Transaction(ActionPart):
    """Money that moved for an action (IATI transaction), where the government records it."""

    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.CASCADE,
        related_name="iati_transactions",
        verbose_name=_("action"),
    )
    ref = models.CharField(_("reference"), max_length=150, blank=True)
    transaction_type = models.CharField(
        _("type"), max_length=3, help_text=_("IATI TransactionType code, e.g. 3 disbursement.")
    )
    date = models.DateField(_("date"))
    # The file's precision: IATI values are xsd:decimal; 6 places keep every real file's.
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6)
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    value_date = models.DateField(_("value date"))
    description = models.TextField(_("description"), blank=True)
    provider_ref = models.CharField(_("provider id"), max_length=150, blank=True)
    provider_name = models.CharField(_("provider"), max_length=300, blank=True)
    provider_type = models.CharField(_("provider type"), max_length=10, blank=True)
    provider_activity_id = models.CharField(_("provider's activity id"), max_length=150, blank=True)
    receiver_ref = models.CharField(_("receiver id"), max_length=150, blank=True)
    receiver_name = models.CharField(_("receiver"), max_length=300, blank=True)
    receiver_type = models.CharField(_("receiver type"), max_length=10, blank=True)
    receiver_activity_id = models.CharField(_("receiver's activity id"), max_length=150, blank=True)
    humanitarian = models.BooleanField(_("humanitarian"), null=True, blank=True)
    extra_xml = models.JSONField(
        _("other elements"),
        default=list,
        blank=True,
        help_text=_("Elements of the transaction Lazos does not model, as published."),
    )

    objects: ClassVar[ActionPartManager[Transaction]] = ActionPartManager()

    class Meta:
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["government", "action"], name="iati_transaction_gov_action")
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.value} {self.currency}"


class IatiDocumentLink(ActionPart):
    """A document of an imported activity, kept as a link (files are attachments)."""

    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.CASCADE,
        related_name="iati_document_links",
        verbose_name=_("action"),
    )
    url = models.CharField(_("address"), max_length=1000)
    title = models.CharField(_("title"), max_length=500, blank=True)
    xml = models.TextField(_("element as published"))
    position = models.PositiveIntegerField(_("order"), default=0)

    objects: ClassVar[ActionPartManager[IatiDocumentLink]] = ActionPartManager()

    class Meta:
        verbose_name = _("document link")
        verbose_name_plural = _("document links")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["government", "action"], name="iati_doclink_gov_action")]

    def __str__(self) -> str:
        return self.title or self.url

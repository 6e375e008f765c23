"""What IATI files carry beyond the register: transactions, links to documents, the period of
an imported budget, the elements Lazos does not model (kept as published) and the record of
each import from the office."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lazos.core.models import TenantModel
from lazos.core.permissions import DepartmentPolicy, Operation, RolePolicy
from lazos.core.validators import validate_currency
from lazos.governments.choices import Role
from lazos.iati.choices import ImportStatus
from lazos.iati.querysets import ActionPartManager, IatiImportManager


class ImportPolicy(RolePolicy):
    """Only coordinators and administrators see and run IATI imports."""

    roles = {
        **RolePolicy.roles,
        Operation.VIEW: frozenset({Role.ADMINISTRATOR, Role.COORDINATOR}),
    }


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
        help_text=_("Imported actions with a description become public."),
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
    def can_apply(self) -> bool:
        return self.status == ImportStatus.PREVIEWED and bool(self.preview)


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


class IatiActivityExtra(ActionPart):
    """The parts of an imported IATI activity Lazos does not model, kept as published and
    written back at their place when the action is exported."""

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
    source_version = models.CharField(_("IATI version of the source"), max_length=10, blank=True)

    objects: ClassVar[ActionPartManager[IatiActivityExtra]] = ActionPartManager()

    class Meta:
        verbose_name = _("IATI elements kept as published")
        verbose_name_plural = _("IATI elements kept as published")

    def __str__(self) -> str:
        return str(_("IATI elements of action %(id)s") % {"id": self.action_id})

    def elements_named(self, name: str) -> list[str]:
        return [item["xml"] for item in self.elements if item.get("name") == name]


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
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    value_date = models.DateField(_("value date"))
    description = models.TextField(_("description"), blank=True)
    provider_ref = models.CharField(_("provider id"), max_length=150, blank=True)
    provider_name = models.CharField(_("provider"), max_length=300, blank=True)
    receiver_ref = models.CharField(_("receiver id"), max_length=150, blank=True)
    receiver_name = models.CharField(_("receiver"), max_length=300, blank=True)
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

"""Actions abroad in every modality, with budgets, missions and the commitments they leave."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.actions.choices import (
    OPEN_COMMITMENT_STATUSES,
    ActionStatus,
    ActorRole,
    CommitmentStatus,
    FundingSource,
    Modality,
)
from lazos.actions.querysets import (
    ActionLocalActorManager,
    ActionManager,
    BudgetLineManager,
    CommitmentManager,
    MissionManager,
    TravellerManager,
)
from lazos.core.content import TranslatableContent
from lazos.core.models import TenantModel
from lazos.core.permissions import DepartmentPolicy
from lazos.core.validators import validate_currency


class Action(TranslatableContent, TenantModel):
    """Anything the government does internationally."""

    title = models.CharField(_("title"), max_length=300)
    modality = models.CharField(_("modality"), max_length=40, choices=Modality.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="actions", verbose_name=_("partners")
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("agreement"),
        help_text=_("The agreement this action is carried out under, if any."),
    )
    lead_department = models.ForeignKey(
        "governments.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead department"),
    )
    departments = models.ManyToManyField(
        "governments.Department", blank=True, related_name="+", verbose_name=_("other departments")
    )
    themes = models.ManyToManyField(
        "reference.Theme", blank=True, related_name="+", verbose_name=_("themes")
    )
    sdg_targets = models.ManyToManyField(
        "reference.SdgTarget", blank=True, related_name="+", verbose_name=_("SDG targets")
    )
    tags = models.ManyToManyField("core.Tag", blank=True, related_name="+", verbose_name=_("tags"))
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown on the public portal.")
    )
    public_summary = models.TextField(_("public summary"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    iati_identifier = models.CharField(
        _("IATI identifier"),
        max_length=150,
        blank=True,
        help_text=_(
            "Globally unique activity identifier when published to IATI or imported from it. "
            "Empty: built from the government's organisation identifier."
        ),
    )
    attachments = GenericRelation("core.Attachment")

    objects: ClassVar[ActionManager[Action]] = ActionManager()
    permission_policy = DepartmentPolicy()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["-start_date", "title"]
        indexes = [
            models.Index(fields=["government", "modality"], name="action_gov_modality"),
            models.Index(fields=["government", "status"], name="action_gov_status"),
            models.Index(fields=["government", "-start_date"], name="action_gov_start"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "external_id"],
                condition=~Q(external_id=""),
                name="action_unique_external_id",
                violation_error_message=_("Another action already has this external id."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:action-detail", args=[self.pk])

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot be before the start.")})
        if self.is_public and not self.public_summary.strip():
            raise ValidationError({"public_summary": _("A public action needs a public summary.")})

    def owning_department_ids(self) -> list[int]:
        ids = [self.lead_department_id] if self.lead_department_id else []
        if self.pk:
            ids += [d.pk for d in self.departments.all()]
        return ids


class ActionLocalActor(TenantModel):
    """A local actor's participation in an action, with its role."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="participations", verbose_name=_("action")
    )
    actor = models.ForeignKey(
        "actors.LocalActor",
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("local actor"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=ActorRole.choices, default=ActorRole.PARTICIPANT
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    objects: ClassVar[ActionLocalActorManager[ActionLocalActor]] = ActionLocalActorManager()
    permission_policy = DepartmentPolicy()

    class Meta:
        verbose_name = _("local actor participation")
        verbose_name_plural = _("local actor participations")
        constraints = [
            models.UniqueConstraint(
                fields=["government", "action", "actor"],
                name="participation_unique",
                violation_error_message=_("This local actor is already listed in this action."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}"

    def owning_department_ids(self) -> list[int]:
        """The departments of the action it belongs to."""
        return self.action.owning_department_ids()

    def get_absolute_url(self) -> str:
        return reverse("actions:action-detail", args=[self.action_id])


class BudgetLine(TenantModel):
    """Money (or in-kind contribution) for an action from one funding source."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("action")
    )
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    funder = models.CharField(
        _("funder"),
        max_length=200,
        blank=True,
        help_text=_("e.g. the European Union, the partner city."),
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="EUR", validators=[validate_currency]
    )
    in_kind = models.BooleanField(
        _("in kind"), default=False, help_text=_("A contribution valued, not paid.")
    )

    objects: ClassVar[BudgetLineManager[BudgetLine]] = BudgetLineManager()
    permission_policy = DepartmentPolicy()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["source", "id"]
        indexes = [models.Index(fields=["government", "action"], name="budget_gov_action")]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.amount} {self.currency}"

    def owning_department_ids(self) -> list[int]:
        """The departments of the action it belongs to."""
        return self.action.owning_department_ids()

    def get_absolute_url(self) -> str:
        return reverse("actions:action-detail", args=[self.action_id])


class Mission(TenantModel):
    """Travel details of a mission abroad or of a delegation received."""

    action = models.OneToOneField(
        Action, on_delete=models.CASCADE, related_name="mission", verbose_name=_("action")
    )
    destination = models.ForeignKey(
        "reference.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("destination (GeoNames)"),
        help_text=_("For a delegation received: where it comes from."),
    )
    destination_text = models.CharField(_("destination"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    cost = models.DecimalField(
        _("travel cost"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="EUR", validators=[validate_currency]
    )

    objects: ClassVar[MissionManager[Mission]] = MissionManager()
    permission_policy = DepartmentPolicy()

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")

    def __str__(self) -> str:
        return self.destination_text or (
            str(self.destination)
            if Mission.destination.is_cached(self) and self.destination
            else ""
        )

    def get_absolute_url(self) -> str:
        return reverse("actions:action-detail", args=[self.action_id])

    def owning_department_ids(self) -> list[int]:
        """The departments of the action it belongs to."""
        return self.action.owning_department_ids()


class Traveller(TenantModel):
    """A person travelling on a mission (or in a delegation received)."""

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="travellers", verbose_name=_("mission")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    department = models.ForeignKey(
        "governments.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )

    objects: ClassVar[TravellerManager[Traveller]] = TravellerManager()
    permission_policy = DepartmentPolicy()

    class Meta:
        verbose_name = _("traveller")
        verbose_name_plural = _("travellers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return (
            reverse("actions:action-detail", args=[self.mission.action_id])
            if Traveller.mission.is_cached(self)
            else "#"
        )

    def owning_department_ids(self) -> list[int]:
        """The departments of the action whose mission it is."""
        return self.mission.action.owning_department_ids()


class Commitment(TenantModel):
    """A follow-up promise: who does what by when, from an action, an agreement or a meeting."""

    title = models.CharField(_("what"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("action"),
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("agreement"),
    )
    meeting = models.CharField(
        _("meeting"),
        max_length=300,
        blank=True,
        help_text=_("When it comes from a meeting: which, and when."),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("with partner"),
    )
    responsible = models.CharField(
        _("who"), max_length=200, blank=True, help_text=_("The person or team responsible.")
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible member"),
    )
    department = models.ForeignKey(
        "governments.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    objects: ClassVar[CommitmentManager[Commitment]] = CommitmentManager()
    permission_policy = DepartmentPolicy()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(
                fields=["government", "status", "due_date"], name="commitment_gov_status_due"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__isnull=False) | Q(agreement__isnull=False) | ~Q(meeting=""),
                name="commitment_has_origin",
                violation_error_message=_(
                    "A commitment comes from an action, an agreement or a meeting."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:commitment-detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.status == CommitmentStatus.DONE and not self.completed_on:
            self.completed_on = timezone.localdate()
        if self.completed_on and self.status not in (CommitmentStatus.DONE,):
            errors["completed_on"] = _("Only a commitment that is done has a completion date.")
        if errors:
            raise ValidationError(errors)

    def owning_department_ids(self) -> list[int]:
        """Its own department, and the departments of the action or agreement it comes from
        (an editor follows up the commitments of their own work)."""
        ids = [self.department_id] if self.department_id else []
        if self.action_id and self.action is not None:
            ids += self.action.owning_department_ids()
        if self.agreement_id and self.agreement is not None:
            ids += self.agreement.owning_department_ids()
        return ids

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_COMMITMENT_STATUSES

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.due_date
            and self.status in OPEN_COMMITMENT_STATUSES
            and self.due_date < timezone.localdate()
        )

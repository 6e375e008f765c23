"""Agreements: the legal instruments with partners, through their legal life."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.agreements.choices import (
    TRANSITIONS,
    AgreementKind,
    AgreementStatus,
    RegistrationStatus,
    RenewalType,
    Side,
)
from lazos.agreements.querysets import (
    NEVER,
    AgreementManager,
    AgreementTransitionManager,
    SignatoryManager,
    dormancy_cutoff,
)
from lazos.core.content import TranslatableContent
from lazos.core.models import TenantModel
from lazos.core.permissions import DepartmentPolicy


class Agreement(TranslatableContent, TenantModel):
    """A twinning, MoU, cooperation agreement… with one or more partners."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=AgreementKind.choices)
    summary = models.TextField(_("summary"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    partners = models.ManyToManyField(
        "partners.Partner", related_name="agreements", verbose_name=_("partner parties")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    status_changed_on = models.DateField(_("status since"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty for an agreement of indefinite duration."),
    )
    renewal = models.CharField(
        _("renewal"), max_length=20, choices=RenewalType.choices, default=RenewalType.NONE
    )
    notice_period_days = models.PositiveIntegerField(
        _("notice period (days)"),
        null=True,
        blank=True,
        help_text=_("Days before expiry by which renewal or termination must be notified."),
    )
    legal_basis = models.TextField(
        _("legal basis"),
        blank=True,
        help_text=_("The law, council decision or competence it rests on."),
    )
    lead_department = models.ForeignKey(
        "governments.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead department"),
    )
    # National notification and registration (e.g. before a foreign affairs ministry)
    registration_required = models.BooleanField(_("national registration required"), default=False)
    registration_status = models.CharField(
        _("registration status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.NOT_REQUIRED,
    )
    registration_submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    registration_authority = models.CharField(_("authority"), max_length=200, blank=True)
    registration_reference = models.CharField(_("reference number"), max_length=100, blank=True)
    registration_opinion = models.TextField(_("opinion received"), blank=True)
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
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    # Documents (signed text, annexes…): not a column; lets detail pages prefetch them and the
    # delete confirmation count them.
    attachments = GenericRelation("core.Attachment")

    objects: ClassVar[AgreementManager[Agreement]] = AgreementManager()
    permission_policy = DepartmentPolicy()

    # Not a column: annotated by ``AgreementQuerySet.with_last_activity()`` (``NEVER`` when
    # nothing happened), or set by ``last_activity_date()``.
    last_activity: date | None

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "title"]
        indexes = [
            models.Index(fields=["government", "status"], name="agreement_gov_status"),
            models.Index(fields=["government", "valid_until"], name="agreement_gov_until"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "external_id"],
                condition=~Q(external_id=""),
                name="agreement_unique_external_id",
                violation_error_message=_("Another agreement already has this external id."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement-detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.in_force_from and self.valid_until and self.valid_until < self.in_force_from:
            errors["valid_until"] = _("The end of validity cannot be before it comes into force.")
        if self.signed_on and self.in_force_from and self.in_force_from < self.signed_on:
            errors["in_force_from"] = _("An agreement cannot come into force before it is signed.")
        if (
            self.registration_required
            and self.registration_status == RegistrationStatus.NOT_REQUIRED
        ):
            self.registration_status = RegistrationStatus.PENDING
        if errors:
            raise ValidationError(errors)

    def owning_department_ids(self) -> list[int]:
        return [self.lead_department_id] if self.lead_department_id else []

    def allowed_transitions(self) -> list[str]:
        return sorted(
            TRANSITIONS.get(self.status, frozenset()), key=list(AgreementStatus.values).index
        )

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS.get(self.status, frozenset())

    @property
    def is_indefinite(self) -> bool:
        return self.valid_until is None

    @property
    def days_to_expiry(self) -> int | None:
        """Days until ``valid_until`` for a signed or in-force agreement (negative: past)."""
        if self.valid_until is None or self.status not in (
            AgreementStatus.IN_FORCE,
            AgreementStatus.SIGNED,
        ):
            return None
        return (self.valid_until - timezone.localdate()).days

    @property
    def days_past_expiry(self) -> int | None:
        """How many days ago it should have expired, while still signed or in force."""
        days = self.days_to_expiry
        return -days if days is not None and days < 0 else None

    @property
    def expires_soon(self) -> bool:
        """Within 90 days (the list highlights these)."""
        days = self.days_to_expiry
        return days is not None and 0 <= days <= 90

    @property
    def notice_deadline(self) -> date | None:
        if self.valid_until is None or not self.notice_period_days:
            return None
        try:
            return self.valid_until - timedelta(days=self.notice_period_days)
        except OverflowError:  # a notice period reaching before year 1: no usable deadline
            return None

    @property
    def days_to_notice_deadline(self) -> int | None:
        deadline = self.notice_deadline
        if deadline is None or self.status not in (
            AgreementStatus.IN_FORCE,
            AgreementStatus.SIGNED,
        ):
            return None
        return (deadline - timezone.localdate()).days

    def last_activity_date(self) -> date | None:
        """The latest past date anything happened under the agreement (see
        ``AgreementQuerySet.with_last_activity``); uses its annotation when present,
        otherwise asks the database."""
        if not hasattr(self, "last_activity"):
            if self.pk is None:
                candidates = [self.in_force_from, self.signed_on]
                past = [d for d in candidates if d and d <= timezone.localdate()]
                return max(past) if past else None
            self.last_activity = (
                type(self)
                .objects.filter(pk=self.pk)
                .with_last_activity()
                .only("pk")
                .get()
                .last_activity
            )
        last = self.last_activity
        return None if last is None or last <= NEVER else last

    def is_dormant(self, months: int = 12) -> bool:
        """In force with no activity under it for ``months`` months."""
        if self.status != AgreementStatus.IN_FORCE:
            return False
        last = self.last_activity_date()
        return last is None or last < dormancy_cutoff(months)


class Signatory(TenantModel):
    """A person who signs (or signed) the agreement, on either side."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("agreement")
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner"),
        help_text=_("For the partner side: which party."),
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)

    objects: ClassVar[SignatoryManager[Signatory]] = SignatoryManager()
    permission_policy = DepartmentPolicy()

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["side", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})" if self.position else self.name

    def owning_department_ids(self) -> list[int]:
        """The agreement's: whoever may change the agreement may change its signatories."""
        return self.agreement.owning_department_ids()

    def get_absolute_url(self) -> str:
        return (
            self.agreement.get_absolute_url()
            if Signatory.agreement.is_cached(self)
            else reverse("agreements:agreement-detail", args=[self.agreement_id])
        )


class AgreementTransition(TenantModel):
    """A dated change of status in the agreement's legal life."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("agreement")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=AgreementStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=AgreementStatus.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects: ClassVar[AgreementTransitionManager[AgreementTransition]] = (
        AgreementTransitionManager()
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-on", "-id"]
        indexes = [
            models.Index(fields=["government", "agreement", "-on"], name="transition_gov_agr_on")
        ]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement-detail", args=[self.agreement_id])

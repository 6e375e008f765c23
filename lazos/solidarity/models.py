"""The solidarity board: a government struck by a disaster posts needs, its partners and
fellow network members offer help, and matched and delivered help is recorded as actions of
modality "emergency aid" in the registers of both governments."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.core.models import TenantModel
from lazos.core.validators import validate_currency
from lazos.solidarity.choices import (
    EmergencyStatus,
    Hazard,
    NeedCategory,
    NeedStatus,
    OfferStatus,
)
from lazos.solidarity.querysets import EmergencyManager, NeedManager, OfferManager


class Emergency(TenantModel):
    """A disaster that struck the government (``government`` is the affected one)."""

    title = models.CharField(_("title"), max_length=300)
    hazard = models.CharField(_("hazard"), max_length=20, choices=Hazard.choices)
    description = models.TextField(
        _("situation"), help_text=_("What happened and who is affected.")
    )
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=20, choices=EmergencyStatus.choices, default=EmergencyStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    response_action = models.ForeignKey(
        "actions.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("our response action"),
        help_text=_("The emergency-aid action in the affected government's register."),
    )

    objects: ClassVar[EmergencyManager[Emergency]] = EmergencyManager()

    class Meta:
        verbose_name = _("emergency")
        verbose_name_plural = _("emergencies")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["government", "status"], name="emergency_gov_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("solidarity:emergency-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == EmergencyStatus.OPEN

    def clean(self) -> None:
        if self.closed_on and self.started_on and self.closed_on < self.started_on:
            raise ValidationError({"closed_on": _("An emergency cannot close before it started.")})


class Need(TenantModel):
    """Something the affected government asks for."""

    emergency = models.ForeignKey(
        Emergency, on_delete=models.CASCADE, related_name="needs", verbose_name=_("emergency")
    )
    category = models.CharField(_("what is needed"), max_length=20, choices=NeedCategory.choices)
    description = models.TextField(_("details"))
    quantity = models.CharField(
        _("quantity"), max_length=120, blank=True, help_text=_("e.g. “2 engineers, 3 weeks”.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )

    objects: ClassVar[NeedManager[Need]] = NeedManager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["emergency", "pk"]
        indexes = [models.Index(fields=["government", "emergency"], name="need_gov_emergency")]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("solidarity:emergency-detail", args=[self.emergency_id]) + f"#need-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == NeedStatus.OPEN


class Offer(TenantModel):
    """Help offered for a need; ``government`` is the one offering.

    Accepting an offer is the match; delivering it completes the emergency-aid action in the
    offering government's register (created at the match).
    """

    # Crosses governments on purpose (the need is the affected government's): core/tenancy.py.
    cross_government_fields = ("need",)

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="offers", verbose_name=_("need")
    )
    description = models.TextField(_("what we offer"))
    quantity = models.CharField(_("quantity"), max_length=120, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offered by"),
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("emergency-aid action"),
        help_text=_("The action in the offering government's register."),
    )

    objects: ClassVar[OfferManager[Offer]] = OfferManager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["need", "created_at", "pk"]
        indexes = [models.Index(fields=["government", "status"], name="offer_gov_status")]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.description[:60]}"

    def clean(self) -> None:
        if self.amount is not None:
            if self.amount < Decimal("0"):
                raise ValidationError({"amount": _("The amount cannot be negative.")})
            if not self.currency:
                raise ValidationError({"currency": _("Give the currency of the amount.")})
        if self.currency:
            try:
                validate_currency(self.currency)
            except ValidationError as error:
                raise ValidationError({"currency": error.messages}) from error
        if self.accepted_on and self.delivered_on and self.delivered_on < self.accepted_on:
            raise ValidationError(
                {"delivered_on": _("Help cannot be delivered before the offer was accepted.")}
            )

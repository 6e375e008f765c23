"""Public consultations: the office asks, residents and local actors answer, the office
publishes what it did with the answers ("you said, we did")."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.consultations.choices import Audience, ConsultationStatus, ContributionStatus
from lazos.consultations.querysets import (
    ConsultationManager,
    ContributionManager,
    InvitationManager,
)
from lazos.core.models import TenantModel

if TYPE_CHECKING:
    from lazos.actors.models import LocalActor


class Consultation(TenantModel):
    """A question put to residents or to invited local actors, open between two dates."""

    title = models.CharField(_("topic"), max_length=300)
    description = models.TextField(
        _("description"), help_text=_("What is proposed and what you would like to know.")
    )
    strategy = models.ForeignKey(
        "strategy.Strategy",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("about the strategy"),
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("about the agreement"),
    )
    opens_on = models.DateField(_("opens on"), default=timezone.localdate)
    closes_on = models.DateField(_("closes on"))
    audience = models.CharField(
        _("who may contribute"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.DRAFT,
    )
    response = models.TextField(
        _("our response"), blank=True, help_text=_("What you heard and what you did with it.")
    )
    response_published_at = models.DateTimeField(_("response published"), null=True, blank=True)
    invited_actors: models.ManyToManyField[LocalActor, Invitation] = models.ManyToManyField(
        "actors.LocalActor",
        through="Invitation",
        blank=True,
        related_name="+",
        verbose_name=_("invited local actors"),
    )

    objects: ClassVar[ConsultationManager[Consultation]] = ConsultationManager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_on", "title"]
        indexes = [models.Index(fields=["government", "status"], name="consultation_gov_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:consultation-detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse(
            "public-consultations:detail",
            kwargs={"government_slug": self.government.slug, "id": self.pk},
        )

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("It cannot close before it opens.")})

    @property
    def is_open_for_contributions(self) -> bool:
        today = timezone.localdate()
        return self.status == ConsultationStatus.OPEN and self.opens_on <= today <= self.closes_on

    @property
    def has_response(self) -> bool:
        return self.response_published_at is not None


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Invitation(TenantModel):
    """A local actor invited to a consultation, with its personal link."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("consultation"),
    )
    actor = models.ForeignKey(
        "actors.LocalActor",
        on_delete=models.CASCADE,
        related_name="consultation_invitations",
        verbose_name=_("local actor"),
    )
    # Unique within the government (the personal link names the government), so the table
    # can be split by government (lazos/core/distribution.py).
    token = models.CharField(_("token"), max_length=64, default=new_token)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects: ClassVar[InvitationManager[Invitation]] = InvitationManager()
    audit_exclude = ("token",)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["government", "consultation", "actor"],
                name="invitation_unique",
                violation_error_message=_("This local actor is already invited."),
            ),
            models.UniqueConstraint(
                fields=["government", "token"],
                name="invitation_unique_token",
                violation_error_message=_("This reference is already in use."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.actor) if Invitation.actor.is_cached(self) else str(self.actor_id)

    def get_absolute_url(self) -> str:
        return reverse("consultations:consultation-detail", args=[self.consultation_id])

    def get_public_url(self) -> str:
        return reverse(
            "public-consultations:invited",
            kwargs={"government_slug": self.government.slug, "token": self.token},
        )


class Contribution(TenantModel):
    """One answer to a consultation. The email is personal data: never shown publicly."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("consultation"),
    )
    display_name = models.CharField(
        _("name to show"),
        max_length=100,
        blank=True,
        help_text=_("Shown with your contribution. Empty: “Anonymous”."),
    )
    email = models.EmailField(_("email"), blank=True)
    invitation = models.ForeignKey(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("invitation"),
    )
    text = models.TextField(_("contribution"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ContributionStatus.choices,
        default=ContributionStatus.UNVERIFIED,
    )
    verified_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejecting"), blank=True)

    objects: ClassVar[ContributionManager[Contribution]] = ContributionManager()
    # Personal data stays out of the audit trail.
    audit_exclude = ("email",)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["government", "consultation", "status"], name="contribution_gov_status"
            )
        ]

    def __str__(self) -> str:
        return self.public_name

    def get_absolute_url(self) -> str:
        return reverse("consultations:consultation-detail", args=[self.consultation_id])

    @property
    def public_name(self) -> str:
        return self.display_name.strip() or str(_("Anonymous"))

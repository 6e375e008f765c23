"""Periodic reviews of a relationship (an agreement or a partner): the decision taken, its
reasons and the health score at the time."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lazos.core.models import TenantModel
from lazos.core.permissions import RolePolicy
from lazos.relationships.choices import Band, ReviewDecision
from lazos.relationships.querysets import RelationshipReviewManager


class RelationshipReview(TenantModel):
    """A dated review of an agreement or a partner: renew, revitalise, end or keep, and why."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="relationship_reviews",
        verbose_name=_("agreement"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="relationship_reviews",
        verbose_name=_("partner"),
    )
    reviewed_on = models.DateField(_("reviewed on"))
    decision = models.CharField(_("decision"), max_length=12, choices=ReviewDecision.choices)
    reasons = models.TextField(_("reasons"))
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("health score"), validators=[MaxValueValidator(100)])
    band = models.CharField(_("band"), max_length=10, choices=Band.choices)
    components = models.JSONField(
        _("score components"),
        default=dict,
        blank=True,
        help_text=_("The numbers, points and reasons of the score at the time of the review."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    objects: ClassVar[RelationshipReviewManager[RelationshipReview]] = RelationshipReviewManager()
    # Coordinators and administrators record reviews; everyone reads them.
    permission_policy = RolePolicy()

    class Meta:
        verbose_name = _("relationship review")
        verbose_name_plural = _("relationship reviews")
        ordering = ["-reviewed_on", "-id"]
        indexes = [
            models.Index(
                fields=["government", "agreement", "-reviewed_on"], name="review_gov_agreement"
            ),
            models.Index(
                fields=["government", "partner", "-reviewed_on"], name="review_gov_partner"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(agreement__isnull=False) & Q(partner__isnull=True))
                | (Q(agreement__isnull=True) & Q(partner__isnull=False)),
                name="review_of_agreement_or_partner",
                violation_error_message=_("A review is of one agreement or one partner."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewed_on:%Y-%m-%d} · {self.get_decision_display()}"

    def get_absolute_url(self) -> str:
        if self.agreement_id:
            return reverse("relationships:agreement-detail", args=[self.agreement_id])
        return reverse("relationships:partner-detail", args=[self.partner_id])

    def clean(self) -> None:
        if bool(self.agreement_id) == bool(self.partner_id):
            raise ValidationError(_("A review is of one agreement or one partner."))
        if self.decision == ReviewDecision.RENEW and not self.agreement_id:
            raise ValidationError({"decision": _("Only an agreement can be renewed.")})
        if self.next_review_on and self.reviewed_on and self.next_review_on <= self.reviewed_on:
            raise ValidationError(
                {"next_review_on": _("The next review must come after this one.")}
            )

"""City networks (UCLG, Mercociudades, Eurocities…) and the government's membership in them."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lazos.core.content import TranslatableContent
from lazos.core.models import TenantModel
from lazos.core.validators import validate_currency
from lazos.networks.choices import MembershipStatus, NetworkScope, PositionStatus
from lazos.networks.querysets import (
    EndorsementManager,
    NetworkManager,
    NetworkMembershipManager,
    NetworkPostManager,
    PositionManager,
)


class Network(TenantModel):
    """A network of cities or regions."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    scope = models.CharField(_("scope"), max_length=20, choices=NetworkScope.choices)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("as a partner"),
        help_text=_("The network's record as a partner, when it is also one."),
    )
    tags = models.ManyToManyField("core.Tag", blank=True, related_name="+", verbose_name=_("tags"))

    objects: ClassVar[NetworkManager[Network]] = NetworkManager()

    class Meta:
        verbose_name = _("city network")
        verbose_name_plural = _("city networks")
        ordering = ["name"]
        indexes = [models.Index(fields=["government", "name"], name="network_gov_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:network-detail", args=[self.pk])

    @property
    def membership(self) -> NetworkMembership | None:
        """The government's membership in this network (at most one; use with
        ``prefetch_related("memberships")`` in lists)."""
        memberships = list(self.memberships.all())
        return memberships[0] if memberships else None


class NetworkMembership(TenantModel):
    """The government's membership in a network."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("network")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Shown on the public portal and in the instance's network directory."),
    )
    since = models.DateField(_("member since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    annual_fee = models.DecimalField(
        _("annual fee"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="EUR", validators=[validate_currency]
    )
    department = models.ForeignKey(
        "governments.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible department"),
    )
    working_groups = models.TextField(
        _("working groups"),
        blank=True,
        help_text=_("One per line: the groups the government takes part in."),
    )
    reporting_duties = models.TextField(
        _("reporting duties"), blank=True, help_text=_("Reports the membership requires, and when.")
    )

    objects: ClassVar[NetworkMembershipManager[NetworkMembership]] = NetworkMembershipManager()

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        ordering = ["network__name"]
        indexes = [models.Index(fields=["government", "status"], name="netmember_gov_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "network"],
                name="netmember_unique_per_network",
                violation_error_message=_(
                    "The government already has a membership in this network."
                ),
            )
        ]

    def __str__(self) -> str:
        return (
            str(self.network)
            if NetworkMembership.network.is_cached(self)
            else f"#{self.network_id}"
        )

    def get_absolute_url(self) -> str:
        return reverse("networks:membership-detail", args=[self.pk])

    def clean(self) -> None:
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": _("The end cannot be before the start.")})

    def owning_department_ids(self) -> list[int]:
        return [self.department_id] if self.department_id else []


class NetworkPost(TenantModel):
    """A post the government holds in a network (presidency, vice-presidency, working-group chair…)."""

    membership = models.ForeignKey(
        NetworkMembership,
        on_delete=models.CASCADE,
        related_name="posts",
        verbose_name=_("membership"),
    )
    title = models.CharField(_("post"), max_length=200)
    holder = models.CharField(
        _("held by"), max_length=200, blank=True, help_text=_("The person, e.g. the mayor.")
    )
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)

    objects: ClassVar[NetworkPostManager[NetworkPost]] = NetworkPostManager()

    class Meta:
        verbose_name = _("post held")
        verbose_name_plural = _("posts held")
        ordering = ["-start"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("networks:membership-detail", args=[self.membership_id])

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end cannot be before the start.")})


class Position(TranslatableContent, TenantModel):
    """A statement or advocacy document a member government puts to its network's members
    (e.g. toward a UN process), which other member governments can endorse.

    ``government`` is the author; ``network`` is the author's own record of the network.
    Members of the same network on the instance are found through the network directory.
    """

    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="positions", verbose_name=_("network")
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))
    statement = models.TextField(_("full statement"), blank=True)
    process = models.CharField(
        _("addressed to"),
        max_length=200,
        blank=True,
        help_text=_("The process or body it addresses, e.g. “HLPF 2027”, “COP31”."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PositionStatus.choices, default=PositionStatus.DRAFT
    )
    opened_on = models.DateField(_("open for endorsement from"), null=True, blank=True)
    closes_on = models.DateField(_("endorsements close on"), null=True, blank=True)
    attachments = GenericRelation("core.Attachment")

    objects: ClassVar[PositionManager[Position]] = PositionManager()

    class Meta:
        verbose_name = pgettext_lazy("network statement", "position")
        verbose_name_plural = pgettext_lazy("network statement", "positions")
        ordering = ["-opened_on", "-pk"]
        indexes = [models.Index(fields=["government", "status"], name="position_gov_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("networks:position-detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("directory:position", kwargs={"id": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status != PositionStatus.DRAFT

    @property
    def is_open_for_endorsement(self) -> bool:
        """Open, and today is within its dates."""
        today = timezone.localdate()
        return (
            self.status == PositionStatus.OPEN
            and (self.opened_on is None or self.opened_on <= today)
            and (self.closes_on is None or self.closes_on >= today)
        )

    def clean(self) -> None:
        if self.opened_on and self.closes_on and self.closes_on < self.opened_on:
            raise ValidationError(
                {"closes_on": _("The closing date cannot be before the opening.")}
            )


class Endorsement(TenantModel):
    """A government's endorsement of a position; ``government`` is the one endorsing."""

    # Crosses governments on purpose (the position is another member government's): core/tenancy.py.
    cross_government_fields = ("position",)

    position = models.ForeignKey(
        Position,
        on_delete=models.CASCADE,
        related_name="endorsements",
        verbose_name=pgettext_lazy("network statement", "position"),
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    signatory = models.CharField(
        _("signed by"), max_length=200, blank=True, help_text=_("e.g. the mayor, by name.")
    )
    endorsed_on = models.DateField(_("endorsed on"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects: ClassVar[EndorsementManager[Endorsement]] = EndorsementManager()

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["endorsed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "position"],
                name="endorsement_unique",
                violation_error_message=_("Your government has already endorsed this position."),
            )
        ]
        indexes = [models.Index(fields=["position", "endorsed_on"], name="endorsement_position")]

    def __str__(self) -> str:
        return f"{self.government_id} → {self.position_id}"

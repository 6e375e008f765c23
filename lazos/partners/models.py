"""Partners abroad: foreign governments, organisations, networks… with contacts and a journal."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from lazos.core.models import TenantModel
from lazos.core.permissions import Operation, RolePolicy
from lazos.governments.choices import Role
from lazos.governments.models import LANGUAGE_CHOICES
from lazos.partners.choices import PartnerKind
from lazos.partners.keys import name_key, website_domain
from lazos.partners.querysets import (
    ContactManager,
    PartnerManager,
    PartnerNoteManager,
    PartnerRedirectManager,
)


class JournalPolicy(RolePolicy):
    """Department staff write in a partner's journal too: editors add notes on any partner
    and delete their own notes or their departments' ones."""

    roles = {
        **RolePolicy.roles,
        Operation.ADD: frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.EDITOR}),
        Operation.CHANGE: frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.EDITOR}),
        Operation.DELETE: frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.EDITOR}),
    }

    def allows_on(self, membership: Any, action: Operation, obj: Any) -> bool:
        if not self.allows(membership, action):
            return False
        if membership.role != Role.EDITOR or action in (Operation.VIEW, Operation.ADD):
            return True
        return obj.author_id == membership.user_id or (
            obj.department_id is not None and obj.department_id in membership.department_ids
        )


class Partner(TenantModel):
    """An organisation abroad or international that the government works with."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40, choices=PartnerKind.choices)
    country = CountryField(_("country"), blank=True, help_text=_("Empty for international bodies."))
    place = models.ForeignKey(
        "reference.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place (GeoNames)"),
        help_text=_("For a foreign city or region: its place in GeoNames (used for maps)."),
    )
    website = models.URLField(_("website"), blank=True)
    languages = models.JSONField(
        _("working languages"),
        default=list,
        blank=True,
        help_text=_("Language codes, e.g. “fr”, “en”."),
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        help_text=_("Identifier in another system or spreadsheet; re-imports update by it."),
    )
    iati_identifier = models.CharField(
        _("IATI organisation identifier"),
        max_length=150,
        blank=True,
        help_text=_(
            "Its identifier in IATI files, e.g. “GB-COH-123456” or “XM-DAC-41114” (see "
            "org-id.guide); IATI imports find the partner by it."
        ),
    )
    tags = models.ManyToManyField("core.Tag", blank=True, related_name="+", verbose_name=_("tags"))
    # Derived from ``name`` and ``website`` on every save (and bulk write), to find likely
    # duplicates with indexed queries (lazos.partners.duplicates).
    match_key = models.CharField(
        _("matching key"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_("The name without accents, case, word order or administrative prefixes."),
    )
    website_domain = models.CharField(
        _("website domain"), max_length=200, blank=True, editable=False
    )

    objects: ClassVar[PartnerManager[Partner]] = PartnerManager()
    # Derived values: the audit trail and the edit version follow name and website instead.
    audit_exclude = ("match_key", "website_domain")

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["government", "name"], name="partner_gov_name"),
            models.Index(fields=["government", "kind"], name="partner_gov_kind"),
            models.Index(
                fields=["government", "country", "match_key"], name="partner_gov_country_key"
            ),
            models.Index(fields=["government", "website_domain"], name="partner_gov_domain"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "external_id"],
                condition=~Q(external_id=""),
                name="partner_unique_external_id",
                violation_error_message=_("Another partner already has this external id."),
            ),
            models.UniqueConstraint(
                fields=["government", "iati_identifier"],
                condition=~Q(iati_identifier=""),
                name="partner_unique_iati_identifier",
                violation_error_message=_(
                    "Another partner already has this IATI organisation identifier."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_match_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            derived = {"name": "match_key", "website": "website_domain"}
            kwargs["update_fields"] = {
                *update_fields,
                *(derived[name] for name in update_fields if name in derived),
            }
        super().save(*args, **kwargs)

    def refresh_match_keys(self) -> None:
        """Derive ``match_key`` and ``website_domain`` from the name and the website."""
        self.match_key = name_key(self.name or "")
        self.website_domain = website_domain(self.website or "")

    def get_absolute_url(self) -> str:
        return reverse("partners:partner-detail", args=[self.pk])

    def language_names(self) -> list[str]:
        """The working languages by name, e.g. ["French", "English"]."""

        names = dict(LANGUAGE_CHOICES)
        return [str(names.get(code, code)) for code in self.languages or []]


class Contact(TenantModel):
    """A person at a partner. Personal data: shown to the government's staff only."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("position or role"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_primary = models.BooleanField(_("main contact"), default=False)

    objects: ClassVar[ContactManager[Contact]] = ContactManager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_primary", "name"]
        indexes = [models.Index(fields=["government", "partner"], name="contact_gov_partner")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:partner-detail", args=[self.partner_id]) + f"#contact-{self.pk}"


class PartnerNote(TenantModel):
    """A dated entry in the partner's journal (a call, a visit, a decision)."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="notes", verbose_name=_("partner")
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("note"))
    department = models.ForeignKey(
        "governments.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )

    objects: ClassVar[PartnerNoteManager[PartnerNote]] = PartnerNoteManager()
    permission_policy = JournalPolicy()

    class Meta:
        verbose_name = _("journal note")
        verbose_name_plural = _("journal notes")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["government", "partner", "-date"], name="note_gov_partner_date")
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("partners:partner-detail", args=[self.partner_id]) + f"#note-{self.pk}"


class PartnerRedirect(TenantModel):
    """The old address of a partner merged into another: its id leads to the kept partner.

    A merge deletes the merged partner after moving everything to the kept one; this row keeps
    its links (bookmarks, emails, API clients) working. When the kept partner is merged in
    turn, its redirects move with everything else."""

    old_id = models.PositiveBigIntegerField(_("old id"))
    old_name = models.CharField(_("old name"), max_length=200)
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="redirects",
        verbose_name=_("kept partner"),
    )
    merged_at = models.DateTimeField(_("merged at"), default=timezone.now)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged by"),
    )

    objects: ClassVar[PartnerRedirectManager[PartnerRedirect]] = PartnerRedirectManager()

    class Meta:
        verbose_name = _("merged partner's address")
        verbose_name_plural = _("merged partners' addresses")
        ordering = ["-merged_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "old_id"],
                name="partner_redirect_unique_old_id",
                violation_error_message=_("This partner was already merged."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.old_name} → {self.partner_id}"

    def get_absolute_url(self) -> str:
        return reverse("partners:partner-detail", args=[self.partner_id])

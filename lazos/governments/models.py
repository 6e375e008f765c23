"""The tenant (a local or regional government), its members and its departments."""

from __future__ import annotations

from typing import ClassVar

from django.conf import global_settings, settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from lazos.core.models import TenantModel
from lazos.core.permissions import AdministratorPolicy, RolePolicy
from lazos.core.single_line import SingleLineFields
from lazos.core.validators import validate_currency
from lazos.governments.choices import GovernmentKind, Role
from lazos.governments.querysets import DepartmentManager, GovernmentQuerySet, MembershipManager

# First path segments the application uses itself: a government's public site lives at
# /<slug>/, so these can never be slugs. A test checks that every top-level URL is here.
RESERVED_SLUGS = frozenset(
    {
        "accounts", "activity", "admin", "api", "dashboard", "departments", "government",
        "governments", "healthz", "i18n", "language", "media", "members", "open-data",
        "reference", "robots.txt", "sitemap.xml", "static", "favicon.ico", "search", "map",
        "about", "help", "docs", "feeds", "app", "manage", "login", "logout", "register",
        "partners", "agreements", "actions", "missions", "commitments", "networks",
        "strategy", "results", "reports", "portal", "community", "practices",
        "local-actors", "calendar", "spreadsheets", "attachments", "tags", "imports",
        "exports", "ical", "events.ics", "feed.atom", "evaluations", "indicators",
        "inbox", "relationships", "dashboards", "consultations", "opendata", "iati",
        "peers", "solidarity", "library", "directory", "experts", "privacy", "jobs",
        "saved-views",
    }
)  # fmt: skip

# Every language Django knows, by code; the name is translated when shown (Django's catalog).
LANGUAGE_CHOICES = [(code, _(name)) for code, name in sorted(global_settings.LANGUAGES)]


def validate_government_slug(value: str) -> None:
    if value.lower() in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by the application itself; choose another address."),
            code="reserved",
            params={"slug": value},
        )


def validate_language_codes(value: list[str]) -> None:
    known = {code for code, _name in LANGUAGE_CHOICES}
    unknown = [code for code in value or [] if code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown language code(s): %(codes)s."),
            code="unknown_language",
            params={"codes": ", ".join(unknown)},
        )


class Government(SingleLineFields, models.Model):
    """A local or regional government: the tenant. Every tenant-owned row points to one."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("address"),
        max_length=60,
        unique=True,
        validators=[validate_government_slug],
        help_text=_("Short name used in web addresses, e.g. “porto-alegre”."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=GovernmentKind.choices,
        default=GovernmentKind.MUNICIPALITY,
    )
    country = CountryField(_("country"))
    subdivision = models.ForeignKey(
        "reference.Subdivision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subdivision"),
        help_text=_("State, province or region (ISO 3166-2) the government belongs to."),
    )
    place = models.ForeignKey(
        "reference.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place (GeoNames)"),
        help_text=_("The city or town in GeoNames, used for maps and peer matching."),
    )
    population = models.PositiveBigIntegerField(
        _("population"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    official_languages = models.JSONField(
        _("official languages"),
        default=list,
        blank=True,
        validators=[validate_language_codes],
        help_text=_("Language codes, e.g. “es”, “pt”."),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="EUR",
        validators=[validate_currency],
        help_text=_("Default currency of budgets and costs (ISO 4217, e.g. MXN, BRL, EUR)."),
    )
    dormancy_months = models.PositiveSmallIntegerField(
        _("months before an agreement is dormant"),
        default=12,
        validators=[MinValueValidator(1)],
        help_text=_("An agreement with no activity under it for this long is shown as dormant."),
    )
    term_ends_on = models.DateField(
        _("current term ends on"),
        null=True,
        blank=True,
        help_text=_(
            "When the present administration's term ends: the handover dossier lists the "
            "actions whose budgets run beyond it."
        ),
    )
    portal_enabled = models.BooleanField(
        _("public portal"),
        default=True,
        help_text=_("Publish the public site at /<address>/ with the items marked public."),
    )
    portal_intro = models.TextField(
        _("portal introduction"),
        blank=True,
        help_text=_("A few sentences on the government's international action, for residents."),
    )
    portal_intro_translations = models.JSONField(
        _("portal introduction in other languages"), default=dict, blank=True
    )
    iati_organisation_identifier = models.CharField(
        _("IATI organisation identifier"),
        max_length=100,
        blank=True,
        help_text=_("e.g. “XM-DAC-…” or a national registry code; used in the IATI export."),
    )
    iati_organisation_type = models.CharField(
        _("IATI organisation type"),
        max_length=3,
        default="11",
        help_text=_("Code from the IATI OrganisationType codelist; 11 is local government."),
    )
    open_data_licence = models.CharField(
        _("open data licence"),
        max_length=40,
        default="CC-BY-4.0",
        help_text=_("SPDX identifier of the licence of the open data files."),
    )
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Fictional government created by “lazos demo”; every page says so."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = GovernmentQuerySet.as_manager()
    permission_policy = AdministratorPolicy()

    class Meta:
        verbose_name = _("government")
        verbose_name_plural = _("governments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governments:government")

    def clean(self) -> None:
        if self.subdivision_id and self.country:
            code = str(self.subdivision_id)
            if not code.startswith(f"{self.country}-"):
                raise ValidationError(
                    {"subdivision": _("This subdivision is not in the selected country.")}
                )

    @property
    def official_language_names(self) -> list[str]:
        names = dict(LANGUAGE_CHOICES)
        return [str(names.get(code, code)) for code in self.official_languages or []]


class Membership(TenantModel):
    """A user's role in one government."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    departments = models.ManyToManyField(
        "governments.Department",
        blank=True,
        related_name="editors",
        verbose_name=_("departments"),
        help_text=_("For editors: the departments whose work they may change."),
    )

    objects: ClassVar[MembershipManager[Membership]] = MembershipManager()
    permission_policy = AdministratorPolicy()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "user"],
                name="membership_unique_user_per_government",
                violation_error_message=_("This person is already a member of this government."),
            )
        ]

    def __str__(self) -> str:
        # The person's name when the user is already loaded; never a query here.
        who = self.user if Membership.user.is_cached(self) else f"#{self.user_id}"
        return f"{who} · {self.get_role_display()}"

    def get_absolute_url(self) -> str:
        return reverse("governments:membership-detail", args=[self.pk])

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR

    @cached_property
    def department_ids(self) -> list[int]:
        """Ids of the member's departments (uses prefetched departments when present)."""
        return [department.pk for department in self.departments.all()]


class Department(TenantModel):
    """An internal area of the government (culture, economy, environment…) that owns work."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive departments are kept for the record.")
    )

    objects: ClassVar[DepartmentManager[Department]] = DepartmentManager()
    permission_policy = RolePolicy()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "government",
                Lower("name"),
                name="department_unique_name_per_government",
                violation_error_message=_("A department with this name already exists."),
            )
        ]
        indexes = [models.Index(fields=["government", "is_active"], name="department_gov_active")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governments:department-detail", args=[self.pk])

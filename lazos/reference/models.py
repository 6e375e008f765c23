"""Reference data shared by every government: ISO 3166-2 subdivisions, GeoNames cities and the
UN Sustainable Development Goals with their targets.

This is not tenant data: rows are loaded from public sources (``loaders.py``) and never edited
through the application.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from lazos.reference.querysets import (
    CityQuerySet,
    SdgGoalQuerySet,
    SdgTargetQuerySet,
    SubdivisionQuerySet,
)

SDG_LANGUAGES = ("en", "es", "fr", "pt")


def _active_language() -> str:
    """The active language reduced to one of :data:`SDG_LANGUAGES` ("pt-br" → "pt")."""
    language = (get_language() or "en").split("-")[0].lower()
    return language if language in SDG_LANGUAGES else "en"


class Subdivision(models.Model):
    """A country subdivision (state, province, region…) as coded by ISO 3166-2."""

    code = models.CharField(
        _("code"),
        max_length=8,
        primary_key=True,
        help_text=_("ISO 3166-2 code, e.g. “MX-CMX”."),
    )
    country = CountryField(_("country"), help_text=_("The country the subdivision belongs to."))
    name = models.CharField(
        _("name"), max_length=200, help_text=_("Name as published by ISO 3166-2.")
    )
    type = models.CharField(
        _("type"),
        max_length=100,
        help_text=_("Kind of subdivision as named by ISO 3166-2, e.g. “State”."),
    )
    parent_code = models.CharField(
        _("parent code"),
        max_length=8,
        blank=True,
        help_text=_("ISO 3166-2 code of the enclosing subdivision, if any."),
    )

    objects = SubdivisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subdivision")
        verbose_name_plural = _("subdivisions")
        ordering = ("country", "name")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class City(models.Model):
    """A populated place from GeoNames with at least 15,000 inhabitants."""

    geonameid = models.PositiveIntegerField(
        _("GeoNames id"), primary_key=True, help_text=_("Identifier of the place in GeoNames.")
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("Name as given by GeoNames."))
    ascii_name = models.CharField(
        _("ASCII name"), max_length=200, help_text=_("The name in plain ASCII characters.")
    )
    country = CountryField(_("country"), help_text=_("The country the place is in."))
    admin1_code = models.CharField(
        _("first-level division code"),
        max_length=20,
        blank=True,
        help_text=_("GeoNames code of the state, province or region (not ISO 3166-2)."),
    )
    subdivision_code = models.CharField(
        _("subdivision code"),
        max_length=8,
        blank=True,
        help_text=_(
            "ISO 3166-2 code of the subdivision, when GeoNames uses the ISO code itself "
            "(e.g. “US-CA”); empty otherwise."
        ),
    )
    population = models.PositiveBigIntegerField(
        _("population"), help_text=_("Number of inhabitants according to GeoNames.")
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=5, help_text=_("Decimal degrees (WGS84).")
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=5, help_text=_("Decimal degrees (WGS84).")
    )
    timezone = models.CharField(
        _("time zone"), max_length=40, help_text=_("IANA time zone, e.g. “America/Sao_Paulo”.")
    )
    search_text = models.TextField(
        _("search text"),
        blank=True,
        help_text=_(
            "Folded names (lowercase, without accents, Latin script only) used for search; "
            "not shown."
        ),
    )

    objects = CityQuerySet.as_manager()

    # Not a column: annotated by ``CityQuerySet.search()`` (a ``CityMatch``, best first).
    search_match: int

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ("-population",)
        indexes = [models.Index(fields=["country", "name"], name="reference_city_country_name")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def subdivision_short_code(self) -> str:
        """The part of the ISO 3166-2 code after the country: "US-CA" → "CA"."""
        return self.subdivision_code.partition("-")[2]

    @property
    def display_name(self) -> str:
        """Label like "Los Angeles, CA (US)", or "São Paulo (BR)" without a known subdivision."""
        country = str(self.country.code) if self.country else ""
        short = self.subdivision_short_code
        name = f"{self.name}, {short}" if short else self.name
        return f"{name} ({country})" if country else name


class SdgGoal(models.Model):
    """One of the 17 Sustainable Development Goals of the UN 2030 Agenda."""

    code = models.CharField(
        _("code"), max_length=2, primary_key=True, help_text=_("Official code, e.g. “11”.")
    )
    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, help_text=_("The goal number, used for ordering.")
    )
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_es = models.CharField(_("name (Spanish)"), max_length=300)
    name_fr = models.CharField(_("name (French)"), max_length=300)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=300)

    objects = SdgGoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("SDG goal")
        verbose_name_plural = _("SDG goals")
        ordering = ("number",)

    def __str__(self) -> str:
        return self.label

    @property
    def name(self) -> str:
        """The name in the active language, falling back to English."""
        return getattr(self, f"name_{_active_language()}") or self.name_en

    @property
    def label(self) -> str:
        """Code and name, e.g. "11 Sustainable cities and communities"."""
        return f"{self.code} {self.name}"


class SdgTarget(models.Model):
    """A target of a Sustainable Development Goal, e.g. 11.6 or 11.a."""

    code = models.CharField(
        _("code"),
        max_length=5,
        primary_key=True,
        help_text=_("Official code, e.g. “11.6” or “11.a”."),
    )
    goal = models.ForeignKey(
        SdgGoal,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("goal"),
        help_text=_("The goal the target belongs to."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        help_text=_(
            "Order within the goal: numbered targets first (1, 2…), then lettered ones (a, b…)."
        ),
    )
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_es = models.CharField(_("name (Spanish)"), max_length=300)
    name_fr = models.CharField(_("name (French)"), max_length=300)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=300)

    objects = SdgTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")
        ordering = ("goal__number", "position")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "position"],
                name="reference_sdgtarget_unique_position",
                violation_error_message=_("Another target of this goal has this position."),
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def name(self) -> str:
        """The name in the active language, falling back to English."""
        return getattr(self, f"name_{_active_language()}") or self.name_en

    @property
    def label(self) -> str:
        """Code and name, e.g. "11.6 Air quality and waste"."""
        return f"{self.code} {self.name}"


class Theme(models.Model):
    """A theme of international action (climate, culture, waste…), shared by every government
    so that practices and actions can be compared across the instance and across languages."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=120)
    sdg_goals = models.JSONField(
        _("related SDGs"), default=list, blank=True, help_text=_("Numbers of the related goals.")
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ("name_en",)

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return str(getattr(self, f"name_{_active_language()}") or self.name_en)

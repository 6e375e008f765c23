"""The international strategy: period, vision, diagnosis and a tree of objectives that the
government's partners, agreements and actions serve."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from lazos.core.content import TranslatableContent
from lazos.core.models import TenantModel
from lazos.core.validators import validate_currency
from lazos.strategy.choices import StrategyStatus
from lazos.strategy.querysets import ObjectiveManager, StrategyManager

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class Strategy(TranslatableContent, TenantModel):
    """A multi-year international strategy. A new version copies the old one and supersedes it;
    the old version is kept, read-only."""

    title = models.CharField(_("title"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("from year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("to year"), validators=YEAR_VALIDATORS)
    vision = models.TextField(_("vision"), blank=True)
    summary = models.TextField(
        _("public summary"), blank=True, help_text=_("What the strategy is for, for residents.")
    )
    external_context = models.TextField(
        _("diagnosis: external context"),
        blank=True,
        help_text=_("Opportunities and threats abroad: partners, networks, funding, agendas."),
    )
    internal_capacities = models.TextField(
        _("diagnosis: internal capacities"),
        blank=True,
        help_text=_("Staff, budget, experience, strengths and weaknesses of the government."),
    )
    development_plan = models.CharField(
        _("territory's development plan"),
        max_length=300,
        blank=True,
        help_text=_(
            "Name of the plan the strategy serves, e.g. “Municipal Development Plan 2024–2027”."
        ),
    )
    priority_countries = CountryField(_("priority countries"), multiple=True, blank=True)
    priority_regions = models.CharField(
        _("priority regions"),
        max_length=300,
        blank=True,
        help_text=_("World regions, comma-separated, e.g. “Latin America, Southern Europe”."),
    )
    priority_themes = models.ManyToManyField(
        "reference.Theme", blank=True, related_name="+", verbose_name=_("priority themes")
    )
    budget_envelope = models.DecimalField(
        _("budget envelope"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, validators=[validate_currency]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.CharField(
        _("approved by"), max_length=200, blank=True, help_text=_("e.g. City council, session 12.")
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    previous_version = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="next_version",
        verbose_name=_("previous version"),
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown on the public portal once approved.")
    )

    objects: ClassVar[StrategyManager[Strategy]] = StrategyManager()

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["-start_year", "-version"]
        indexes = [models.Index(fields=["government", "status"], name="strategy_gov_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="strategy_period_order",
                violation_error_message=_("The last year cannot be before the first."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year}–{self.end_year})"

    def get_absolute_url(self) -> str:
        return reverse("strategy:strategy-detail", args=[self.pk])

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The last year cannot be before the first.")})

    @property
    def is_editable(self) -> bool:
        return self.status != StrategyStatus.SUPERSEDED


class Objective(TranslatableContent, TenantModel):
    """An objective of a strategy: general (no parent) or specific (under a general one)."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("strategy")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("general objective"),
        help_text=_("Empty for a general objective; a specific objective sits under one."),
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("e.g. “1” or “1.2”."))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    plan_objectives = models.TextField(
        _("development plan objectives served"),
        blank=True,
        help_text=_("The objectives of the territory's plan this objective serves, one per line."),
    )
    themes = models.ManyToManyField(
        "reference.Theme", blank=True, related_name="+", verbose_name=_("themes")
    )
    sdg_targets = models.ManyToManyField(
        "reference.SdgTarget", blank=True, related_name="+", verbose_name=_("SDG targets")
    )
    actions = models.ManyToManyField(
        "actions.Action", blank=True, related_name="strategy_objectives", verbose_name=_("actions")
    )
    agreements = models.ManyToManyField(
        "agreements.Agreement",
        blank=True,
        related_name="strategy_objectives",
        verbose_name=_("agreements"),
    )
    partners = models.ManyToManyField(
        "partners.Partner",
        blank=True,
        related_name="strategy_objectives",
        verbose_name=_("partners"),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects: ClassVar[ObjectiveManager[Objective]] = ObjectiveManager()

    # Not columns: annotated by ``ObjectiveQuerySet.with_counts()``.
    n_actions: int
    n_agreements: int

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["strategy", "position", "code"]
        indexes = [models.Index(fields=["government", "strategy"], name="objective_gov_strategy")]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "strategy", "code"],
                name="objective_unique_code",
                violation_error_message=_("Another objective of this strategy has this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("strategy:objective-detail", args=[self.pk])

    def clean(self) -> None:
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("An objective cannot sit under itself.")})
            parent = self.parent
            if parent is not None and parent.strategy_id != self.strategy_id:
                raise ValidationError(
                    {"parent": _("The general objective must belong to the same strategy.")}
                )
            if parent is not None and parent.parent_id:
                raise ValidationError(
                    {"parent": _("Objectives have two levels: choose a general objective.")}
                )

    @property
    def is_general(self) -> bool:
        return self.parent_id is None

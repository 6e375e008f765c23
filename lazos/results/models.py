"""The results framework: indicators on objectives and actions, their periods with targets,
updates of the actual value with evidence and an approval path, and target revisions."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lazos.core.content import TranslatableContent
from lazos.core.models import TenantModel
from lazos.core.permissions import DepartmentPolicy
from lazos.results.choices import (
    Measure,
    ResultType,
    RollupRule,
    UpdateStatus,
    category_label,
    dimension_label,
)
from lazos.results.querysets import (
    IndicatorManager,
    IndicatorPeriodManager,
    IndicatorUpdateManager,
    TargetRevisionManager,
)


def evidence_path(instance: IndicatorUpdate, filename: str) -> str:
    return f"evidence/{instance.government_id}/{filename}"


class Indicator(TranslatableContent, TenantModel):
    """What is measured, on one objective or one action (exactly one of the two)."""

    objective = models.ForeignKey(
        "strategy.Objective",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("objective"),
    )
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("action"),
    )
    contributes_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("rolls up to"),
        help_text=_("The objective indicator this action indicator contributes to."),
    )
    rollup_rule = models.CharField(
        _("roll-up rule"),
        max_length=10,
        choices=RollupRule.choices,
        default=RollupRule.NONE,
        help_text=_("For an objective indicator: how linked action indicators make its value."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    result_title = models.CharField(
        _("expected result"),
        max_length=300,
        blank=True,
        help_text=_(
            "The result this indicator measures, e.g. “Waste collection covers every district”."
        ),
    )
    result_type = models.CharField(
        _("result level"), max_length=2, choices=ResultType.choices, default=ResultType.OUTCOME
    )
    measure = models.CharField(
        _("measure"), max_length=12, choices=Measure.choices, default=Measure.NUMBER
    )
    unit = models.CharField(
        _("unit"), max_length=100, blank=True, help_text=_("e.g. “people trained”, “tonnes”.")
    )
    rubric = models.TextField(
        _("rubric"),
        blank=True,
        help_text=_("For a qualitative indicator: one level per line, lowest first."),
    )
    ascending = models.BooleanField(
        _("higher is better"), default=True, help_text=_("Untick when the aim is to reduce.")
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    baseline_comment = models.CharField(_("baseline note"), max_length=300, blank=True)
    disaggregations = models.JSONField(
        _("disaggregation dimensions"),
        default=list,
        blank=True,
        help_text=_("“sex”, “age_group” or custom dimension names, e.g. “district”."),
    )
    update_every_months = models.PositiveSmallIntegerField(
        _("update every (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("An update is due this long after the last one (used by reminders)."),
    )
    department = models.ForeignKey(
        "governments.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible department"),
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown with its public action or strategy.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects: ClassVar[IndicatorManager[Indicator]] = IndicatorManager()
    permission_policy = DepartmentPolicy()

    # Not columns: annotated by ``IndicatorQuerySet.with_started_span()``.
    first_start: date | None
    last_end: date | None

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "title"]
        indexes = [
            models.Index(fields=["government", "objective"], name="indicator_gov_objective"),
            models.Index(fields=["government", "action"], name="indicator_gov_action"),
            # A government's indicators in the order of their ids (the home page's "updates
            # due"), without walking every government's by the primary key.
            models.Index(fields=["government", "id"], name="indicator_gov_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(objective__isnull=False) & Q(action__isnull=True))
                | (Q(objective__isnull=True) & Q(action__isnull=False)),
                name="indicator_on_objective_or_action",
                violation_error_message=_("An indicator belongs to one objective or one action."),
            )
        ]

    def dimension_labels(self) -> list[str]:
        """The disaggregation dimensions as a person reads them."""
        return [dimension_label(str(dimension)) for dimension in self.disaggregations or []]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("results:indicator-detail", args=[self.pk])

    def clean(self) -> None:
        if bool(self.objective_id) == bool(self.action_id):
            raise ValidationError(_("An indicator belongs to one objective or one action."))
        if self.contributes_to_id:
            target = self.contributes_to
            if self.objective_id:
                raise ValidationError(
                    {"contributes_to": _("Only action indicators roll up to objectives.")}
                )
            if target is not None and (
                target.objective_id is None or target.government_id != self.government_id
            ):
                raise ValidationError(
                    {"contributes_to": _("Choose an indicator of one of your objectives.")}
                )
            if target is not None and target.measure != self.measure:
                raise ValidationError(
                    {"contributes_to": _("Both indicators must use the same measure.")}
                )
        if self.action_id and self.rollup_rule != RollupRule.NONE:
            raise ValidationError(
                {"rollup_rule": _("Only objective indicators have a roll-up rule.")}
            )
        if self.measure == Measure.QUALITATIVE and not self.rubric.strip():
            raise ValidationError({"rubric": _("A qualitative indicator needs a rubric.")})

    def owning_department_ids(self) -> list[int]:
        ids = [self.department_id] if self.department_id else []
        if self.action_id and self.action is not None:
            ids.extend(self.action.owning_department_ids())
        return ids

    @property
    def rubric_levels(self) -> list[str]:
        return [line.strip() for line in self.rubric.splitlines() if line.strip()]


class IndicatorPeriod(TenantModel):
    """A reporting period of an indicator, with its target."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="periods", verbose_name=_("indicator")
    )
    start = models.DateField(_("period start"))
    end = models.DateField(_("period end"))
    target_value = models.DecimalField(
        _("target"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    target_comment = models.CharField(
        _("target note"),
        max_length=300,
        blank=True,
        help_text=_("For a qualitative indicator, the rubric level aimed at."),
    )

    objects: ClassVar[IndicatorPeriodManager[IndicatorPeriod]] = IndicatorPeriodManager()
    permission_policy = DepartmentPolicy()

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["indicator", "start"]
        indexes = [models.Index(fields=["government", "indicator"], name="period_gov_indicator")]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "indicator", "start"],
                name="period_unique_start",
                violation_error_message=_("This indicator already has a period starting then."),
            ),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="period_dates_order",
                violation_error_message=_("A period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("results:indicator-detail", args=[self.indicator_id])

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("A period cannot end before it starts.")})

    def owning_department_ids(self) -> list[int]:
        return self.indicator.owning_department_ids()


class IndicatorUpdate(TenantModel):
    """A reported actual value for a period, with narrative and evidence, going through
    draft → submitted → approved, or returned with a reason and resubmitted."""

    period = models.ForeignKey(
        IndicatorPeriod, on_delete=models.CASCADE, related_name="updates", verbose_name=_("period")
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True, blank=True)
    qualitative_value = models.CharField(
        _("rubric level"), max_length=300, blank=True, help_text=_("For a qualitative indicator.")
    )
    narrative = models.TextField(_("narrative"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True, max_length=300)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=UpdateStatus.choices, default=UpdateStatus.DRAFT
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)

    objects: ClassVar[IndicatorUpdateManager[IndicatorUpdate]] = IndicatorUpdateManager()
    permission_policy = DepartmentPolicy()
    # The stored file's path is not audited (an empty FileField cannot be snapshotted by
    # core.audit); ``evidence_name`` records which file was given.
    audit_exclude = ("evidence",)

    class Meta:
        verbose_name = _("indicator update")
        verbose_name_plural = _("indicator updates")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["government", "status"], name="update_gov_status"),
            models.Index(fields=["government", "period"], name="update_gov_period"),
        ]

    def __str__(self) -> str:
        shown = self.qualitative_value or (self.value if self.value is not None else "—")
        return f"{self.period.indicator} · {shown}"

    def get_absolute_url(self) -> str:
        return reverse("results:update-detail", args=[self.pk])

    def owning_department_ids(self) -> list[int]:
        return self.period.owning_department_ids()


class UpdateDisaggregation(TenantModel):
    """Part of an update's value for one category of one dimension (e.g. sex = female)."""

    update = models.ForeignKey(
        IndicatorUpdate,
        on_delete=models.CASCADE,
        related_name="disaggregations",
        verbose_name=_("update"),
    )
    dimension = models.CharField(_("dimension"), max_length=60)
    category = models.CharField(_("category"), max_length=60)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)

    class Meta:
        verbose_name = _("disaggregated value")
        verbose_name_plural = _("disaggregated values")
        ordering = ["dimension", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "update", "dimension", "category"],
                name="disaggregation_unique_category",
                violation_error_message=_("This category is already given for this update."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.category}: {self.value}"

    @property
    def dimension_label(self) -> str:
        return dimension_label(self.dimension)

    @property
    def category_label(self) -> str:
        return category_label(self.dimension, self.category)


class TargetRevision(TenantModel):
    """A change of a period's target: who, when and why (the target itself is on the period)."""

    period = models.ForeignKey(
        IndicatorPeriod,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("period"),
    )
    previous_value = models.DecimalField(
        _("previous target"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    new_value = models.DecimalField(
        _("new target"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    reason = models.TextField(_("reason"))
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("revised by"),
    )

    objects: ClassVar[TargetRevisionManager[TargetRevision]] = TargetRevisionManager()

    class Meta:
        verbose_name = _("target revision")
        verbose_name_plural = _("target revisions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.period}: {self.previous_value} → {self.new_value}"

"""Evaluations of an action or a strategy against the six criteria, with recommendations and
the management response whose follow-up is tracked."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.core.models import TenantModel
from lazos.core.permissions import DepartmentPolicy
from lazos.evaluations.choices import (
    OPEN_FOLLOW_UP,
    Criterion,
    EvaluationKind,
    EvaluationStatus,
    FollowUpStatus,
    Rating,
    ResponseDecision,
)
from lazos.evaluations.querysets import EvaluationManager, RecommendationManager


class Evaluation(TenantModel):
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("action"),
    )
    strategy = models.ForeignKey(
        "strategy.Strategy",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("strategy"),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=12, choices=EvaluationKind.choices, default=EvaluationKind.INTERNAL
    )
    evaluator = models.CharField(
        _("evaluator"), max_length=200, blank=True, help_text=_("Person, team or firm.")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.PLANNED,
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown on the public portal when completed.")
    )

    objects: ClassVar[EvaluationManager[Evaluation]] = EvaluationManager()
    # Editors change the evaluations of their departments' actions; a strategy's evaluation
    # belongs to the international office (coordinators and administrators).
    permission_policy = DepartmentPolicy()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-completed_on", "-start_date", "title"]
        indexes = [models.Index(fields=["government", "status"], name="evaluation_gov_status")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(action__isnull=False) & Q(strategy__isnull=True))
                | (Q(action__isnull=True) & Q(strategy__isnull=False)),
                name="evaluation_of_action_or_strategy",
                violation_error_message=_("An evaluation is of one action or one strategy."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evaluations:evaluation-detail", args=[self.pk])

    def clean(self) -> None:
        if bool(self.action_id) == bool(self.strategy_id):
            raise ValidationError(_("An evaluation is of one action or one strategy."))
        if self.status == EvaluationStatus.COMPLETED and not self.completed_on:
            raise ValidationError(
                {"completed_on": _("Give the date the evaluation was completed.")}
            )

    @property
    def subject(self) -> object:
        return self.action if self.action_id else self.strategy

    def owning_department_ids(self) -> list[int]:
        """The departments of the evaluated action (none for a strategy)."""
        if self.action_id and self.action is not None:
            return self.action.owning_department_ids()
        return []


class CriterionAssessment(TenantModel):
    evaluation = models.ForeignKey(
        Evaluation,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("evaluation"),
    )
    criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion.choices)
    rating = models.PositiveSmallIntegerField(
        _("rating"), choices=Rating.choices, null=True, blank=True
    )
    text = models.TextField(_("assessment"), blank=True)

    class Meta:
        verbose_name = _("criterion assessment")
        verbose_name_plural = _("criterion assessments")
        ordering = ["evaluation", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "evaluation", "criterion"],
                name="assessment_unique_criterion",
                violation_error_message=_("This criterion is already assessed."),
            )
        ]

    permission_policy = DepartmentPolicy()

    def __str__(self) -> str:
        return f"{self.evaluation} · {self.get_criterion_display()}"

    def get_absolute_url(self) -> str:
        return reverse("evaluations:evaluation-detail", args=[self.evaluation_id])

    def owning_department_ids(self) -> list[int]:
        return self.evaluation.owning_department_ids()


class Recommendation(TenantModel):
    evaluation = models.ForeignKey(
        Evaluation,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("evaluation"),
    )
    text = models.TextField(_("recommendation"))
    response = models.CharField(
        _("management response"),
        max_length=12,
        choices=ResponseDecision.choices,
        default=ResponseDecision.PENDING,
    )
    response_text = models.TextField(_("response"), blank=True)
    planned_action = models.TextField(_("planned action"), blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    department = models.ForeignKey(
        "governments.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    follow_up_status = models.CharField(
        _("follow-up"),
        max_length=12,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.NOT_STARTED,
    )
    follow_up_notes = models.TextField(_("follow-up notes"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    objects: ClassVar[RecommendationManager[Recommendation]] = RecommendationManager()
    # Editors change the recommendations of their departments' actions and those assigned to
    # one of their departments (they record the follow-up of what they are responsible for).
    permission_policy = DepartmentPolicy()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["evaluation", "due_date", "pk"]
        indexes = [
            models.Index(
                fields=["government", "follow_up_status"], name="recommendation_gov_status"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("evaluations:evaluation-detail", args=[self.evaluation_id])

    def clean(self) -> None:
        if self.follow_up_status == FollowUpStatus.DONE and not self.completed_on:
            raise ValidationError({"completed_on": _("Give the date the follow-up was completed.")})

    def owning_department_ids(self) -> list[int]:
        ids = [self.department_id] if self.department_id else []
        return ids + self.evaluation.owning_department_ids()

    @property
    def is_open(self) -> bool:
        return (
            self.response != ResponseDecision.REJECTED and self.follow_up_status in OPEN_FOLLOW_UP
        )

    @property
    def is_overdue(self) -> bool:
        """Open, with a due date already past."""
        return bool(self.is_open and self.due_date and self.due_date < timezone.localdate())

    @property
    def has_response(self) -> bool:
        return self.response != ResponseDecision.PENDING

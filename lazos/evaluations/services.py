"""Every write to evaluations: the evaluation, its six criteria, its recommendations, the
management response to each and the follow-up of what was promised."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.core.services import delete_audited, save_audited
from lazos.core.tenancy import require_same_government
from lazos.evaluations.choices import Criterion, FollowUpStatus, ResponseDecision
from lazos.evaluations.models import CriterionAssessment, Evaluation, Recommendation

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.actions.models import Action
    from lazos.governments.models import Department, Government
    from lazos.strategy.models import Strategy

EVALUATION_FIELDS = (
    "title",
    "kind",
    "evaluator",
    "status",
    "start_date",
    "completed_on",
    "summary",
    "findings",
    "is_public",
)
RECOMMENDATION_FIELDS = ("text", "department")
RESPONSE_FIELDS = (
    "response",
    "response_text",
    "planned_action",
    "responsible",
    "department",
    "due_date",
)
FOLLOW_UP_FIELDS = ("follow_up_status", "follow_up_notes", "completed_on")


def _own(government_id: int, field: str, related: Model | None) -> None:
    require_same_government(government_id, field, related)


def _check_dates(values: Mapping[str, Any]) -> None:
    start, completed = values.get("start_date"), values.get("completed_on")
    if isinstance(start, date) and isinstance(completed, date) and completed < start:
        raise ValidationError(
            {"completed_on": _("An evaluation cannot be completed before it starts.")}
        )


# --- Evaluations -----------------------------------------------------------------------------


@transaction.atomic
def create_evaluation(
    government: Government,
    *,
    acting_user: User,
    action: Action | None = None,
    strategy: Strategy | None = None,
    **values: Any,
) -> Evaluation:
    """Start the evaluation of one action or one strategy of ``government``."""
    _own(government.pk, "action", action)
    _own(government.pk, "strategy", strategy)
    _check_dates(values)
    evaluation = Evaluation(government=government, action=action, strategy=strategy)
    return save_audited(
        evaluation, acting_user=acting_user, fields=EVALUATION_FIELDS, values=values
    )


@transaction.atomic
def update_evaluation(evaluation: Evaluation, *, acting_user: User, **values: Any) -> Evaluation:
    _check_dates(
        {
            "start_date": values.get("start_date", evaluation.start_date),
            "completed_on": values.get("completed_on", evaluation.completed_on),
        }
    )
    return save_audited(
        evaluation, acting_user=acting_user, fields=EVALUATION_FIELDS, values=values
    )


@transaction.atomic
def delete_evaluation(evaluation: Evaluation, *, acting_user: User) -> None:
    """Delete the evaluation with its assessments and recommendations (each one audited)."""
    for recommendation in list(evaluation.recommendations.all()):
        delete_audited(recommendation, acting_user=acting_user)
    for assessment in list(evaluation.assessments.all()):
        delete_audited(assessment, acting_user=acting_user)
    delete_audited(evaluation, acting_user=acting_user)


@transaction.atomic
def assess_criterion(
    evaluation: Evaluation,
    *,
    acting_user: User,
    criterion: str,
    rating: int | None = None,
    text: str = "",
) -> CriterionAssessment | None:
    """Rate one of the six criteria (1 to 4) and say why. A criterion with neither rating nor
    text is not assessed: an existing assessment of it is removed."""
    if criterion not in Criterion.values:
        raise ValidationError({"criterion": _("Unknown criterion.")})
    text = (text or "").strip()
    assessment = CriterionAssessment.objects.filter(
        government_id=evaluation.government_id, evaluation=evaluation, criterion=criterion
    ).first()
    if rating is None and not text:
        if assessment is not None:
            delete_audited(assessment, acting_user=acting_user)
        return None
    if assessment is None:
        assessment = CriterionAssessment(
            government_id=evaluation.government_id, evaluation=evaluation, criterion=criterion
        )
    return save_audited(
        assessment,
        acting_user=acting_user,
        fields=("rating", "text"),
        values={"rating": rating, "text": text},
    )


@transaction.atomic
def assess_criteria(
    evaluation: Evaluation, *, acting_user: User, assessments: Mapping[str, Mapping[str, Any]]
) -> list[CriterionAssessment]:
    """Assess several criteria at once (the six-criteria form): all or nothing."""
    saved = []
    for criterion, values in assessments.items():
        result = assess_criterion(
            evaluation,
            acting_user=acting_user,
            criterion=criterion,
            rating=values.get("rating"),
            text=values.get("text", ""),
        )
        if result is not None:
            saved.append(result)
    return saved


# --- Recommendations -------------------------------------------------------------------------


@transaction.atomic
def add_recommendation(
    evaluation: Evaluation, *, acting_user: User, **values: Any
) -> Recommendation:
    _own(evaluation.government_id, "department", values.get("department"))
    recommendation = Recommendation(government_id=evaluation.government_id, evaluation=evaluation)
    return save_audited(
        recommendation, acting_user=acting_user, fields=RECOMMENDATION_FIELDS, values=values
    )


@transaction.atomic
def update_recommendation(
    recommendation: Recommendation, *, acting_user: User, **values: Any
) -> Recommendation:
    _own(recommendation.government_id, "department", values.get("department"))
    return save_audited(
        recommendation, acting_user=acting_user, fields=RECOMMENDATION_FIELDS, values=values
    )


@transaction.atomic
def delete_recommendation(recommendation: Recommendation, *, acting_user: User) -> None:
    delete_audited(recommendation, acting_user=acting_user)


@transaction.atomic
def respond_to_recommendation(
    recommendation: Recommendation,
    *,
    acting_user: User,
    response: str,
    response_text: str = "",
    planned_action: str = "",
    responsible: str = "",
    department: Department | None = None,
    due_date: date | None = None,
) -> Recommendation:
    """Record the management response: accepted (fully or partly) with the action planned,
    who is responsible and by when; or rejected, with the reasons."""
    _own(recommendation.government_id, "department", department)
    errors: dict[str, Any] = {}
    if response == ResponseDecision.PENDING:
        errors["response"] = _("Choose whether the recommendation is accepted or rejected.")
    elif response == ResponseDecision.REJECTED:
        if not response_text.strip():
            errors["response_text"] = _("Give the reasons for rejecting the recommendation.")
    else:
        if not planned_action.strip():
            errors["planned_action"] = _("Say what will be done about the recommendation.")
        if due_date is None:
            errors["due_date"] = _("Give the date by which it will be done.")
        if not responsible.strip() and department is None:
            errors["responsible"] = _("Say who is responsible: a person or a department.")
    if errors:
        raise ValidationError(errors)
    return save_audited(
        recommendation,
        acting_user=acting_user,
        fields=RESPONSE_FIELDS,
        values={
            "response": response,
            "response_text": response_text,
            "planned_action": planned_action,
            "responsible": responsible,
            "department": department,
            "due_date": due_date,
        },
    )


@transaction.atomic
def record_follow_up(
    recommendation: Recommendation,
    *,
    acting_user: User,
    follow_up_status: str,
    follow_up_notes: str = "",
    completed_on: date | None = None,
) -> Recommendation:
    """Record where the follow-up of an accepted recommendation stands. Done needs the date it
    was completed; only done has one."""
    if recommendation.response == ResponseDecision.PENDING:
        raise ValidationError(_("Record the management response before its follow-up."))
    if recommendation.response == ResponseDecision.REJECTED:
        raise ValidationError(_("A rejected recommendation has no follow-up."))
    errors: dict[str, Any] = {}
    if follow_up_status == FollowUpStatus.DONE:
        if completed_on is None:
            errors["completed_on"] = _("Give the date the follow-up was completed.")
        elif completed_on > timezone.localdate():
            errors["completed_on"] = _("The completion date cannot be in the future.")
    elif completed_on is not None:
        errors["completed_on"] = _("Only a follow-up that is done has a completion date.")
    if errors:
        raise ValidationError(errors)
    return save_audited(
        recommendation,
        acting_user=acting_user,
        fields=FOLLOW_UP_FIELDS,
        values={
            "follow_up_status": follow_up_status,
            "follow_up_notes": follow_up_notes,
            "completed_on": completed_on,
        },
    )

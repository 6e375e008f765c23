"""Evaluations with their six criteria, recommendations, management responses, follow-up."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lazos.api.fields import NamedChoiceField
from lazos.api.register import RegisterSerializer
from lazos.evaluations.choices import Criterion, FollowUpStatus, Rating, ResponseDecision
from lazos.evaluations.models import CriterionAssessment, Evaluation, Recommendation

CRITERION_ENUM = "CriterionAssessmentCriterionEnum"
RESPONSE_ENUM = "RecommendationResponseEnum"
FOLLOW_UP_ENUM = "RecommendationFollowUpStatusEnum"


class CriterionAssessmentSerializer(serializers.ModelSerializer):
    """One of the six criteria (OECD DAC): a rating from 1 to 4 and why."""

    criterion = NamedChoiceField(choices=Criterion.choices, enum_name=CRITERION_ENUM)
    rating = serializers.IntegerField(
        min_value=min(Rating.values),
        max_value=max(Rating.values),
        allow_null=True,
        required=False,
        default=None,
        help_text=_(
            "1 unsatisfactory, 2 partly satisfactory, 3 satisfactory, 4 highly satisfactory; "
            "null: not rated."
        ),
    )
    text = serializers.CharField(allow_blank=True, required=False, default="")

    class Meta:
        model = CriterionAssessment
        fields = ["criterion", "rating", "text"]


class EvaluationSerializer(RegisterSerializer):
    """An evaluation of one action or one strategy. Its criteria change only through
    ``POST …/criteria/``; its recommendations are ``/api/v1/recommendations/``."""

    fixed_fields = ("action", "strategy")
    action_title = serializers.CharField(source="action.title", read_only=True, allow_null=True)
    strategy_title = serializers.CharField(source="strategy.title", read_only=True, allow_null=True)
    assessments = CriterionAssessmentSerializer(
        many=True, read_only=True, help_text=_("The criteria assessed so far.")
    )
    recommendation_count = serializers.IntegerField(read_only=True)
    open_count = serializers.IntegerField(
        read_only=True, help_text=_("Recommendations still to act on.")
    )
    overdue_count = serializers.IntegerField(
        read_only=True, help_text=_("Open recommendations past their due date.")
    )

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "action",
            "action_title",
            "strategy",
            "strategy_title",
            "title",
            "kind",
            "evaluator",
            "status",
            "start_date",
            "completed_on",
            "summary",
            "findings",
            "is_public",
            "assessments",
            "recommendation_count",
            "open_count",
            "overdue_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if self.instance is None and bool(attrs.get("action")) == bool(attrs.get("strategy")):
            # The web form's message.
            raise serializers.ValidationError(
                _("Choose either an action or a strategy to evaluate.")
            )
        return attrs


class CriteriaSerializer(serializers.Serializer):
    """The six criteria at once, like the web form: each listed once. A criterion with
    neither rating nor text is not assessed (an earlier assessment of it is removed)."""

    assessments = CriterionAssessmentSerializer(many=True)

    def validate_assessments(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if sorted(row["criterion"] for row in rows) != sorted(Criterion.values):
            raise serializers.ValidationError(
                _("The form must list each of the six criteria once.")
            )
        return rows


class RecommendationSerializer(RegisterSerializer):
    """A recommendation of an evaluation. Its management response changes only through
    ``POST …/respond/``, its follow-up through ``POST …/follow-up/``."""

    fixed_fields = ("evaluation",)
    evaluation_title = serializers.CharField(source="evaluation.title", read_only=True)
    department_name = serializers.CharField(
        source="department.name", read_only=True, allow_null=True
    )
    is_open = serializers.BooleanField(
        read_only=True, help_text=_("Not rejected and its follow-up not finished.")
    )
    is_overdue = serializers.BooleanField(
        read_only=True, help_text=_("Open, with a due date already past.")
    )

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "evaluation",
            "evaluation_title",
            "text",
            "department",
            "department_name",
            "response",
            "response_text",
            "planned_action",
            "responsible",
            "due_date",
            "follow_up_status",
            "follow_up_notes",
            "completed_on",
            "is_open",
            "is_overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "response",
            "response_text",
            "planned_action",
            "responsible",
            "due_date",
            "follow_up_status",
            "follow_up_notes",
            "completed_on",
            "created_at",
            "updated_at",
        ]


class RecommendationResponseSerializer(RegisterSerializer):
    """The management response: accepted (fully or partly) with the action planned, who is
    responsible and by when; or rejected, with the reasons."""

    response = NamedChoiceField(
        choices=ResponseDecision.choices,
        enum_name=RESPONSE_ENUM,
        help_text=_("Does the government accept the recommendation?"),
    )

    class Meta:
        model = Recommendation
        fields = [
            "response",
            "response_text",
            "planned_action",
            "responsible",
            "department",
            "due_date",
        ]


class FollowUpSerializer(serializers.Serializer):
    """Where the follow-up of an accepted recommendation stands; done (or dropped) closes it."""

    follow_up_status = NamedChoiceField(
        choices=FollowUpStatus.choices,
        enum_name=FOLLOW_UP_ENUM,
        help_text=_("Where the planned action stands."),
    )
    follow_up_notes = serializers.CharField(required=False, allow_blank=True, default="")
    completed_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Only when it is done: the date it was completed."),
    )

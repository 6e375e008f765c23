"""/api/v1/evaluations/ (with …/criteria/) and /api/v1/recommendations/ (with …/respond/ and
…/follow-up/)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.api.register import IF_MATCH, PRECONDITION_FAILED, RegisterViewSet
from lazos.core.permissions import Operation
from lazos.evaluations import services
from lazos.evaluations.api.serializers import (
    CriteriaSerializer,
    EvaluationSerializer,
    FollowUpSerializer,
    RecommendationResponseSerializer,
    RecommendationSerializer,
)
from lazos.evaluations.filtersets import EvaluationFilterSet, RecommendationApiFilterSet
from lazos.evaluations.models import CriterionAssessment, Evaluation, Recommendation


class EvaluationViewSet(RegisterViewSet):
    """Evaluations of an action or a strategy against the six criteria. Editors change the
    evaluations of their departments' actions; a strategy's belongs to the international
    office. What it evaluates is set at creation."""

    model = Evaluation
    serializer_class = EvaluationSerializer
    filterset_class = EvaluationFilterSet

    def scoped(self, queryset: Any) -> Any:
        return (
            queryset.with_related()
            .with_counts()
            .prefetch_related(
                Prefetch(
                    "assessments",
                    queryset=CriterionAssessment.objects.order_by("criterion"),
                )
            )
        )

    def create_object(self, values: dict[str, Any]) -> Evaluation:
        return services.create_evaluation(self.government, acting_user=self.acting_user, **values)

    def update_object(self, instance: Evaluation, values: dict[str, Any]) -> Evaluation:
        return services.update_evaluation(instance, acting_user=self.acting_user, **values)

    def delete_object(self, instance: Evaluation) -> None:
        services.delete_evaluation(instance, acting_user=self.acting_user)

    @extend_schema(
        summary="Assess the six criteria of an evaluation",
        description=(
            "Rates each of the six criteria (relevance, coherence, effectiveness, efficiency, "
            "impact, sustainability) from 1 to 4 and says why, all at once like the web form: "
            "the body lists each criterion once (otherwise 400). A criterion with neither "
            "rating nor text is not assessed, and an earlier assessment of it is removed. "
            "Needs the right to change the evaluation. Send `If-Match` with the ETag you read "
            "to be refused (412) if it changed meanwhile."
        ),
        request=CriteriaSerializer,
        parameters=[IF_MATCH],
        responses={200: EvaluationSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def criteria(self, request: Request, pk: str | None = None) -> Response:
        evaluation = self.get_object()
        self.require(Operation.CHANGE, evaluation)
        self.check_if_match(evaluation)
        form = CriteriaSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.assess_criteria(
            evaluation,
            acting_user=self.acting_user,
            assessments={
                row["criterion"]: {"rating": row.get("rating"), "text": row.get("text", "")}
                for row in form.validated_data["assessments"]
            },
        )
        return self.etagged(self.reload(evaluation))


class RecommendationViewSet(RegisterViewSet):
    """Recommendations of the evaluations, with the management response to each and the
    follow-up of what was promised. Editors change those of their departments' actions and
    those assigned to one of their departments. ``?open=true`` lists the ones still to act on,
    like the web's list of recommendations to follow up."""

    model = Recommendation
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationApiFilterSet

    def scoped(self, queryset: Any) -> Any:
        return queryset.with_related().by_due_date()

    def create_object(self, values: dict[str, Any]) -> Recommendation:
        evaluation = values.pop("evaluation")
        # Like the web, which adds a recommendation from the evaluation's page: the member
        # must be allowed to add one to this evaluation.
        self.require(Operation.ADD, evaluation)
        return services.add_recommendation(evaluation, acting_user=self.acting_user, **values)

    def update_object(self, instance: Recommendation, values: dict[str, Any]) -> Recommendation:
        return services.update_recommendation(instance, acting_user=self.acting_user, **values)

    def delete_object(self, instance: Recommendation) -> None:
        services.delete_recommendation(instance, acting_user=self.acting_user)

    def changeable(self) -> Recommendation:
        """The recommendation of the URL, refused unless the member may change it (403) or
        when it changed since the client read it (412)."""
        recommendation: Recommendation = self.get_object()
        self.require(Operation.CHANGE, recommendation)
        self.check_if_match(recommendation)
        return recommendation

    @extend_schema(
        summary="Record the management response to a recommendation",
        description=(
            "Accepted (`accepted`, `partly`) needs the planned action, its due date and who is "
            "responsible (a person or a department); rejected (`rejected`) needs the reasons "
            "in `response_text`. Otherwise 400 with the reason and nothing is written. Send "
            "`If-Match` with the ETag you read to be refused (412) if it changed meanwhile."
        ),
        request=RecommendationResponseSerializer,
        parameters=[IF_MATCH],
        responses={200: RecommendationSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str | None = None) -> Response:
        recommendation = self.changeable()
        form = RecommendationResponseSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        form.is_valid(raise_exception=True)
        values = dict(form.validated_data)
        # As the web form: the recommendation as the response leaves it (its department)
        # must still be one the member may change.
        self.check_candidate(self.candidate(values, recommendation), Operation.CHANGE)
        services.respond_to_recommendation(recommendation, acting_user=self.acting_user, **values)
        return self.etagged(self.reload(recommendation))

    @extend_schema(
        summary="Record the follow-up of a recommendation (or close it)",
        description=(
            "Where the planned action of an accepted recommendation stands: `not_started`, "
            "`in_progress`, `done` (with `completed_on`, not in the future) or `dropped`; done "
            "and dropped close the recommendation. Refused (400) before the management "
            "response and for a rejected recommendation. Send `If-Match` with the ETag you "
            "read to be refused (412) if it changed meanwhile."
        ),
        request=FollowUpSerializer,
        parameters=[IF_MATCH],
        responses={200: RecommendationSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request: Request, pk: str | None = None) -> Response:
        recommendation = self.changeable()
        form = FollowUpSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        values = dict(form.validated_data)
        services.record_follow_up(recommendation, acting_user=self.acting_user, **values)
        return self.etagged(self.reload(recommendation))

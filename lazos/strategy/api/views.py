"""/api/v1/strategies/ (with …/approve/, …/new-version/, …/alignment/) and /api/v1/objectives/."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.api.register import IF_MATCH, PRECONDITION_FAILED, RegisterViewSet
from lazos.core.permissions import Operation
from lazos.strategy import alignment, services
from lazos.strategy.api.serializers import (
    AlignmentSerializer,
    ApproveStrategySerializer,
    ObjectiveSerializer,
    StrategySerializer,
)
from lazos.strategy.filtersets import ObjectiveFilterSet, StrategyFilterSet
from lazos.strategy.models import Objective, Strategy

LINKS = ("actions", "agreements", "partners")


class StrategyViewSet(RegisterViewSet):
    """The government's international strategies, approved first, then drafts, then superseded
    versions. A strategy is born a draft; ``…/approve/`` approves it (and supersedes the version
    it comes from); ``…/new-version/`` starts a new draft version of an approved one. Strategies
    are not deleted: a superseded version stays, read-only."""

    model = Strategy
    serializer_class = StrategySerializer
    filterset_class = StrategyFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def scoped(self, queryset: Any) -> Any:
        newer = Strategy.objects.filter(previous_version=OuterRef("pk")).values("pk")[:1]
        return (
            queryset.current_first()
            .annotate(objective_count=Count("objectives"), next_version_id=Subquery(newer))
            .prefetch_related("priority_themes")
        )

    def create_object(self, values: dict[str, Any]) -> Strategy:
        return services.create_strategy(self.government, acting_user=self.acting_user, **values)

    def update_object(self, instance: Strategy, values: dict[str, Any]) -> Strategy:
        return services.update_strategy(instance, acting_user=self.acting_user, **values)

    @extend_schema(
        summary="Approve a draft strategy",
        description=(
            "Approves a draft strategy on `approved_on` (today by default). When the draft is a "
            "new version, the version it comes from becomes superseded and read-only, in the "
            "same change. Refused (400, with the reason, nothing written) for a strategy that "
            "is not a draft or has no objective. Send `If-Match` with the ETag you read to be "
            "refused (412) if it changed meanwhile."
        ),
        request=ApproveStrategySerializer,
        parameters=[IF_MATCH],
        responses={200: StrategySerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        strategy = self.get_object()
        self.require(Operation.CHANGE, strategy)
        self.check_if_match(strategy)
        form = ApproveStrategySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.approve_strategy(
            strategy,
            acting_user=self.acting_user,
            approved_on=form.validated_data.get("approved_on"),
            approved_by=form.validated_data.get("approved_by", ""),
        )
        return self.etagged(self.reload(strategy))

    @extend_schema(
        summary="Start a new version of an approved strategy",
        description=(
            "Copies an approved strategy, with all its objectives and their links, into a new "
            "draft (version + 1) and answers it (201). The approved version stays in force "
            "until the new one is approved. Refused (400, with the reason) for a strategy that "
            "is not approved or already has a newer version. No body. Send `If-Match` with the "
            "ETag you read to be refused (412) if it changed meanwhile."
        ),
        request=None,
        parameters=[IF_MATCH],
        responses={201: StrategySerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request: Request, pk: str | None = None) -> Response:
        strategy = self.get_object()
        self.require(Operation.CHANGE, strategy)
        self.check_if_match(strategy)
        copy = self.reload(services.start_new_version(strategy, acting_user=self.acting_user))
        response = self.etagged(copy)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(
        summary="What serves the strategy (alignment figures)",
        description=(
            "Read-only: each objective with the actions, agreements and partners that serve it "
            "and their budget; the budget of the linked actions; each priority country and "
            "theme with the work there; the actions that serve no objective."
        ),
        responses={200: AlignmentSerializer},
    )
    @action(detail=True, methods=["get"])
    def alignment(self, request: Request, pk: str | None = None) -> Response:
        strategy = self.get_object()
        figures = {
            "strategy": strategy.pk,
            "objectives": list(alignment.objectives_with_totals(strategy)),
            "budget": alignment.strategy_budget(strategy),
            "countries": alignment.priority_countries(strategy),
            "themes": alignment.priority_themes(strategy),
            "unlinked_actions": list(
                alignment.unlinked_actions(strategy).values_list("pk", flat=True)
            ),
        }
        return Response(AlignmentSerializer(figures).data)


class ObjectiveViewSet(RegisterViewSet):
    """Objectives of the strategies, in two levels: general objectives and specific ones under
    them. Those of a superseded version are read-only. Who may change the strategies may change
    their objectives and the work linked to them."""

    model = Objective
    serializer_class = ObjectiveSerializer
    filterset_class = ObjectiveFilterSet

    def scoped(self, queryset: Any) -> Any:
        return (
            queryset.select_related("strategy")
            .prefetch_related("themes", "sdg_targets", *LINKS)
            .order_by("strategy_id", "position", "code", "pk")
        )

    @transaction.atomic
    def create_object(self, values: dict[str, Any]) -> Objective:
        links = {name: values.pop(name) for name in LINKS if name in values}
        strategy = values.pop("strategy")
        objective = services.create_objective(strategy, acting_user=self.acting_user, **values)
        if links:
            services.link_objective(objective, acting_user=self.acting_user, **links)
        return objective

    @transaction.atomic
    def update_object(self, instance: Objective, values: dict[str, Any]) -> Objective:
        links = {name: values.pop(name) for name in LINKS if name in values}
        services.update_objective(instance, acting_user=self.acting_user, **values)
        if links:
            services.link_objective(instance, acting_user=self.acting_user, **links)
        return instance

    def delete_object(self, instance: Objective) -> None:
        services.delete_objective(instance, acting_user=self.acting_user)

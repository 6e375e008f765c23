"""/api/v1/actions/, budget-lines/, participations/, missions/, travellers/, commitments/."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.actions import services
from lazos.actions.api.serializers import (
    ActionSerializer,
    BudgetLineSerializer,
    CommitmentSerializer,
    CompleteCommitmentSerializer,
    MissionSerializer,
    ParticipationSerializer,
    TravellerSerializer,
)
from lazos.actions.choices import ActorRole
from lazos.actions.filtersets import (
    ActionFilterSet,
    BudgetLineFilterSet,
    CommitmentFilterSet,
    MissionFilterSet,
    ParticipationFilterSet,
    TravellerFilterSet,
)
from lazos.actions.models import (
    Action,
    ActionLocalActor,
    BudgetLine,
    Commitment,
    Mission,
    Traveller,
)
from lazos.api.pagination import KeysFirstPagination
from lazos.api.register import IF_MATCH, PRECONDITION_FAILED, RegisterViewSet
from lazos.core.listing import listed_prefetches
from lazos.core.models import Tag
from lazos.core.permissions import Operation
from lazos.governments.models import Department
from lazos.partners.models import Partner
from lazos.reference.models import SdgTarget, Theme

# --- Actions -----------------------------------------------------------------------------------


class ActionViewSet(RegisterViewSet):
    """Everything the government does internationally. Partners, departments, themes and SDG
    targets are lists of ids; tags a list of names."""

    model = Action
    serializer_class = ActionSerializer
    filterset_class = ActionFilterSet
    pagination_class = KeysFirstPagination

    def scoped(self, queryset: Any) -> Any:
        queryset = queryset.select_related("lead_department", "agreement")
        if self.action == "list":
            # A page of rows: the related rows in plain lists (core/listing.py), only the
            # columns the serializer reads; the government's own rows (an index leading with
            # the government, whatever the instance's size).
            government = self.government
            return queryset.prefetch_related(
                *listed_prefetches(
                    ("partners", Partner.objects.for_tenant(government).only("pk", "name")),
                    ("departments", Department.objects.for_tenant(government).only("pk")),
                    ("themes", Theme.objects.only("pk")),
                    ("sdg_targets", SdgTarget.objects.only("pk")),
                    ("tags", Tag.objects.for_tenant(government).only("pk", "name")),
                )
            )
        return queryset.prefetch_related("partners", "departments", "themes", "sdg_targets", "tags")

    def create_object(self, values: dict[str, Any]) -> Action:
        return services.create_action(
            self.government,
            acting_user=self.acting_user,
            partners=values.pop("partners", ()),
            departments=values.pop("departments", ()),
            themes=values.pop("themes", ()),
            sdg_targets=values.pop("sdg_targets", ()),
            tags=values.pop("tags", ()),
            **values,
        )

    def update_object(self, instance: Action, values: dict[str, Any]) -> Action:
        return services.update_action(
            instance,
            acting_user=self.acting_user,
            partners=values.pop("partners", None),
            departments=values.pop("departments", None),
            themes=values.pop("themes", None),
            sdg_targets=values.pop("sdg_targets", None),
            tags=values.pop("tags", None),
            **values,
        )

    def delete_object(self, instance: Action) -> None:
        services.delete_action(instance, acting_user=self.acting_user)


class BudgetLineViewSet(RegisterViewSet):
    """Money (or in-kind contributions) of an action, by funding source."""

    model = BudgetLine
    serializer_class = BudgetLineSerializer
    filterset_class = BudgetLineFilterSet

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("action")

    def create_object(self, values: dict[str, Any]) -> BudgetLine:
        action = values.pop("action")
        return services.add_budget_line(action, acting_user=self.acting_user, **values)

    def update_object(self, instance: BudgetLine, values: dict[str, Any]) -> BudgetLine:
        return services.update_budget_line(instance, acting_user=self.acting_user, **values)

    def delete_object(self, instance: BudgetLine) -> None:
        services.delete_budget_line(instance, acting_user=self.acting_user)


class ParticipationViewSet(RegisterViewSet):
    """Local actors taking part in actions, with their role. Added or removed, not edited."""

    model = ActionLocalActor
    serializer_class = ParticipationSerializer
    filterset_class = ParticipationFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("action", "actor").order_by("action_id", "actor__name")

    def create_object(self, values: dict[str, Any]) -> ActionLocalActor:
        return services.add_participation(
            values["action"],
            acting_user=self.acting_user,
            actor=values["actor"],
            role=values.get("role", ActorRole.PARTICIPANT),
            notes=values.get("notes", ""),
        )

    def delete_object(self, instance: ActionLocalActor) -> None:
        services.remove_participation(instance, acting_user=self.acting_user)


class MissionViewSet(RegisterViewSet):
    """Travel details of missions abroad and delegations received (one per action of those
    modalities). They go with their action: deleting the action deletes them."""

    model = Mission
    serializer_class = MissionSerializer
    filterset_class = MissionFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("action", "destination").order_by(
            "-action__start_date", "pk"
        )

    def create_object(self, values: dict[str, Any]) -> Mission:
        action = values.pop("action")
        return services.save_mission(action, acting_user=self.acting_user, **values)

    def update_object(self, instance: Mission, values: dict[str, Any]) -> Mission:
        return services.save_mission(instance.action, acting_user=self.acting_user, **values)


class TravellerViewSet(RegisterViewSet):
    """People travelling on a mission (or in a delegation received). Added or removed."""

    model = Traveller
    serializer_class = TravellerSerializer
    filterset_class = TravellerFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("mission__action", "department")

    def create_object(self, values: dict[str, Any]) -> Traveller:
        mission = values.pop("mission")
        return services.add_traveller(mission, acting_user=self.acting_user, **values)

    def delete_object(self, instance: Traveller) -> None:
        services.delete_traveller(instance, acting_user=self.acting_user)


# --- Commitments -------------------------------------------------------------------------------


class CommitmentViewSet(RegisterViewSet):
    """Follow-up promises from actions, agreements and meetings. ``?overdue=yes`` lists the
    open ones past their due date."""

    model = Commitment
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilterSet

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related(
            "action", "agreement", "partner", "department", "responsible_user"
        )

    def create_object(self, values: dict[str, Any]) -> Commitment:
        return services.create_commitment(
            self.government,
            acting_user=self.acting_user,
            **values,
        )

    def update_object(self, instance: Commitment, values: dict[str, Any]) -> Commitment:
        return services.update_commitment(instance, acting_user=self.acting_user, **values)

    def delete_object(self, instance: Commitment) -> None:
        services.delete_commitment(instance, acting_user=self.acting_user)

    @extend_schema(
        summary="Mark a commitment as done",
        description=(
            "Marks the commitment done on `on` (today by default). Send `If-Match` with the "
            "ETag you read to be refused (412) if it changed meanwhile."
        ),
        request=CompleteCommitmentSerializer,
        parameters=[IF_MATCH],
        responses={200: CommitmentSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        commitment = self.get_object()
        self.require(Operation.CHANGE, commitment)
        self.check_if_match(commitment)
        form = CompleteCommitmentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.complete_commitment(
            commitment, acting_user=self.acting_user, on=form.validated_data.get("on")
        )
        return self.etagged(self.reload(commitment))

"""/api/v1/networks/, /api/v1/network-memberships/, /api/v1/network-posts/; positions:
/api/v1/positions/ (the government's own, with …/open/ and …/close/),
/api/v1/network-positions/ (every government's published ones, with …/endorse/ and
…/withdraw-endorsement/) and /api/v1/endorsements/ (those the government gave).

Rows of other governments come only from ``Position.objects.published()`` and
``Endorsement.objects.public()``, as on the network directory's pages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef, Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.api.register import IF_MATCH, PRECONDITION_FAILED, RegisterViewSet
from lazos.core.models import Attachment
from lazos.core.permissions import Operation
from lazos.networks import services
from lazos.networks.api.serializers import (
    EndorsementSerializer,
    EndorseSerializer,
    NetworkMembershipSerializer,
    NetworkPositionDetailSerializer,
    NetworkPositionSerializer,
    NetworkPostSerializer,
    NetworkSerializer,
    PositionSerializer,
)
from lazos.networks.api.shared import SharedReadOnlyViewSet
from lazos.networks.filtersets import (
    NetworkFilterSet,
    NetworkMembershipFilterSet,
    NetworkPostFilterSet,
    PositionFilterSet,
)
from lazos.networks.forms import EndorsementForm
from lazos.networks.models import Endorsement, Network, NetworkMembership, NetworkPost, Position


class NetworkViewSet(RegisterViewSet):
    """City networks, whether or not the government is a member."""

    model = Network
    serializer_class = NetworkSerializer
    filterset_class = NetworkFilterSet

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("partner").prefetch_related("tags", "memberships")

    def create_object(self, values: dict[str, Any]) -> Network:
        tags = values.pop("tags", ())
        return services.create_network(
            self.government, acting_user=self.acting_user, tags=tags, **values
        )

    def update_object(self, instance: Network, values: dict[str, Any]) -> Network:
        tags = values.pop("tags", None)
        return services.update_network(instance, acting_user=self.acting_user, tags=tags, **values)

    def delete_object(self, instance: Network) -> None:
        services.delete_network(instance, acting_user=self.acting_user)


class NetworkMembershipViewSet(RegisterViewSet):
    """The government's memberships in networks (at most one per network)."""

    model = NetworkMembership
    serializer_class = NetworkMembershipSerializer
    filterset_class = NetworkMembershipFilterSet

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("network", "department")

    def create_object(self, values: dict[str, Any]) -> NetworkMembership:
        network = values.pop("network")
        return services.create_network_membership(
            self.government, acting_user=self.acting_user, network=network, **values
        )

    def update_object(
        self, instance: NetworkMembership, values: dict[str, Any]
    ) -> NetworkMembership:
        return services.update_network_membership(instance, acting_user=self.acting_user, **values)

    def delete_object(self, instance: NetworkMembership) -> None:
        services.delete_network_membership(instance, acting_user=self.acting_user)


class NetworkPostViewSet(RegisterViewSet):
    """Posts the government holds in networks (presidency, working-group chair…)."""

    model = NetworkPost
    serializer_class = NetworkPostSerializer
    filterset_class = NetworkPostFilterSet

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("membership__network").order_by("-start", "pk")

    def create_object(self, values: dict[str, Any]) -> NetworkPost:
        membership = values.pop("membership")
        return services.add_network_post(membership, acting_user=self.acting_user, **values)

    def update_object(self, instance: NetworkPost, values: dict[str, Any]) -> NetworkPost:
        return services.update_network_post(instance, acting_user=self.acting_user, **values)

    def delete_object(self, instance: NetworkPost) -> None:
        services.delete_network_post(instance, acting_user=self.acting_user)


# --- Positions and endorsements ----------------------------------------------------------------


class PositionViewSet(RegisterViewSet):
    """The government's own positions, drafts included. The status is read-only here:
    ``POST …/open/`` opens a position for endorsement (it becomes public), ``POST …/close/``
    closes it. Only a draft can be deleted."""

    model = Position
    serializer_class = PositionSerializer
    filterset_class = PositionFilterSet

    def scoped(self, queryset: Any) -> Any:
        return (
            queryset.select_related("network")
            .annotate(endorsement_count=Count("endorsements"))
            .order_by(F("opened_on").desc(nulls_first=True), "-pk")
        )

    def create_object(self, values: dict[str, Any]) -> Position:
        network = values.pop("network")
        return services.create_position(
            self.government, acting_user=self.acting_user, network=network, **values
        )

    def update_object(self, instance: Position, values: dict[str, Any]) -> Position:
        return services.update_position(instance, acting_user=self.acting_user, **values)

    def delete_object(self, instance: Position) -> None:
        services.delete_position(instance, acting_user=self.acting_user)

    def perform_destroy(self, instance: Position) -> None:
        # The service's refusal (only a draft: close it instead) is the web's message.
        self.delete_object(instance)

    def change_status(self, open_it: bool) -> Response:
        position = self.get_object()
        self.require(Operation.CHANGE, position)
        self.check_if_match(position)
        if open_it:
            services.open_position(position, acting_user=self.acting_user)
        else:
            services.close_position(position, acting_user=self.acting_user)
        return self.etagged(self.reload(position))

    @extend_schema(
        summary="Open a position for endorsement",
        description=(
            "Opens a draft (or reopens a closed) position: it becomes public and the members "
            "of its network can endorse it. Refused (400, the web's message) when it is "
            "already open, when its closing date has passed, or when your membership in the "
            "network is not public."
        ),
        request=None,
        parameters=[IF_MATCH],
        responses={200: PositionSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def open(self, request: Request, pk: str | None = None) -> Response:
        return self.change_status(open_it=True)

    @extend_schema(
        summary="Close a position",
        description=(
            "No more endorsements; the endorsements given stay public. Only an open position "
            "can be closed."
        ),
        request=None,
        parameters=[IF_MATCH],
        responses={200: PositionSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        return self.change_status(open_it=False)


class NetworkPositionViewSet(SharedReadOnlyViewSet):
    """Published positions (open or closed) of every government, as the network directory
    shows them, with their endorsements. Your government endorses one with
    ``POST …/endorse/`` (administrators and coordinators, when it is an active member of the
    network) and withdraws its endorsement with ``POST …/withdraw-endorsement/`` while the
    position is open."""

    model = Position
    serializer_class = NetworkPositionSerializer
    shared_actions = frozenset({"list", "retrieve", "endorse", "withdraw_endorsement"})

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return NetworkPositionSerializer
        return NetworkPositionDetailSerializer

    def shared(self) -> Any:
        return Position.objects.published()

    def scoped(self, queryset: Any) -> Any:
        ours = Endorsement.objects.for_tenant(self.government).filter(position=OuterRef("pk"))
        queryset = (
            queryset.select_related("government", "network")
            .annotate(endorsement_count=Count("endorsements"), endorsed_by_us=Exists(ours))
            .order_by(F("opened_on").desc(nulls_last=True), "-pk")
        )
        if self.action != "list":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "endorsements",
                    queryset=Endorsement.objects.public()
                    .select_related("government")
                    .order_by("endorsed_on", "pk"),
                    to_attr="public_endorsements",
                ),
                Prefetch(
                    "attachments",
                    queryset=Attachment.objects.filter(is_public=True).order_by(
                        "title", "-version"
                    ),
                    to_attr="public_documents",
                ),
            )
        return queryset

    @extend_schema(
        summary="Endorse a position on behalf of your government",
        description=(
            "Records your government's endorsement, signed by `signatory`. Refused (400, "
            "with the web's sentence) when the position is not open, outside its dates, when "
            "your government is not an active member of its network, or already endorsed it. "
            "The detail's `endorsement_refusal` says beforehand why it would be refused."
        ),
        request=EndorseSerializer,
        responses={200: NetworkPositionDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def endorse(self, request: Request, pk: str | None = None) -> Response:
        position = self.get_object()
        self.require(Operation.ADD, model=Endorsement)
        form = EndorsementForm(request.data)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        services.endorse_position(
            self.government,
            position=position,
            acting_user=self.acting_user,
            signatory=form.cleaned_data["signatory"],
            note=form.cleaned_data["note"],
        )
        return self.etagged(self.reload(position))

    @extend_schema(
        summary="Withdraw your government's endorsement",
        description=(
            "Withdraws your government's endorsement while the position is open (400 with "
            "the web's message otherwise)."
        ),
        request=None,
        responses={200: NetworkPositionDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="withdraw-endorsement")
    def withdraw_endorsement(self, request: Request, pk: str | None = None) -> Response:
        position = self.get_object()
        self.require(Operation.DELETE, model=Endorsement)
        services.withdraw_endorsement(
            self.government, position=position, acting_user=self.acting_user
        )
        return self.etagged(self.reload(position))


class EndorsementViewSet(SharedReadOnlyViewSet):
    """The endorsements your government gave to published positions."""

    model = Endorsement
    serializer_class = EndorsementSerializer

    def shared(self) -> Any:
        return Endorsement.objects.for_tenant(self.government).public()

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related(
            "position__government", "position__network", "endorsed_by"
        ).order_by("-endorsed_on", "-pk")

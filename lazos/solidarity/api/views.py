"""/api/v1/emergencies/ (with …/close/), /api/v1/needs/ (with …/withdraw/, …/met/ and
…/offer/) and /api/v1/offers/ (with …/accept/, …/decline/, …/withdraw/ and …/deliver/).

Rows of other governments come only from ``Emergency.objects.visible_to`` /
``Need.objects.visible_to`` (the emergencies of governments tied to the current one) and
``Offer.objects.involving`` (offers it made or received), as on the board's pages. Each step
of the path of help is an action refused, with the web's message, when the web refuses it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.api.register import IF_MATCH, PRECONDITION_FAILED
from lazos.core.permissions import Operation
from lazos.networks.api.shared import SharedReadOnlyViewSet, SharedViewSet
from lazos.solidarity import services
from lazos.solidarity.api.serializers import (
    AcceptOfferSerializer,
    CloseEmergencySerializer,
    DeliverOfferSerializer,
    EmergencySerializer,
    MakeOfferSerializer,
    NeedSerializer,
    OfferSerializer,
)
from lazos.solidarity.filtersets import EmergencyFilterSet, NeedFilterSet, OfferFilterSet
from lazos.solidarity.forms import OfferForm
from lazos.solidarity.models import Emergency, Need, Offer
from lazos.solidarity.ties import Tie, tied_governments

NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class TiesMixin:
    """The governments tied to the current one, computed once per request."""

    government: Any

    @property
    def ties(self) -> dict[int, Tie]:
        if not hasattr(self, "_ties"):
            self._ties = tied_governments(self.government)
        return self._ties


class EmergencyViewSet(TiesMixin, SharedViewSet):
    """Emergencies of your government and of the governments tied to it (partners, fellow
    network members). Your government declares one with ``POST``, corrects it with
    ``PUT``/``PATCH`` and closes it with ``POST …/close/``; another government's emergency is
    read-only."""

    model = Emergency
    serializer_class = EmergencySerializer
    filterset_class = EmergencyFilterSet
    http_method_names = NO_DELETE

    def shared(self) -> Any:
        return Emergency.objects.visible_to(self.government, ties=self.ties)

    def filterset_kwargs(self) -> dict[str, Any]:
        return {}

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and hasattr(self, "government"):
            context["ties"] = self.ties
        return context

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("government").order_by("-started_on", "-pk")

    def create_object(self, values: dict[str, Any]) -> Emergency:
        return services.declare_emergency(self.government, acting_user=self.acting_user, **values)

    def update_object(self, instance: Emergency, values: dict[str, Any]) -> Emergency:
        return services.update_emergency(instance, acting_user=self.acting_user, **values)

    @extend_schema(
        summary="Close an emergency",
        description=(
            "Closes your government's open emergency: its open needs are withdrawn, pending "
            "offers declined and the response action completed. Accepted offers can still be "
            "delivered. Refused (400, the web's message) when it is already closed, without a "
            "closing note, or dated before it started or in the future."
        ),
        request=CloseEmergencySerializer,
        parameters=[IF_MATCH],
        responses={200: EmergencySerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        emergency = self.get_object()
        self.require(Operation.CHANGE, emergency)
        self.check_if_match(emergency)
        form = CloseEmergencySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.close_emergency(
            emergency,
            acting_user=self.acting_user,
            closing_note=form.validated_data["closing_note"],
            closed_on=form.validated_data.get("closed_on"),
        )
        return self.etagged(self.reload(emergency))


class NeedViewSet(TiesMixin, SharedViewSet):
    """Needs of the emergencies your government may see. Your government posts a need for one
    of its open emergencies with ``POST``, changes an open one with ``PUT``/``PATCH``, and
    closes it with ``POST …/met/`` or ``POST …/withdraw/``. A government tied to the affected
    one offers help with ``POST …/offer/``."""

    model = Need
    serializer_class = NeedSerializer
    filterset_class = NeedFilterSet
    http_method_names = NO_DELETE
    shared_actions = frozenset({"list", "retrieve", "offer"})

    def shared(self) -> Any:
        return Need.objects.visible_to(self.government, ties=self.ties)

    def filterset_kwargs(self) -> dict[str, Any]:
        return {}

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("government", "emergency").order_by("emergency", "pk")

    def create_object(self, values: dict[str, Any]) -> Need:
        emergency = values.pop("emergency")
        return services.post_need(emergency, acting_user=self.acting_user, **values)

    def update_object(self, instance: Need, values: dict[str, Any]) -> Need:
        return services.update_need(instance, acting_user=self.acting_user, **values)

    def close_need(self, met: bool) -> Response:
        need = self.get_object()
        self.require(Operation.CHANGE, need)
        self.check_if_match(need)
        if met:
            services.mark_need_met(need, acting_user=self.acting_user)
        else:
            services.withdraw_need(need, acting_user=self.acting_user)
        return self.etagged(self.reload(need))

    @extend_schema(
        summary="Mark a need as met",
        description=(
            "Your government says the need is covered; pending offers for it are declined. "
            "Only an open need (400 with the web's message otherwise)."
        ),
        request=None,
        parameters=[IF_MATCH],
        responses={200: NeedSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def met(self, request: Request, pk: str | None = None) -> Response:
        return self.close_need(met=True)

    @extend_schema(
        summary="Withdraw a need",
        description=(
            "The need is no longer asked for; pending offers for it are declined. Only an open "
            "need (400 with the web's message otherwise)."
        ),
        request=None,
        parameters=[IF_MATCH],
        responses={200: NeedSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        return self.close_need(met=False)

    @extend_schema(
        summary="Offer help for a need",
        description=(
            "Your government offers help for an open need of an emergency of a government "
            "tied to it; the affected government accepts or declines it. Refused (400, the "
            "web's message) for your own emergency, a closed emergency or need, or a "
            "government that is not tied to yours. An amount without a currency is in your "
            "government's currency."
        ),
        request=MakeOfferSerializer,
        responses={201: OfferSerializer},
    )
    @action(detail=True, methods=["post"])
    def offer(self, request: Request, pk: str | None = None) -> Response:
        need = self.get_object()
        self.require(Operation.ADD, model=Offer)
        form = OfferForm(request.data, instance=Offer(government=self.government, need=need))
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        offer = services.make_offer(
            self.government, need, acting_user=self.acting_user, **form.cleaned_data
        )
        shown = Offer.objects.select_related("government", "offered_by", "need__government")
        return Response(
            OfferSerializer(shown.get(pk=offer.pk), context=self.get_serializer_context()).data,
            status=201,
        )


class OfferViewSet(SharedReadOnlyViewSet):
    """Offers your government made, and offers made to your government's emergencies. The
    affected government answers with ``POST …/accept/`` (the match, recorded as emergency-aid
    actions in both registers) or ``POST …/decline/``; the offering government takes back a
    pending offer with ``POST …/withdraw/`` and says the help arrived with
    ``POST …/deliver/``."""

    model = Offer
    serializer_class = OfferSerializer
    filterset_class = OfferFilterSet
    shared_actions = frozenset({"list", "retrieve"})

    def shared(self) -> Any:
        return Offer.objects.involving(self.government)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Offer.objects.none()
        if self.action in ("accept", "decline"):  # offers made to us: we answer them
            return self.scoped(Offer.objects.made_to(self.government))
        return super().get_queryset()  # withdraw, deliver: the offers we made

    def filterset_kwargs(self) -> dict[str, Any]:
        return {}

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related(
            "government", "offered_by", "need__government", "need__emergency"
        ).order_by("-created_at", "-pk")

    def step(self, operation: Operation, perform: Any) -> Response:
        offer = self.get_object()
        self.require(operation, offer)
        self.check_if_match(offer)
        perform(offer)
        return self.etagged(self.reload(offer))

    @extend_schema(
        summary="Accept an offer",
        description=(
            "The match: your government accepts a pending offer for an open need of its "
            "emergency. The help is recorded as emergency-aid actions in both registers. "
            "Refused (400, the web's message) when the offer is no longer pending, or the need "
            "or the emergency is closed."
        ),
        request=AcceptOfferSerializer,
        parameters=[IF_MATCH],
        responses={200: OfferSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        form = AcceptOfferSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        on = form.validated_data.get("on")
        return self.step(
            Operation.CHANGE,
            lambda offer: services.accept_offer(offer, acting_user=self.acting_user, on=on),
        )

    @extend_schema(
        summary="Decline an offer",
        description="Your government answers no to a pending offer made to its emergency.",
        request=None,
        parameters=[IF_MATCH],
        responses={200: OfferSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        return self.step(
            Operation.CHANGE,
            lambda offer: services.decline_offer(offer, acting_user=self.acting_user),
        )

    @extend_schema(
        summary="Withdraw an offer",
        description="Your government takes back an offer it made that was not answered yet.",
        request=None,
        parameters=[IF_MATCH],
        responses={200: OfferSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        return self.step(
            Operation.ADD,
            lambda offer: services.withdraw_offer(offer, acting_user=self.acting_user),
        )

    @extend_schema(
        summary="Say the help was delivered",
        description=(
            "Your government says the help of its accepted offer arrived; its emergency-aid "
            "action is completed. Only an accepted offer (400 with the web's message)."
        ),
        request=DeliverOfferSerializer,
        parameters=[IF_MATCH],
        responses={200: OfferSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def deliver(self, request: Request, pk: str | None = None) -> Response:
        form = DeliverOfferSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        on = form.validated_data.get("delivered_on")
        return self.step(
            Operation.ADD,
            lambda offer: services.deliver_offer(offer, acting_user=self.acting_user, on=on),
        )

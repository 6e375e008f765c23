"""/api/v1/consultations/ (with …/open/, …/close/ and …/respond/) and
/api/v1/contributions/ (read, with …/moderate/)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.api.base import TenantGenericViewSet, etag_for
from lazos.api.register import IF_MATCH, PRECONDITION_FAILED, RegisterViewSet
from lazos.consultations import services
from lazos.consultations.api.serializers import (
    ConsultationResponseSerializer,
    ConsultationSerializer,
    ContributionSerializer,
    ModerationSerializer,
)
from lazos.consultations.choices import ContributionStatus
from lazos.consultations.filtersets import ConsultationFilterSet, ContributionFilterSet
from lazos.consultations.models import Consultation, Contribution
from lazos.core.permissions import Operation, policy_for

CONSULTATION_ACTION = (
    "Needs the right to change the consultation. Send `If-Match` with the ETag you read to be "
    "refused (412) if it changed meanwhile."
)


class ConsultationViewSet(RegisterViewSet):
    """Public consultations: the office asks, residents and invited local actors answer, the
    office publishes what it did with the answers. Created open (or as a draft with
    ``draft: true``); its status changes only through its actions. Consultations are not
    deleted (as on the web)."""

    model = Consultation
    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def scoped(self, queryset: Any) -> Any:
        return (
            queryset.select_related("strategy", "agreement")
            .prefetch_related("invitations__actor", "invited_actors")
            .annotate(
                pending_count=Count(
                    "contributions", filter=Q(contributions__status=ContributionStatus.PENDING)
                ),
                approved_count=Count(
                    "contributions", filter=Q(contributions__status=ContributionStatus.APPROVED)
                ),
            )
            .order_by("-opens_on", "title", "pk")
        )

    def create_object(self, values: dict[str, Any]) -> Consultation:
        return services.open_consultation(
            self.government,
            acting_user=self.acting_user,
            invited_actors=values.pop("invited_actors", ()),
            draft=values.pop("draft", False),
            **values,
        )

    def update_object(self, instance: Consultation, values: dict[str, Any]) -> Consultation:
        values.pop("draft", None)  # only on creation
        return services.update_consultation(
            instance,
            acting_user=self.acting_user,
            invited_actors=values.pop("invited_actors", None),
            **values,
        )

    def changeable(self) -> Consultation:
        consultation: Consultation = self.get_object()
        self.require(Operation.CHANGE, consultation)
        self.check_if_match(consultation)
        return consultation

    @extend_schema(
        summary="Open a draft consultation",
        description=(
            "Opens a draft consultation for contributions (400 with the reason for any other). "
            + CONSULTATION_ACTION
        ),
        request=None,
        parameters=[IF_MATCH],
        responses={200: ConsultationSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"], url_path="open")
    def open_for_contributions(self, request: Request, pk: str | None = None) -> Response:
        consultation = self.changeable()
        services.publish_consultation(consultation, acting_user=self.acting_user)
        return self.etagged(self.reload(consultation))

    @extend_schema(
        summary="Close an open consultation",
        description=(
            "Closes an open consultation: no more contributions (400 with the reason for a "
            "draft or closed one). " + CONSULTATION_ACTION
        ),
        request=None,
        parameters=[IF_MATCH],
        responses={200: ConsultationSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        consultation = self.changeable()
        services.close_consultation(consultation, acting_user=self.acting_user)
        return self.etagged(self.reload(consultation))

    @extend_schema(
        summary="Publish the response to a consultation (“you said, we did”)",
        description=(
            "Publishes what the office heard and what it did with it, shown on the portal with "
            "the published contributions; the consultation closes if it was still open. "
            "Refused (400) for a draft and for an empty response. " + CONSULTATION_ACTION
        ),
        request=ConsultationResponseSerializer,
        parameters=[IF_MATCH],
        responses={200: ConsultationSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str | None = None) -> Response:
        consultation = self.changeable()
        form = ConsultationResponseSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.publish_response(
            consultation, acting_user=self.acting_user, response=form.validated_data["response"]
        )
        return self.etagged(self.reload(consultation))


class ContributionViewSet(mixins.ListModelMixin, TenantGenericViewSet):
    """The contributions to the government's consultations, as the office moderates them
    (read-only: they come from the public portal). ``POST …/moderate/`` publishes or rejects
    one. The contributor's email is never served."""

    model = Contribution
    serializer_class = ContributionSerializer
    filterset_class = ContributionFilterSet
    queryset = Contribution.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no tenant
            return Contribution.objects.none()
        return (
            Contribution.objects.for_tenant(self.government)
            .select_related("consultation", "invitation__actor", "moderated_by")
            .order_by("created_at", "id")
        )

    @extend_schema(
        summary="Publish or reject a contribution",
        description=(
            "Publishes (`approve`) a confirmed contribution on the portal, or rejects it "
            "(`reject`) with a reason kept for the record. A contribution whose author has not "
            "confirmed the email address yet cannot be moderated (400). Needs the right to "
            "change contributions. Send `If-Match` with the ETag you read to be refused (412) "
            "if it changed meanwhile."
        ),
        request=ModerationSerializer,
        parameters=[IF_MATCH],
        responses={200: ContributionSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def moderate(self, request: Request, pk: str | None = None) -> Response:
        contribution: Contribution = self.get_object()
        if not policy_for(Contribution).allows_on(self.membership, Operation.CHANGE, contribution):
            raise exceptions.PermissionDenied(_("Your role does not allow this."))
        self.check_if_match(contribution)
        form = ModerationSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.moderate_contribution(
            contribution,
            acting_user=self.acting_user,
            approve=form.validated_data["decision"] == "approve",
            reason=form.validated_data["reason"],
        )
        contribution = self.get_queryset().get(pk=contribution.pk)
        response = Response(self.get_serializer(contribution).data)
        response["ETag"] = etag_for(contribution)
        return response

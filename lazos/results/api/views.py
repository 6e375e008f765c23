"""/api/v1/indicators/, indicator-periods/ (with …/revise-target/), target-revisions/ and
indicator-updates/ (with …/submit/, …/approve/, …/return/ and …/evidence/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.api.base import etag_for
from lazos.api.documents import DOWNLOAD_TYPES
from lazos.api.register import IF_MATCH, PRECONDITION_FAILED, RegisterViewSet
from lazos.core.attachments import ALLOWED_TYPES
from lazos.core.permissions import Operation
from lazos.results import services
from lazos.results.api.serializers import (
    EvidenceUploadSerializer,
    IndicatorPeriodSerializer,
    IndicatorProgressSerializer,
    IndicatorSerializer,
    IndicatorUpdateSerializer,
    ReturnUpdateSerializer,
    ReviseTargetSerializer,
    TargetRevisionSerializer,
)
from lazos.results.filtersets import (
    IndicatorFilterSet,
    IndicatorPeriodFilterSet,
    IndicatorUpdateFilterSet,
    TargetRevisionFilterSet,
)
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate, TargetRevision
from lazos.results.progress import progress_of

OCTET_STREAM = "application/octet-stream"

# --- Indicators --------------------------------------------------------------------------------


class IndicatorViewSet(RegisterViewSet):
    """Indicators of the strategy's objectives and of actions. Editors change those of their
    departments (the indicator's responsible department, or its action's)."""

    model = Indicator
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet

    def scoped(self, queryset: Any) -> Any:
        due = Indicator.objects.for_tenant(self.government).update_due(timezone.localdate())
        return queryset.annotate(update_due=Exists(due.filter(pk=OuterRef("pk")))).order_by(
            "position", "title", "pk"
        )

    def create_object(self, values: dict[str, Any]) -> Indicator:
        return services.create_indicator(self.government, acting_user=self.acting_user, **values)

    def update_object(self, instance: Indicator, values: dict[str, Any]) -> Indicator:
        return services.update_indicator(instance, acting_user=self.acting_user, **values)

    def delete_object(self, instance: Indicator) -> None:
        services.delete_indicator(instance, acting_user=self.acting_user)

    @extend_schema(
        summary="The progress of an indicator",
        description=(
            "Read-only, as the indicator's page shows it: per period, the target, the actual "
            "value (the last approved update, or the roll-up of the linked action indicators) "
            "and the percentage of the target reached."
        ),
        responses={200: IndicatorProgressSerializer},
    )
    @action(detail=True, methods=["get"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        [progress] = progress_of([self.get_object()])
        return Response(IndicatorProgressSerializer(progress).data)


# --- Periods, targets and their revisions ------------------------------------------------------


class IndicatorPeriodViewSet(RegisterViewSet):
    """Reporting periods of the indicators, each with its target. Who may change the indicator
    may change its periods; the target changes only through ``…/revise-target/``."""

    model = IndicatorPeriod
    serializer_class = IndicatorPeriodSerializer
    filterset_class = IndicatorPeriodFilterSet

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("indicator__action").order_by("indicator_id", "start", "pk")

    def create_object(self, values: dict[str, Any]) -> IndicatorPeriod:
        indicator = values.pop("indicator")
        return services.add_period(indicator, acting_user=self.acting_user, **values)

    def update_object(self, instance: IndicatorPeriod, values: dict[str, Any]) -> IndicatorPeriod:
        return services.update_period(instance, acting_user=self.acting_user, **values)

    def delete_object(self, instance: IndicatorPeriod) -> None:
        services.delete_period(instance, acting_user=self.acting_user)

    @extend_schema(
        summary="Revise the target of a period",
        description=(
            "Changes the period's target to `new_value` (and its note), recording the previous "
            "and new values, who and why in the target revisions (`/api/v1/target-revisions/`). "
            "Refused (400, with the reason, nothing written) without a reason or when nothing "
            "changes. Send `If-Match` with the period's ETag to be refused (412) if it changed "
            "meanwhile."
        ),
        request=ReviseTargetSerializer,
        parameters=[IF_MATCH],
        responses={200: IndicatorPeriodSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"], url_path="revise-target")
    def revise_target(self, request: Request, pk: str | None = None) -> Response:
        period = self.get_object()
        self.require(Operation.CHANGE, period)
        self.check_if_match(period)
        form = ReviseTargetSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        services.revise_target(
            period,
            acting_user=self.acting_user,
            new_value=data["new_value"],
            reason=data["reason"],
            target_comment=data.get("target_comment"),
        )
        return self.etagged(self.reload(period))


class TargetRevisionViewSet(RegisterViewSet):
    """Read-only: every change of a period's target, newest first, with who and why."""

    model = TargetRevision
    serializer_class = TargetRevisionSerializer
    filterset_class = TargetRevisionFilterSet
    http_method_names = ["get", "head", "options"]

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("period").order_by("-created_at", "-pk")


# --- Updates -----------------------------------------------------------------------------------


class IndicatorUpdateViewSet(RegisterViewSet):
    """Values reached, with narrative, evidence and disaggregation. An update is recorded as a
    draft, then submitted, then approved or returned with a reason (and corrected and submitted
    again). Who may change the indicator records, edits and submits its updates;
    administrators review any update, coordinators those reported by someone else.
    ``?status=submitted`` is the review queue."""

    model = IndicatorUpdate
    serializer_class = IndicatorUpdateSerializer
    filterset_class = IndicatorUpdateFilterSet

    def scoped(self, queryset: Any) -> Any:
        return (
            queryset.with_related()
            .prefetch_related("disaggregations")
            .order_by("-created_at", "-pk")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["membership"] = getattr(self, "membership", None)  # None: schema generation
        return context

    @staticmethod
    def rows(values: dict[str, Any]) -> list[tuple[str, str, Any]] | None:
        given = values.pop("disaggregations", None)
        if given is None:
            return None
        return [(row["dimension"], row["category"], row["value"]) for row in given]

    def create_object(self, values: dict[str, Any]) -> IndicatorUpdate:
        period = values.pop("period")
        rows = self.rows(values)
        return services.record_indicator_update(
            period, acting_user=self.acting_user, disaggregations=rows or (), **values
        )

    def update_object(self, instance: IndicatorUpdate, values: dict[str, Any]) -> IndicatorUpdate:
        rows = self.rows(values)
        return services.edit_indicator_update(
            instance, acting_user=self.acting_user, disaggregations=rows, **values
        )

    def delete_object(self, instance: IndicatorUpdate) -> None:
        services.delete_indicator_update(instance, acting_user=self.acting_user)

    # --- the approval path ---------------------------------------------------------------------

    def check_reviewer(self, update: IndicatorUpdate) -> None:
        """The web's refusal of a reviewer (403, with the service's reason)."""
        self.require(Operation.CHANGE, update)
        refusal = services.refusal_for_role(self.membership.role, self.acting_user, update)
        if refusal:
            raise exceptions.PermissionDenied(refusal)

    @extend_schema(
        summary="Submit an update for review",
        description=(
            "Sends a draft, or a corrected returned update, to the reviewers (who may change "
            "the indicator). Refused (400, with the reason) for an update that is already "
            "submitted or approved. No body. Send `If-Match` with the ETag you read to be "
            "refused (412) if it changed meanwhile."
        ),
        request=None,
        parameters=[IF_MATCH],
        responses={200: IndicatorUpdateSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        update = self.get_object()
        self.require(Operation.CHANGE, update)
        self.check_if_match(update)
        services.submit_update(update, acting_user=self.acting_user)
        return self.etagged(self.reload(update))

    @extend_schema(
        summary="Approve a submitted update",
        description=(
            "Its value becomes the period's actual value. Administrators approve any update; "
            "coordinators those reported by someone else (otherwise 403, with the reason). "
            "Refused (400) for an update that is not submitted. No body. Send `If-Match` with "
            "the ETag you read to be refused (412) if it changed meanwhile."
        ),
        request=None,
        parameters=[IF_MATCH],
        responses={200: IndicatorUpdateSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        update = self.get_object()
        self.check_reviewer(update)
        self.check_if_match(update)
        services.approve_update(update, acting_user=self.acting_user)
        return self.etagged(self.reload(update))

    @extend_schema(
        summary="Return a submitted update to its reporter",
        description=(
            "Sends the update back with the `reason` (required: what to correct); the reporter "
            "edits it and submits it again. Who may return it: as for approving. Refused (400) "
            "without a reason or for an update that is not submitted. Send `If-Match` with the "
            "ETag you read to be refused (412) if it changed meanwhile."
        ),
        request=ReturnUpdateSerializer,
        parameters=[IF_MATCH],
        responses={200: IndicatorUpdateSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_reporter(self, request: Request, pk: str | None = None) -> Response:
        update = self.get_object()
        self.check_reviewer(update)
        self.check_if_match(update)
        form = ReturnUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.return_update(
            update, acting_user=self.acting_user, reason=form.validated_data["reason"]
        )
        return self.etagged(self.reload(update))

    # --- evidence ------------------------------------------------------------------------------

    @extend_schema(
        summary="Download the evidence of an update",
        description="The evidence file itself, under the name it was given (404 when none).",
        responses={
            (200, mime): OpenApiResponse(OpenApiTypes.BINARY, description=_("The file."))
            for mime in DOWNLOAD_TYPES
        },
    )
    @action(detail=True, methods=["get"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request: Request, pk: str | None = None) -> FileResponse:
        update = self.get_object()
        if not update.evidence:
            raise Http404
        try:
            handle = update.evidence.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        name = update.evidence_name or update.evidence.name.rsplit("/", 1)[-1]
        mime = ALLOWED_TYPES.get(Path(name).suffix.lower(), (OCTET_STREAM, ()))[0]
        response = FileResponse(handle, as_attachment=True, filename=name, content_type=mime)
        response["ETag"] = etag_for(update)
        return response

    @extend_schema(
        summary="Attach the evidence of an update",
        description=(
            "Uploads the evidence file of a draft or returned update (replacing the one it "
            "had). The file is checked for type, content and size; a refused file answers 400 "
            "naming the problem, and nothing is stored. Send `If-Match` with the ETag you read "
            "to be refused (412) if it changed meanwhile."
        ),
        request={"multipart/form-data": EvidenceUploadSerializer},
        parameters=[IF_MATCH],
        responses={200: IndicatorUpdateSerializer, 412: PRECONDITION_FAILED},
    )
    @evidence.mapping.post
    def upload_evidence(self, request: Request, pk: str | None = None) -> Response:
        update = self.get_object()
        self.require(Operation.CHANGE, update)
        self.check_if_match(update)
        form = EvidenceUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.edit_indicator_update(
            update, acting_user=self.acting_user, evidence=form.validated_data["evidence"]
        )
        return self.etagged(self.reload(update))

"""/api/v1/agreements/ (with …/transition/) and /api/v1/signatories/."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.agreements import services
from lazos.agreements.api.serializers import (
    AgreementSerializer,
    AgreementTransitionSerializer,
    SignatorySerializer,
)
from lazos.agreements.filtersets import AgreementFilterSet, SignatoryFilterSet
from lazos.agreements.models import Agreement, Signatory
from lazos.api.pagination import KeysFirstPagination
from lazos.api.register import IF_MATCH, PRECONDITION_FAILED, RegisterViewSet
from lazos.core.listing import listed_prefetches
from lazos.core.models import Tag
from lazos.core.permissions import Operation
from lazos.partners.models import Partner
from lazos.reference.models import SdgTarget, Theme


class AgreementViewSet(RegisterViewSet):
    """Agreements with partners, through their legal life. The status is read-only here: it
    changes with ``POST /api/v1/agreements/{id}/transition/``."""

    model = Agreement
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet
    pagination_class = KeysFirstPagination

    def scoped(self, queryset: Any) -> Any:
        months = getattr(self.government, "dormancy_months", None) or 12
        queryset = queryset.with_last_activity(months).select_related("lead_department")
        if self.action == "list":
            # A page of rows: the related rows in plain lists (core/listing.py), only the
            # columns the serializer reads; the government's own rows (an index leading with
            # the government, whatever the instance's size).
            government = self.government
            return queryset.prefetch_related(
                *listed_prefetches(
                    ("partners", Partner.objects.for_tenant(government).only("pk", "name")),
                    ("themes", Theme.objects.only("pk")),
                    ("sdg_targets", SdgTarget.objects.only("pk")),
                    ("tags", Tag.objects.for_tenant(government).only("pk", "name")),
                )
            )
        return queryset.prefetch_related("partners", "themes", "sdg_targets", "tags")

    def create_object(self, values: dict[str, Any]) -> Agreement:
        return services.create_agreement(
            self.government,
            acting_user=self.acting_user,
            partners=values.pop("partners"),
            themes=values.pop("themes", ()),
            sdg_targets=values.pop("sdg_targets", ()),
            tags=values.pop("tags", ()),
            **values,
        )

    def update_object(self, instance: Agreement, values: dict[str, Any]) -> Agreement:
        return services.update_agreement(
            instance,
            acting_user=self.acting_user,
            partners=values.pop("partners", None),
            themes=values.pop("themes", None),
            sdg_targets=values.pop("sdg_targets", None),
            tags=values.pop("tags", None),
            **values,
        )

    def delete_object(self, instance: Agreement) -> None:
        services.delete_agreement(instance, acting_user=self.acting_user)

    @extend_schema(
        summary="Change the status of an agreement",
        description=(
            "Moves the agreement to `to_status` on `on` (today by default), if its legal life "
            "allows that move (otherwise 400 with the reason and nothing is written). The "
            "change is recorded, dated, in its status history and in its audit trail. Send "
            "`If-Match` with the ETag you read to be refused (412) if it changed meanwhile."
        ),
        request=AgreementTransitionSerializer,
        parameters=[IF_MATCH],
        responses={200: AgreementSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        agreement = self.get_object()
        self.require(Operation.CHANGE, agreement)
        self.check_if_match(agreement)
        form = AgreementTransitionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        services.transition_agreement(
            agreement,
            acting_user=self.acting_user,
            to_status=data["to_status"],
            on=data.get("on"),
            note=data.get("note", ""),
            valid_until=data.get("valid_until"),
        )
        return self.etagged(self.reload(agreement))


class SignatoryViewSet(RegisterViewSet):
    """People who sign (or signed) an agreement, on either side. Who may change the agreement
    may change its signatories."""

    model = Signatory
    serializer_class = SignatorySerializer
    filterset_class = SignatoryFilterSet

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("agreement", "partner")

    def create_object(self, values: dict[str, Any]) -> Signatory:
        agreement = values.pop("agreement")
        return services.add_signatory(agreement, acting_user=self.acting_user, **values)

    def update_object(self, instance: Signatory, values: dict[str, Any]) -> Signatory:
        return services.update_signatory(instance, acting_user=self.acting_user, **values)

    def delete_object(self, instance: Signatory) -> None:
        services.delete_signatory(instance, acting_user=self.acting_user)

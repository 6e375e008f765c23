"""/api/v1/agreement-health/ and /api/v1/partner-health/ (read-only: the score, its band and
its reasons) and /api/v1/relationship-reviews/ (read, and record one)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.agreements.models import Agreement
from lazos.api.base import TenantGenericViewSet, TenantReadOnlyViewSet
from lazos.partners.models import Partner
from lazos.relationships import health, services
from lazos.relationships.api.serializers import HealthSerializer, RelationshipReviewSerializer
from lazos.relationships.choices import Band, RelationshipKind
from lazos.relationships.filtersets import RelationshipReviewFilterSet
from lazos.relationships.forms import NEEDS_ATTENTION, SORTS, RelationshipFilterForm
from lazos.relationships.models import RelationshipReview
from lazos.relationships.views import Row, relationship_rows

HEALTH_FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Words in the title or name."),
    OpenApiParameter(
        "band",
        OpenApiTypes.STR,
        enum=[NEEDS_ATTENTION, *Band.values],
        description="A band, or “attention” for dormant or at risk.",
    ),
    OpenApiParameter(
        "sort",
        OpenApiTypes.STR,
        enum=[value for value, _label in SORTS],
        description="score (lowest first, the default), -score or name.",
    ),
]

ID = OpenApiParameter(
    "id", OpenApiTypes.INT, location=OpenApiParameter.PATH, description="The object's id."
)


class HealthViewSet(TenantGenericViewSet):
    """The health of the government's relationships of one kind, as the web's list and pages
    show it (``relationships/``): read-only, computed from the register at each request."""

    model = RelationshipReview  # who reads relationships: everyone in the government
    serializer_class = HealthSerializer
    filter_backends = []  # the web's filter form, below
    lookup_value_regex = "[0-9]+"
    kind: str
    subject: type[Agreement] | type[Partner]

    def health_of(self, obj: Any) -> health.Health:
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def list(self, request: Request) -> Response:
        form = RelationshipFilterForm(request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError(form.errors)
        values = form.cleaned_data
        rows = relationship_rows(self.government, kind=self.kind, q=(values["q"] or "").strip())
        band = values.get("band")
        if band == NEEDS_ATTENTION:
            rows = [r for r in rows if r.health.band != Band.HEALTHY]
        elif band:
            rows = [r for r in rows if r.health.band == band]
        sort = values.get("sort") or "score"
        if sort == "name":
            rows.sort(key=lambda r: r.name.lower())
        else:
            rows.sort(key=lambda r: (r.health.score, r.name.lower()), reverse=sort == "-score")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        # Another government's, a missing one or a malformed id: 404.
        obj = get_object_or_404(self.subject.objects.for_tenant(self.government), pk=pk)
        field = "agreement" if self.kind == RelationshipKind.AGREEMENT else "partner"
        last = (
            RelationshipReview.objects.for_tenant(self.government)
            .filter(**{field: obj})
            .latest_first()
            .first()
        )
        row = Row(
            kind=self.kind,
            obj=obj,
            health=self.health_of(obj),
            detail_url="",
            last_review_on=last.reviewed_on if last else None,
            last_decision=last.decision if last else "",
            next_review_on=last.next_review_on if last else None,
        )
        return Response(self.get_serializer(row).data)


@extend_schema_view(
    list=extend_schema(
        summary="The health of the agreements",
        description=(
            "Every signed, in-force or suspended agreement with its 0 to 100 score, band "
            "(healthy, at risk, dormant) and the reasons behind them, lowest score first."
        ),
        parameters=HEALTH_FILTERS,
    ),
    retrieve=extend_schema(
        summary="The health of one agreement, with its reasons",
        description="Any agreement of the government, whatever its status.",
        parameters=[ID],
    ),
)
class AgreementHealthViewSet(HealthViewSet):
    kind = RelationshipKind.AGREEMENT
    subject = Agreement

    def health_of(self, obj: Any) -> health.Health:
        return health.agreement_health(obj, self.government.dormancy_months)


@extend_schema_view(
    list=extend_schema(
        summary="The health of the partners",
        description=(
            "Every active partner with a living agreement or an action, with its 0 to 100 "
            "score, band (healthy, at risk, dormant) and the reasons behind them, lowest "
            "score first."
        ),
        parameters=HEALTH_FILTERS,
    ),
    retrieve=extend_schema(summary="The health of one partner, with its reasons", parameters=[ID]),
)
class PartnerHealthViewSet(HealthViewSet):
    kind = RelationshipKind.PARTNER
    subject = Partner

    def health_of(self, obj: Any) -> health.Health:
        return health.partner_health(obj, self.government.dormancy_months)


@extend_schema_view(
    list=extend_schema(summary="The relationship reviews"),
    retrieve=extend_schema(summary="One relationship review"),
    create=extend_schema(
        summary="Record the review of an agreement or a partner",
        description=(
            "Records the decision (renew — agreements only —, revitalise, end, keep) and its "
            "reasons for one agreement or one partner, with a snapshot of its health score "
            "and reasons as they stand today. Coordinators and administrators. Reviews are "
            "not changed afterwards: a new review follows."
        ),
    ),
)
class RelationshipReviewViewSet(mixins.CreateModelMixin, TenantReadOnlyViewSet):
    """The periodic reviews of the government's relationships."""

    model = RelationshipReview
    serializer_class = RelationshipReviewSerializer
    filterset_class = RelationshipReviewFilterSet
    queryset = RelationshipReview.objects.none()

    def get_queryset(self) -> QuerySet[RelationshipReview]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no tenant
            return RelationshipReview.objects.none()
        return RelationshipReview.objects.for_tenant(self.government).with_related().latest_first()

    def perform_create(self, serializer: Any) -> None:
        # Who may record one (coordinators, administrators) was checked as for any creation.
        review = services.record_review(
            self.government, acting_user=self.acting_user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=review.pk)

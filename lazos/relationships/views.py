"""Relationship health: the list of agreements and partners with their score, a page per
relationship with the components, the reviews and the form to record one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.paginator import Paginator
from django.db.models import DateField, Model, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from lazos.agreements.models import Agreement
from lazos.core.permissions import Operation, RolePolicy, policy_for
from lazos.core.views import GovernmentScopedMixin, ServiceFormView
from lazos.partners.models import Partner
from lazos.relationships import health, services
from lazos.relationships.choices import Band, RelationshipKind, ReviewDecision
from lazos.relationships.forms import NEEDS_ATTENTION, RelationshipFilterForm, ReviewForm
from lazos.relationships.models import RelationshipReview

if TYPE_CHECKING:
    from lazos.governments.models import Government


_M = TypeVar("_M", Agreement, Partner)


@dataclass
class Row:
    kind: str
    obj: Any
    health: health.Health
    detail_url: str
    last_review_on: Any = None
    last_decision: str = ""
    next_review_on: Any = None

    @property
    def name(self) -> str:
        return str(self.obj)

    @property
    def kind_label(self) -> str:
        return str(RelationshipKind(self.kind).label)

    @property
    def last_decision_label(self) -> str:
        return str(ReviewDecision(self.last_decision).label) if self.last_decision else ""


def _with_last_review(queryset: QuerySet[_M], field: str) -> QuerySet[_M]:
    reviews = RelationshipReview.objects.filter(**{field: OuterRef("pk")}).order_by(
        "-reviewed_on", "-id"
    )
    return queryset.annotate(
        last_review_on=Subquery(reviews.values("reviewed_on")[:1], output_field=DateField()),
        last_decision=Subquery(reviews.values("decision")[:1]),
        next_review_on=Subquery(reviews.values("next_review_on")[:1], output_field=DateField()),
    )


def relationship_rows(government: Government, *, kind: str = "", q: str = "") -> list[Row]:
    """Every judged agreement and partner of ``government`` with its health: a fixed number of
    queries (the agreements, their partners, the partners, and the GROUP BY queries of their
    signals, ``health.agreement_signals`` and ``health.partner_signals``) whatever the number
    of rows."""
    months = government.dormancy_months
    rows: list[Row] = []
    if kind in ("", RelationshipKind.AGREEMENT):
        agreement_query = health.living_agreements(government)
        if q:
            agreement_query = agreement_query.filter(title__icontains=q)
        agreements = list(
            _with_last_review(agreement_query.with_last_activity(), "agreement").prefetch_related(
                "partners"
            )
        )
        agreement_signals = health.agreement_signals(agreements, months)
        for agreement in agreements:
            rows.append(
                Row(
                    kind=RelationshipKind.AGREEMENT,
                    obj=agreement,
                    health=health.score(agreement_signals[agreement.pk]),
                    detail_url=reverse("relationships:agreement-detail", args=[agreement.pk]),
                    last_review_on=getattr(agreement, "last_review_on", None),
                    last_decision=getattr(agreement, "last_decision", None) or "",
                    next_review_on=getattr(agreement, "next_review_on", None),
                )
            )
    if kind in ("", RelationshipKind.PARTNER):
        partner_query = health.related_partners(government)
        if q:
            partner_query = partner_query.filter(name__icontains=q)
        partners = list(_with_last_review(partner_query, "partner"))
        partner_signals = health.partner_signals(partners, months)
        for partner in partners:
            rows.append(
                Row(
                    kind=RelationshipKind.PARTNER,
                    obj=partner,
                    health=health.score(partner_signals[partner.pk]),
                    detail_url=reverse("relationships:partner-detail", args=[partner.pk]),
                    last_review_on=getattr(partner, "last_review_on", None),
                    last_decision=getattr(partner, "last_decision", None) or "",
                    next_review_on=getattr(partner, "next_review_on", None),
                )
            )
    return rows


class RelationshipListView(GovernmentScopedMixin, TemplateView):
    """Agreements and partners with their score, band and main reasons; filter by band."""

    model = RelationshipReview
    template_name = "relationships/relationship_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = RelationshipFilterForm(self.request.GET or None)
        values = form.cleaned_data if form.is_valid() else {}
        rows = relationship_rows(
            self.government, kind=values.get("kind", ""), q=(values.get("q") or "").strip()
        )
        counts = {band: 0 for band in Band.values}
        for row in rows:
            counts[row.health.band] += 1
        band = values.get("band", "")
        if band == NEEDS_ATTENTION:
            rows = [r for r in rows if r.health.band != Band.HEALTHY]
        elif band:
            rows = [r for r in rows if r.health.band == band]
        sort = values.get("sort") or "score"
        if sort == "name":
            rows.sort(key=lambda r: r.name.lower())
        else:
            rows.sort(key=lambda r: (r.health.score, r.name.lower()), reverse=sort == "-score")
        page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
        context.update(
            filter={"form": form},
            page_obj=page,
            rows=page.object_list,
            paginator=page.paginator,
            band_counts=[(Band(b).label, b, n) for b, n in counts.items()],
            months=self.government.dormancy_months,
        )
        return context


class RelationshipDetailMixin(GovernmentScopedMixin):
    kind: str
    review_field: str
    review_url_name: str

    def get_health(self, obj: Any) -> health.Health:
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = context["object"]
        review_policy = policy_for(RelationshipReview)
        can_review = review_policy.allows(self.membership, Operation.ADD)
        context.update(
            kind=self.kind,
            kind_label=RelationshipKind(self.kind).label,
            health=self.get_health(obj),
            months=self.government.dormancy_months,
            reviews=list(
                RelationshipReview.objects.for_tenant(self.government)
                .filter(**{self.review_field: obj})
                .select_related("reviewed_by")
                .latest_first()
            ),
            can_review=can_review,
            review_form=ReviewForm(is_agreement=self.kind == RelationshipKind.AGREEMENT)
            if can_review
            else None,
            review_url=reverse(self.review_url_name, args=[obj.pk]),
        )
        return context


class AgreementRelationshipView(RelationshipDetailMixin, DetailView[Agreement]):
    model = Agreement
    kind = RelationshipKind.AGREEMENT
    review_field = "agreement"
    review_url_name = "relationships:agreement-review"
    template_name = "relationships/relationship_detail.html"

    def get_queryset(self) -> QuerySet[Agreement]:
        return super().get_queryset().prefetch_related("partners")

    def get_health(self, obj: Agreement) -> health.Health:
        return health.agreement_health(obj, self.government.dormancy_months)


class PartnerRelationshipView(RelationshipDetailMixin, DetailView[Partner]):
    model = Partner
    kind = RelationshipKind.PARTNER
    review_field = "partner"
    review_url_name = "relationships:partner-review"
    template_name = "relationships/relationship_detail.html"

    def get_health(self, obj: Partner) -> health.Health:
        return health.partner_health(obj, self.government.dormancy_months)


class RecordReviewMixin(ServiceFormView):
    """Record a review of the agreement or partner whose ``pk`` is in the URL."""

    permission_action = Operation.ADD
    form_class = ReviewForm
    template_name = "relationships/review_form.html"
    success_message = _("The review was recorded.")
    service = staticmethod(services.record_review)
    service_fields = ("decision", "reasons", "reviewed_on", "next_review_on")
    kind: str
    detail_url_name: str

    @property
    def policy(self) -> RolePolicy:
        return policy_for(RelationshipReview)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["is_agreement"] = self.kind == RelationshipKind.AGREEMENT
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["detail_url"] = reverse(self.detail_url_name, args=[self.get_target().pk])
        return context

    def get_service_target(self) -> Government:
        # A review is the government's; the object of the URL goes as agreement or partner.
        return self.government

    def get_service_values(self, form: ReviewForm) -> dict[str, Any]:
        target: Model = self.get_target()
        is_agreement = self.kind == RelationshipKind.AGREEMENT
        return {
            **super().get_service_values(form),
            "agreement": target if is_agreement else None,
            "partner": None if is_agreement else target,
        }


class AgreementReviewView(RecordReviewMixin):
    model = Agreement
    kind = RelationshipKind.AGREEMENT
    detail_url_name = "relationships:agreement-detail"


class PartnerReviewView(RecordReviewMixin):
    model = Partner
    kind = RelationshipKind.PARTNER
    detail_url_name = "relationships:partner-detail"

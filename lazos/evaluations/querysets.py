from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from lazos.core.querysets import TenantQuerySet
from lazos.evaluations.choices import OPEN_FOLLOW_UP, ResponseDecision

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.evaluations.models import Evaluation, Recommendation  # noqa: F401


OPEN_RECOMMENDATION = ~Q(response=ResponseDecision.REJECTED) & Q(
    follow_up_status__in=OPEN_FOLLOW_UP
)


class EvaluationQuerySet(TenantQuerySet["Evaluation"]):
    def public(self) -> Self:
        return self.filter(is_public=True)

    def of_action(self, action: object) -> Self:
        return self.filter(action=action)

    def of_strategy(self, strategy: object) -> Self:
        return self.filter(strategy=strategy)

    def with_related(self) -> Self:
        # The action's departments decide what an editor may change (no query per row).
        return self.select_related("action", "strategy").prefetch_related("action__departments")

    def with_counts(self) -> Self:
        """Annotate ``recommendation_count``, ``open_count`` (recommendations still to act on)
        and ``overdue_count`` (open ones past their due date): one subquery each, no join."""
        from lazos.evaluations.models import Recommendation

        def count(condition: Q) -> Coalesce:
            rows = (
                Recommendation.objects.filter(condition, evaluation=OuterRef("pk"))
                .order_by()
                .values("evaluation")
                .annotate(n=Count("*"))
                .values("n")
            )
            return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

        today = timezone.localdate()
        return self.annotate(
            recommendation_count=count(Q()),
            open_count=count(OPEN_RECOMMENDATION),
            overdue_count=count(OPEN_RECOMMENDATION & Q(due_date__lt=today)),
        )


class RecommendationQuerySet(TenantQuerySet["Recommendation"]):
    def open(self) -> Self:
        """Recommendations still to act on: not rejected and follow-up not finished."""
        return self.filter(OPEN_RECOMMENDATION)

    def overdue(self) -> Self:
        return self.open().filter(due_date__lt=timezone.localdate())

    def with_related(self) -> Self:
        return self.select_related(
            "evaluation", "evaluation__action", "evaluation__strategy", "department"
        ).prefetch_related("evaluation__action__departments")

    def follow_up_counts(self) -> dict[str, int]:
        """``{"open": n, "overdue": m}`` in one query (for lists, dashboards and menus)."""
        today = timezone.localdate()
        counts = self.aggregate(
            open=Count("pk", filter=OPEN_RECOMMENDATION),
            overdue=Count("pk", filter=OPEN_RECOMMENDATION & Q(due_date__lt=today)),
        )
        return {"open": counts["open"] or 0, "overdue": counts["overdue"] or 0}

    def by_due_date(self) -> Self:
        return self.order_by(F("due_date").asc(nulls_last=True), "pk")


EvaluationManager = models.Manager.from_queryset(EvaluationQuerySet)
RecommendationManager = models.Manager.from_queryset(RecommendationQuerySet)

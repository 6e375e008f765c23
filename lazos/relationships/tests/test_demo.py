"""The demo steps of evaluations and relationship reviews on both demo governments."""

import pytest

from lazos.demo.kit import DemoReport
from lazos.evaluations.choices import Criterion
from lazos.evaluations.demo import load_evaluations
from lazos.evaluations.models import CriterionAssessment, Evaluation, Recommendation
from lazos.governments.models import Government
from lazos.relationships.demo import load_reviews
from lazos.relationships.models import RelationshipReview
from lazos.strategy.models import Strategy

pytestmark = pytest.mark.django_db


def test_demo_evaluations_and_reviews_on_both_governments(loaded_demo):
    spanish = Government.objects.get(slug="villa-esperanza")
    # The strategy helper's demo creates the approved strategy; here one is made for the first
    # government and the second goes without (three actions evaluated instead).
    Strategy.objects.create(
        government=spanish,
        title="Estrategia internacional 2024-2027",
        start_year=2024,
        end_year=2027,
        status="approved",
    )
    for government in Government.objects.filter(
        slug__in=["villa-esperanza", "rio-claro-do-sul"]
    ).order_by("slug"):
        report = DemoReport()
        load_evaluations(government, report)
        load_reviews(government, report)
        evaluations = Evaluation.objects.for_tenant(government)
        assert evaluations.count() == 3
        for evaluation in evaluations:
            assessments = CriterionAssessment.objects.filter(evaluation=evaluation)
            assert sorted(a.criterion for a in assessments) == sorted(Criterion.values)
            assert all(a.rating for a in assessments)
            assert evaluation.findings
            assert 2 <= evaluation.recommendations.count() <= 4
        recommendations = Recommendation.objects.for_tenant(government)
        assert recommendations.overdue().count() >= 1
        statuses = {r.follow_up_status for r in recommendations}
        assert {"done", "not_started"} <= statuses
        assert {r.response for r in recommendations} >= {"accepted", "rejected", "pending"}
        reviews = RelationshipReview.objects.for_tenant(government)
        assert 3 <= reviews.count() <= 4
        assert len({r.decision for r in reviews}) >= 2
        assert all(r.reviewed_by and r.reviewed_by.username == "coordinator" for r in reviews)
        # A second run adds nothing.
        again = DemoReport()
        load_evaluations(government, again)
        load_reviews(government, again)
        assert again.created == []
        assert Evaluation.objects.for_tenant(government).count() == 3
    assert Evaluation.objects.for_tenant(spanish).filter(strategy__isnull=False).count() == 1
    portuguese = Government.objects.get(slug="rio-claro-do-sul")
    assert (
        Evaluation.objects.for_tenant(spanish).filter(title__startswith="Evaluación").count() == 3
    )
    assert Evaluation.objects.for_tenant(portuguese).filter(title__startswith="Avaliação").exists()

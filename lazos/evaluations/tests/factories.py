"""Builders of evaluations and recommendations (registered for the generic tests)."""

from __future__ import annotations

import factory

from lazos.actions.tests.factories import ActionFactory
from lazos.core.testing.builders import GovernmentFactory, register_builder
from lazos.evaluations.choices import EvaluationKind, EvaluationStatus
from lazos.evaluations.models import Evaluation, Recommendation
from lazos.governments.models import Government


class EvaluationFactory(factory.django.DjangoModelFactory[Evaluation]):
    """An evaluation of an action (a new action of the same government by default)."""

    class Meta:
        model = Evaluation

    government = factory.SubFactory(GovernmentFactory)
    action = factory.LazyAttribute(lambda o: ActionFactory.create(government=o.government))
    title = factory.Sequence(lambda n: f"Final evaluation {n}")
    kind = EvaluationKind.INTERNAL
    status = EvaluationStatus.IN_PROGRESS


class RecommendationFactory(factory.django.DjangoModelFactory[Recommendation]):
    class Meta:
        model = Recommendation

    evaluation = factory.SubFactory(EvaluationFactory)
    government = factory.SelfAttribute("evaluation.government")
    text = factory.Sequence(lambda n: f"Involve the neighbourhood councils earlier ({n})")


@register_builder(Evaluation)
def _build_evaluation(government: Government) -> Evaluation:
    return EvaluationFactory.create(government=government, title="Secret evaluation")


@register_builder(Recommendation)
def _build_recommendation(government: Government) -> Recommendation:
    return RecommendationFactory.create(
        evaluation=EvaluationFactory.create(government=government),
        text="Secret recommendation",
    )

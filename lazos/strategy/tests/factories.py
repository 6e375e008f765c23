"""Builders of strategies and objectives (registered for the generic tests)."""

from __future__ import annotations

import factory

from lazos.core.testing.builders import GovernmentFactory, register_builder
from lazos.governments.models import Government
from lazos.strategy.choices import StrategyStatus
from lazos.strategy.models import Objective, Strategy


class StrategyFactory(factory.django.DjangoModelFactory[Strategy]):
    class Meta:
        model = Strategy
        skip_postgeneration_save = True

    government = factory.SubFactory(GovernmentFactory)
    title = factory.Sequence(lambda n: f"International strategy {n}")
    start_year = 2024
    end_year = 2030
    status = StrategyStatus.DRAFT
    currency = "EUR"


class ObjectiveFactory(factory.django.DjangoModelFactory[Objective]):
    class Meta:
        model = Objective
        skip_postgeneration_save = True

    strategy = factory.SubFactory(StrategyFactory)
    government = factory.SelfAttribute("strategy.government")
    code = factory.Sequence(lambda n: f"{n + 1}")
    title = factory.Sequence(lambda n: f"Objective {n}")


@register_builder(Strategy)
def _build_strategy(government: Government) -> Strategy:
    return StrategyFactory.create(government=government)


@register_builder(Objective)
def _build_objective(government: Government) -> Objective:
    return ObjectiveFactory.create(strategy=StrategyFactory.create(government=government))

"""Builders of good practices, their indicators and marks (registered for the generic tests).

The registered builder of ``GoodPractice`` makes a DRAFT: the one kind of practice that no
other government may ever see, so every URL with its id must answer 404 to them.
"""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from lazos.core.testing.builders import GovernmentFactory, register_builder
from lazos.governments.models import Government
from lazos.practices.choices import PracticeStatus, TransferKind
from lazos.practices.library import text_terms
from lazos.practices.models import GoodPractice, PracticeIndicator, PracticeTransfer
from lazos.reference.models import SdgTarget, Theme


class PracticeFactory(factory.django.DjangoModelFactory[GoodPractice]):
    class Meta:
        model = GoodPractice
        skip_postgeneration_save = True

    government = factory.SubFactory(GovernmentFactory)
    title = factory.Sequence(lambda n: f"Practice {n}")
    summary = "A short summary of the practice."
    context = "The problem before."
    solution = "What was done."
    results = "What changed."
    status = PracticeStatus.DRAFT

    @factory.post_generation
    def index_terms(obj: GoodPractice, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Store the search terms, as the services do at every write."""
        obj.search_terms = text_terms(obj)
        if create:
            obj.save(update_fields=["search_terms"])


def make_practice(
    government: Government,
    *,
    published: bool = False,
    themes: tuple[str, ...] = (),
    targets: tuple[str, ...] = (),
    **values: Any,
) -> GoodPractice:
    """A practice of ``government`` (draft unless ``published``) with themes and SDG targets
    given by code."""
    if published:
        values.setdefault("status", PracticeStatus.PUBLISHED)
        values.setdefault("published_at", timezone.now())
    practice = PracticeFactory.create(government=government, **values)
    if themes:
        practice.themes.set(Theme.objects.filter(code__in=themes))
    if targets:
        practice.sdg_targets.set(SdgTarget.objects.filter(code__in=targets))
    return practice


class IndicatorFactory(factory.django.DjangoModelFactory[PracticeIndicator]):
    class Meta:
        model = PracticeIndicator

    practice = factory.SubFactory(PracticeFactory)
    government = factory.SelfAttribute("practice.government")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    baseline = "0"
    achieved = "10"


def make_transfer(
    government: Government,
    practice: GoodPractice,
    kind: str = TransferKind.INTERESTED,
    **values: Any,
) -> PracticeTransfer:
    return PracticeTransfer.objects.create(
        government=government, practice=practice, kind=kind, **values
    )


@register_builder(GoodPractice)
def _build_practice(government: Government) -> GoodPractice:
    return make_practice(government, title="Secret draft practice")


@register_builder(PracticeIndicator)
def _build_indicator(government: Government) -> PracticeIndicator:
    return IndicatorFactory.create(practice=make_practice(government), name="Secret indicator")


@register_builder(PracticeTransfer)
def _build_transfer(government: Government) -> PracticeTransfer:
    """A mark by ``government`` on a published practice of yet another government."""
    author = GovernmentFactory.create()
    return make_transfer(government, make_practice(author, published=True), note="Secret note")

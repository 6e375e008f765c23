"""Builders of local actors (registered for the generic tests)."""

from __future__ import annotations

import factory

from lazos.actors.choices import ActorKind
from lazos.actors.models import LocalActor
from lazos.core.testing.builders import GovernmentFactory, register_builder
from lazos.governments.models import Government


class LocalActorFactory(factory.django.DjangoModelFactory[LocalActor]):
    class Meta:
        model = LocalActor
        skip_postgeneration_save = True

    government = factory.SubFactory(GovernmentFactory)
    name = factory.Sequence(lambda n: f"Local association {n}")
    kind = ActorKind.CIVIL_SOCIETY


@register_builder(LocalActor)
def _build_local_actor(government: Government) -> LocalActor:
    return LocalActorFactory.create(government=government)

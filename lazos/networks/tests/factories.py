"""Builders of networks, memberships, posts held, positions and endorsements (registered for
the generic tests: the position builder builds a draft, which no other government sees)."""

from __future__ import annotations

import factory
from django.utils import timezone

from lazos.core.testing.builders import GovernmentFactory, register_builder
from lazos.governments.models import Government
from lazos.networks.choices import MembershipStatus, NetworkScope, PositionStatus
from lazos.networks.models import Endorsement, Network, NetworkMembership, NetworkPost, Position


class NetworkFactory(factory.django.DjangoModelFactory[Network]):
    class Meta:
        model = Network
        skip_postgeneration_save = True

    government = factory.SubFactory(GovernmentFactory)
    name = factory.Sequence(lambda n: f"Network of cities {n}")
    acronym = factory.Sequence(lambda n: f"NC{n}")
    scope = NetworkScope.GLOBAL


class NetworkMembershipFactory(factory.django.DjangoModelFactory[NetworkMembership]):
    class Meta:
        model = NetworkMembership

    network = factory.SubFactory(NetworkFactory)
    government = factory.SelfAttribute("network.government")
    status = MembershipStatus.ACTIVE


class NetworkPostFactory(factory.django.DjangoModelFactory[NetworkPost]):
    class Meta:
        model = NetworkPost

    membership = factory.SubFactory(NetworkMembershipFactory)
    government = factory.SelfAttribute("membership.government")
    title = factory.Sequence(lambda n: f"Vice-presidency {n}")


class PositionFactory(factory.django.DjangoModelFactory[Position]):
    class Meta:
        model = Position

    network = factory.SubFactory(NetworkFactory)
    government = factory.SelfAttribute("network.government")
    title = factory.Sequence(lambda n: f"Position {n}")
    summary = "Local governments ask for a seat at the table."
    status = PositionStatus.DRAFT


class EndorsementFactory(factory.django.DjangoModelFactory[Endorsement]):
    class Meta:
        model = Endorsement

    position = factory.SubFactory(PositionFactory)
    government = factory.SubFactory(GovernmentFactory)
    signatory = "The mayor"
    endorsed_on = factory.LazyFunction(timezone.localdate)


@register_builder(Network)
def _build_network(government: Government) -> Network:
    return NetworkFactory.create(government=government)


@register_builder(NetworkMembership)
def _build_membership(government: Government) -> NetworkMembership:
    return NetworkMembershipFactory.create(network=NetworkFactory.create(government=government))


@register_builder(NetworkPost)
def _build_post(government: Government) -> NetworkPost:
    return NetworkPostFactory.create(
        membership=NetworkMembershipFactory.create(
            network=NetworkFactory.create(government=government)
        )
    )


@register_builder(Position)
def _build_position(government: Government) -> Position:
    """A draft: only its author sees it."""
    return PositionFactory.create(
        network=NetworkFactory.create(government=government),
        title="Secret draft position",
        status=PositionStatus.DRAFT,
    )

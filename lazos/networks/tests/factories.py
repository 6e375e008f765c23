"""Builders of networks, memberships and posts held (registered for the generic tests)."""

from __future__ import annotations

import factory

from lazos.core.testing.builders import GovernmentFactory, register_builder
from lazos.governments.models import Government
from lazos.networks.choices import MembershipStatus, NetworkScope
from lazos.networks.models import Network, NetworkMembership, NetworkPost


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

"""/api/v1/networks/, /api/v1/network-memberships/ and /api/v1/network-posts/."""

from __future__ import annotations

from typing import Any

from lazos.api.register import RegisterViewSet
from lazos.networks import services
from lazos.networks.api.serializers import (
    NetworkMembershipSerializer,
    NetworkPostSerializer,
    NetworkSerializer,
)
from lazos.networks.filtersets import (
    NetworkFilterSet,
    NetworkMembershipFilterSet,
    NetworkPostFilterSet,
)
from lazos.networks.models import Network, NetworkMembership, NetworkPost


class NetworkViewSet(RegisterViewSet):
    """City networks, whether or not the government is a member."""

    model = Network
    serializer_class = NetworkSerializer
    filterset_class = NetworkFilterSet

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("partner").prefetch_related("tags", "memberships")

    def create_object(self, values: dict[str, Any]) -> Network:
        tags = values.pop("tags", ())
        return services.create_network(
            self.government, acting_user=self.acting_user, tags=tags, **values
        )

    def update_object(self, instance: Network, values: dict[str, Any]) -> Network:
        tags = values.pop("tags", None)
        return services.update_network(instance, acting_user=self.acting_user, tags=tags, **values)

    def delete_object(self, instance: Network) -> None:
        services.delete_network(instance, acting_user=self.acting_user)


class NetworkMembershipViewSet(RegisterViewSet):
    """The government's memberships in networks (at most one per network)."""

    model = NetworkMembership
    serializer_class = NetworkMembershipSerializer
    filterset_class = NetworkMembershipFilterSet

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("network", "department")

    def create_object(self, values: dict[str, Any]) -> NetworkMembership:
        network = values.pop("network")
        return services.create_network_membership(
            self.government, acting_user=self.acting_user, network=network, **values
        )

    def update_object(
        self, instance: NetworkMembership, values: dict[str, Any]
    ) -> NetworkMembership:
        return services.update_network_membership(instance, acting_user=self.acting_user, **values)

    def delete_object(self, instance: NetworkMembership) -> None:
        services.delete_network_membership(instance, acting_user=self.acting_user)


class NetworkPostViewSet(RegisterViewSet):
    """Posts the government holds in networks (presidency, working-group chair…)."""

    model = NetworkPost
    serializer_class = NetworkPostSerializer
    filterset_class = NetworkPostFilterSet

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("membership__network").order_by("-start", "pk")

    def create_object(self, values: dict[str, Any]) -> NetworkPost:
        membership = values.pop("membership")
        return services.add_network_post(membership, acting_user=self.acting_user, **values)

    def update_object(self, instance: NetworkPost, values: dict[str, Any]) -> NetworkPost:
        return services.update_network_post(instance, acting_user=self.acting_user, **values)

    def delete_object(self, instance: NetworkPost) -> None:
        services.delete_network_post(instance, acting_user=self.acting_user)

"""Bulk changes of the city network list (``core/bulk.py``): tags; deletion (refused for a
network with positions, which protect it)."""

from __future__ import annotations

from lazos.core.bulk import AddTags, BulkDeclaration, RemoveTags
from lazos.networks import services
from lazos.networks.filtersets import NetworkFilterSet
from lazos.networks.models import Network

NETWORKS = BulkDeclaration(
    name="network",
    namespace="networks",
    model=Network,
    filterset_class=NetworkFilterSet,
    queryset=lambda government: Network.objects.for_tenant(government).prefetch_related("tags"),
    changes=(
        AddTags(service=services.update_network),
        RemoveTags(service=services.update_network),
    ),
    delete=services.delete_network,
)

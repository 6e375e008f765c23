"""Bulk changes of the local actor list (``core/bulk.py``): tags; deletion."""

from __future__ import annotations

from lazos.actors import services
from lazos.actors.filtersets import LocalActorFilterSet
from lazos.actors.models import LocalActor
from lazos.core.bulk import AddTags, BulkDeclaration, RemoveTags

ACTORS = BulkDeclaration(
    name="actor",
    namespace="actors",
    model=LocalActor,
    filterset_class=LocalActorFilterSet,
    queryset=lambda government: LocalActor.objects.for_tenant(government).prefetch_related("tags"),
    changes=(
        AddTags(service=services.update_local_actor),
        RemoveTags(service=services.update_local_actor),
    ),
    delete=services.delete_local_actor,
)

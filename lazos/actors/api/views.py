"""/api/v1/local-actors/."""

from __future__ import annotations

from typing import Any

from lazos.actors import services
from lazos.actors.api.serializers import LocalActorSerializer
from lazos.actors.filtersets import LocalActorFilterSet
from lazos.actors.models import LocalActor
from lazos.api.register import RegisterViewSet


class LocalActorViewSet(RegisterViewSet):
    """The territory's civil society, academia, private sector, diaspora, media…"""

    model = LocalActor
    serializer_class = LocalActorSerializer
    filterset_class = LocalActorFilterSet

    def scoped(self, queryset: Any) -> Any:
        return queryset.with_related().with_participation_count()

    def create_object(self, values: dict[str, Any]) -> LocalActor:
        tags = values.pop("tags", ())
        return services.create_local_actor(
            self.government, acting_user=self.acting_user, tags=tags, **values
        )

    def update_object(self, instance: LocalActor, values: dict[str, Any]) -> LocalActor:
        tags = values.pop("tags", None)
        return services.update_local_actor(
            instance, acting_user=self.acting_user, tags=tags, **values
        )

    def delete_object(self, instance: LocalActor) -> None:
        services.delete_local_actor(instance, acting_user=self.acting_user)

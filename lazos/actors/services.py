"""Every write to local actors: validated, audited, atomic."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction

from lazos.actors.models import LocalActor
from lazos.core.services import delete_audited, save_audited

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.governments.models import Government

# The fields a person (or a spreadsheet) may set on a local actor; tags go apart.
ACTOR_FIELDS = (
    "name",
    "kind",
    "description",
    "contact_name",
    "email",
    "phone",
    "website",
    "external_id",
)


@transaction.atomic
def create_local_actor(
    government: Government, *, acting_user: User | None, tags: Iterable[str] = (), **values: Any
) -> LocalActor:
    actor = LocalActor(government=government)
    return save_audited(
        actor, acting_user=acting_user, fields=ACTOR_FIELDS, values=values, tags=list(tags)
    )


@transaction.atomic
def update_local_actor(
    actor: LocalActor,
    *,
    acting_user: User | None,
    tags: Iterable[str] | None = None,
    **values: Any,
) -> LocalActor:
    return save_audited(
        actor,
        acting_user=acting_user,
        fields=ACTOR_FIELDS,
        values=values,
        tags=list(tags) if tags is not None else None,
    )


@transaction.atomic
def delete_local_actor(actor: LocalActor, *, acting_user: User) -> None:
    delete_audited(actor, acting_user=acting_user)

"""Building blocks for the domain apps' service functions.

Each app exposes verb-named services (``create_partner``, ``update_action``…) that call these
helpers, so every write validates, runs in a transaction and is audited the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models, transaction
from django.utils.text import slugify

from lazos.core import audit
from lazos.core.models import Tag

if TYPE_CHECKING:
    from lazos.accounts.models import User

M = TypeVar("M", bound=models.Model)


def assign(instance: models.Model, fields: Iterable[str], values: Mapping[str, Any]) -> None:
    """Copy ``values`` onto ``instance``; refuse names outside ``fields``."""
    allowed = set(fields)
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in values.items():
        setattr(instance, name, value)


@transaction.atomic
def save_audited(
    instance: M,
    *,
    acting_user: User | None,
    fields: Iterable[str],
    values: Mapping[str, Any],
    m2m: Mapping[str, Iterable[Any]] | None = None,
    tags: Iterable[str] | None = None,
    note: str = "",
) -> M:
    """Create or update ``instance`` with ``values`` (and many-to-many ``m2m``), audited.

    Many-to-many values and tags are part of the same audit event, before and after.
    """
    with audit.recording(instance, actor=acting_user, note=note):
        assign(instance, fields, values)
        instance.full_clean()
        instance.save()
        for name, related in (m2m or {}).items():
            getattr(instance, name).set(list(related))
        if tags is not None:
            set_tags(instance, tags)
    return instance


@transaction.atomic
def delete_audited(instance: models.Model, *, acting_user: User | None, note: str = "") -> None:
    audit.record_deletion(instance, actor=acting_user, note=note)
    instance.delete()


def set_tags(instance: Any, names: Iterable[str]) -> None:
    """Give ``instance`` exactly these tags, creating the government's missing ones."""
    wanted: dict[str, str] = {}
    for name in names:
        clean = " ".join(str(name).split())[:60]
        if clean:
            wanted.setdefault(slugify(clean, allow_unicode=True) or clean.lower(), clean)
    existing = {
        t.slug: t for t in Tag.objects.for_tenant(instance.government_id).filter(slug__in=wanted)
    }
    for slug, name in wanted.items():
        if slug not in existing:
            existing[slug] = Tag.objects.create(
                government_id=instance.government_id, name=name, slug=slug
            )
    instance.tags.set(existing.values())


def parse_tags(text: str) -> list[str]:
    """ "culture, youth exchange" → ["culture", "youth exchange"]."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]

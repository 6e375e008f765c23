"""Keep the search index in step with the register.

:func:`index_object` and :func:`remove_object` update one object's entry;
:func:`reindex_government` rebuilds a government's whole index (``lazos
rebuild_search_index``). The receivers at the bottom, connected in ``SearchConfig.ready()``,
call them whenever a partner, agreement, action, city network or local actor is saved, deleted
or gets other partners or tags. The index is derived data: it is not audited.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.urls import NoReverseMatch
from django.utils import translation

from lazos.actions.models import Action
from lazos.actors.models import LocalActor
from lazos.agreements.models import Agreement
from lazos.core.deferred import collector
from lazos.core.models import Tag, TenantModel
from lazos.governments.models import Government
from lazos.networks.models import Network
from lazos.partners.models import Partner
from lazos.search.choices import SearchKind
from lazos.search.models import SearchEntry
from lazos.search.querysets import government_search_config
from lazos.search.text import fold

BATCH_SIZE = 500


@dataclass(frozen=True)
class Document:
    title: str
    body: str


@dataclass(frozen=True)
class Indexed:
    """How one model is indexed: its kind, what to load with it, and its document."""

    kind: SearchKind
    select_related: tuple[str, ...]
    prefetch_related: tuple[str, ...]
    build: Callable[[Any], Document]


def _join(*parts: object) -> str:
    """One part per line (line breaks inside a part become spaces)."""
    return "\n".join(text for part in parts if (text := " ".join(str(part or "").split())))


def _names(items: Iterable[Any]) -> str:
    return ", ".join(sorted(str(item) for item in items))


def _partner(partner: Partner) -> Document:
    place = partner.place.name if partner.place_id and partner.place else ""
    return Document(
        title=partner.name,
        body=_join(
            partner.description,
            place,
            partner.country.name if partner.country else "",
            partner.get_kind_display(),
            partner.website,
            _names(partner.tags.all()),
        ),
    )


def _agreement(agreement: Agreement) -> Document:
    return Document(
        title=agreement.title,
        body=_join(
            agreement.summary,
            agreement.objectives,
            _names(agreement.partners.all()),
            agreement.get_kind_display(),
            agreement.legal_basis,
            agreement.registration_reference,
            agreement.public_summary,
            _names(agreement.tags.all()),
        ),
    )


def _action(action: Action) -> Document:
    return Document(
        title=action.title,
        body=_join(
            action.description,
            action.public_summary,
            action.location,
            _names(action.partners.all()),
            action.get_modality_display(),
            action.outcomes,
            action.lessons_learned,
            _names(action.tags.all()),
        ),
    )


def _network(network: Network) -> Document:
    return Document(
        title=str(network),
        body=_join(
            network.description,
            network.get_scope_display(),
            network.website,
            _names(network.tags.all()),
        ),
    )


def _actor(actor: LocalActor) -> Document:
    return Document(
        title=actor.name,
        body=_join(
            actor.description,
            actor.get_kind_display(),
            actor.contact_name,
            actor.website,
            _names(actor.tags.all()),
        ),
    )


INDEXED: dict[type[models.Model], Indexed] = {
    Partner: Indexed(SearchKind.PARTNER, ("place",), ("tags",), _partner),
    Agreement: Indexed(SearchKind.AGREEMENT, (), ("partners", "tags"), _agreement),
    Action: Indexed(SearchKind.ACTION, (), ("partners", "tags"), _action),
    Network: Indexed(SearchKind.NETWORK, (), ("tags",), _network),
    LocalActor: Indexed(SearchKind.ACTOR, (), ("tags",), _actor),
}


def _language(government: Government) -> str:
    languages = government.official_languages or []
    return languages[0] if languages else "en"


def _url(obj: Any) -> str:
    try:
        return str(obj.get_absolute_url())
    except NoReverseMatch:  # the app's pages are not installed (yet)
        return ""


def _entry(obj: Any, spec: Indexed, government: Government, config: str) -> SearchEntry:
    """An unsaved entry for ``obj``; labels in the government's language."""
    with translation.override(_language(government)):
        document = spec.build(obj)
    title = document.title[:300]
    return SearchEntry(
        government_id=obj.government_id,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        kind=spec.kind,
        title=title,
        body=document.body,
        folded_title=fold(title)[:400],
        folded=fold(f"{title}\n{document.body}"),
        search_config=config,
        url=_url(obj)[:300],
        object_updated_at=getattr(obj, "updated_at", None),
    )


def index_object(obj: models.Model) -> SearchEntry | None:
    """Create or refresh the entry of ``obj``; None when its model is not searchable."""
    spec = INDEXED.get(type(obj))
    if spec is None or obj.pk is None or not isinstance(obj, TenantModel):
        return None
    government = obj.government
    entry = _entry(obj, spec, government, government_search_config(government))
    existing = (
        SearchEntry.objects.for_tenant(entry.government_id)
        .filter(content_type=entry.content_type, object_id=entry.object_id)
        .first()
    )
    previous_title = existing.title if existing else None
    if existing is not None:
        entry.pk, entry.created_at = existing.pk, existing.created_at
        entry._state.adding = False
    entry.save()
    if isinstance(obj, Partner) and previous_title is not None and previous_title != entry.title:
        # Agreements and actions carry their partners' names: refresh them.
        _reindex(Agreement, obj.agreements.values_list("pk", flat=True))
        _reindex(Action, obj.actions.values_list("pk", flat=True))
    return entry


def remove_object(obj: models.Model) -> None:
    """Remove the entry of ``obj`` (deleted, or no longer searchable)."""
    if type(obj) not in INDEXED or obj.pk is None or not isinstance(obj, TenantModel):
        return
    SearchEntry.objects.for_tenant(obj.government_id).filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).delete()


def _reindex(model: type[models.Model], ids: Iterable[int]) -> int:
    """Rebuild the entries of these objects of ``model`` (all at once, batched)."""
    ids = list(ids)
    if not ids:
        return 0
    spec = INDEXED[model]
    content_type = ContentType.objects.get_for_model(model)
    count = 0
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        objects = list(
            model._default_manager.filter(pk__in=chunk)
            .select_related("government", *spec.select_related)
            .prefetch_related(*spec.prefetch_related)
        )
        entries = []
        for obj in objects:
            if not isinstance(obj, TenantModel):  # every indexed model is; tells mypy
                continue
            government: Government = obj.government
            entries.append(_entry(obj, spec, government, government_search_config(government)))
        SearchEntry.objects.filter(content_type=content_type, object_id__in=chunk).delete()
        SearchEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
        count += len(entries)
    return count


def reindex_government(government: Government) -> int:
    """Rebuild the whole index of ``government``; returns the number of entries."""
    SearchEntry.objects.for_tenant(government).delete()
    count = 0
    for model in INDEXED:
        ids = model._default_manager.filter(government=government).values_list("pk", flat=True)
        count += _reindex(model, ids.order_by("pk"))
    return count


def update_search_config(government: Government) -> int:
    """After the government's languages change: entries use its new text-search language at
    once (on PostgreSQL the trigger recomputes each row's vector), and a background job
    rebuilds the index so labels (kinds, countries) are in the new language too."""
    config = government_search_config(government)
    changed = (
        SearchEntry.objects.for_tenant(government)
        .exclude(search_config=config)
        .update(search_config=config)
    )
    if changed:
        from lazos.search.jobs import rebuild_government_index

        government_id = government.pk
        transaction.on_commit(lambda: rebuild_government_index.enqueue(government_id))
    return changed


# --- Receivers (connected in SearchConfig.ready) ------------------------------------------------


PENDING = "search-index"


def _flush_pending(items: set[tuple[type[models.Model], int]]) -> None:
    """The end of a ``deferred_work()`` block: rebuild the entries of every object saved or
    relinked in it, model by model, in bulk (partners' agreements and actions too, since they
    carry their partners' names)."""
    by_model: dict[type[models.Model], set[int]] = {}
    for model, pk in items:
        by_model.setdefault(model, set()).add(pk)
    partners = by_model.get(Partner, set())
    if partners:
        for model, related in ((Agreement, "partners"), (Action, "partners")):
            linked = model._default_manager.filter(**{f"{related}__in": partners})
            by_model.setdefault(model, set()).update(linked.values_list("pk", flat=True))
    for model, ids in by_model.items():
        _reindex(model, sorted(ids))


def _index_later(model: type[models.Model], ids: Iterable[int]) -> bool:
    """Inside ``deferred_work()``: note these objects for one bulk refresh at its end."""
    pending = collector(PENDING, _flush_pending)
    if pending is None:
        return False
    pending.update((model, pk) for pk in ids if pk is not None)
    return True


def _on_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    if type(instance) in INDEXED and _index_later(type(instance), [instance.pk]):
        return
    index_object(instance)


def _on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    remove_object(instance)
    for model, ids in getattr(instance, "_search_dependents", {}).items():
        _reindex(model, ids)


def _through_links(
    through: type[models.Model], source: type[models.Model], target: type[models.Model]
) -> tuple[str, str]:
    """The attnames of ``through``'s foreign keys to ``source`` and to ``target``."""
    to_source = next(f for f in through._meta.fields if f.related_model is source)
    to_target = next(
        f for f in through._meta.fields if f.related_model is target and f is not to_source
    )
    return to_source.attname, to_target.attname


def _linked_ids(through: type[models.Model], model: type[models.Model], other: Any) -> list[int]:
    """Ids of ``model`` objects linked to ``other`` through ``through``."""
    model_id, other_id = _through_links(through, model, type(other))
    return list(
        through._default_manager.filter(**{other_id: other.pk}).values_list(model_id, flat=True)
    )


def _on_m2m(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    reverse: bool,
    model: type[models.Model],
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear") and not _index_later(
            type(instance), [instance.pk]
        ):
            index_object(instance)
        return
    # The other side changed (e.g. partner.agreements.add(...)): refresh the objects of
    # ``model`` it was linked to or from.
    if model not in INDEXED:
        return
    if action == "pre_clear":
        pending = instance.__dict__.setdefault("_search_cleared", {})
        pending[sender] = _linked_ids(sender, model, instance)
    elif action in ("post_add", "post_remove"):
        if not _index_later(model, pk_set or ()):
            _reindex(model, pk_set or ())
    elif action == "post_clear":
        cleared = instance.__dict__.get("_search_cleared", {}).pop(sender, ())
        if not _index_later(model, cleared):
            _reindex(model, cleared)


def _capture_dependents(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Before a partner or a tag is deleted: which indexed objects mention it."""
    dependents: dict[type[models.Model], list[int]] = {}
    for model in INDEXED:
        for field in model._meta.many_to_many:
            if field.related_model is type(instance):
                through = cast(type[models.Model], field.remote_field.through)
                dependents.setdefault(model, []).extend(_linked_ids(through, model, instance))
    instance.__dict__["_search_dependents"] = {m: ids for m, ids in dependents.items() if ids}


def _on_tag_save(sender: type[Tag], instance: Tag, created: bool, **kwargs: Any) -> None:
    if created or kwargs.get("raw"):
        return
    _capture_dependents(sender, instance)
    for model, ids in instance.__dict__.pop("_search_dependents").items():
        _reindex(model, ids)


def _on_government_save(sender: type[Government], instance: Government, **kwargs: Any) -> None:
    if not kwargs.get("created") and not kwargs.get("raw"):
        update_search_config(instance)


def _m2m_throughs() -> list[type[models.Model]]:
    return [
        cast(type[models.Model], field.remote_field.through)
        for model in INDEXED
        for field in model._meta.many_to_many
        if field.related_model in INDEXED or field.related_model is Tag
    ]


def connect_signals() -> None:
    """Connect the receivers that keep the index up to date (idempotent)."""
    for model in INDEXED:
        post_save.connect(_on_save, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(
            _on_delete, sender=model, dispatch_uid=f"search-delete-{model.__name__}"
        )
    for through in _m2m_throughs():
        m2m_changed.connect(_on_m2m, sender=through, dispatch_uid=f"search-m2m-{through.__name__}")
    pre_delete.connect(_capture_dependents, sender=Partner, dispatch_uid="search-partner-deps")
    pre_delete.connect(_capture_dependents, sender=Tag, dispatch_uid="search-tag-deps")
    post_delete.connect(_on_delete, sender=Tag, dispatch_uid="search-tag-delete")
    post_save.connect(_on_tag_save, sender=Tag, dispatch_uid="search-tag-save")
    post_save.connect(_on_government_save, sender=Government, dispatch_uid="search-government")

"""The audit trail: who changed what, when, through which channel, with before/after values.

Service functions call :func:`recording` around a create or an update and
:func:`record_deletion` before a delete, inside their transaction, so the audit row is written
or rolled back together with the change::

    with audit.recording(department, actor=acting_user):
        department.name = "Culture"
        department.full_clean()
        department.save()

The channel (web, api, import, command, job) comes from a context variable: web middleware
sets "web", the ``lazos`` command sets "command", importers and jobs use :func:`channel`.

Audit rows are append-only. Triggers (core migrations 0003 and 0005) refuse UPDATE and DELETE
on every database; ``lazos flush``, which empties the whole database on purpose, lifts them
for its own length with :func:`audit_triggers_lifted`. On PostgreSQL the application should
connect as a role that does not own the tables (``lazos grant_app_role``, SECURITY.md), so it
can neither truncate the audit table nor switch its triggers off.
"""

from __future__ import annotations

import contextvars
import datetime
import decimal
import functools
import inspect
import json
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from json.encoder import encode_basestring_ascii as encode_json_string
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core import checks
from django.db import connections, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.fields.files import FieldFile
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from lazos.core.models import AuditEvent


class Channel(models.TextChoices):
    WEB = "web", _("web")
    API = "api", _("API")
    IMPORT = "import", _("import")
    COMMAND = "command", _("command")
    JOB = "job", _("background job")
    SYSTEM = "system", _("system")


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    DELETE = "delete", _("deleted")


_default_channel: Channel = Channel.SYSTEM
_channel: contextvars.ContextVar[Channel | None] = contextvars.ContextVar(
    "lazos_audit_channel", default=None
)
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("lazos_request_id", default="")


def set_default_channel(value: Channel) -> None:
    """Set the channel used when no :func:`channel` block is active (the process default)."""
    global _default_channel
    _default_channel = value


def current_channel() -> Channel:
    return _channel.get() or _default_channel


@contextmanager
def channel(value: Channel, *, request_id: str = "") -> Iterator[None]:
    """Attribute every change made inside the block to ``value`` (e.g. an import or a job)."""
    token = _channel.set(value)
    rid_token = _request_id.set(request_id or _request_id.get())
    try:
        yield
    finally:
        _channel.reset(token)
        _request_id.reset(rid_token)


# The models whose rows are only ever added: the application may read and append to their
# tables, never update, delete or truncate them (see lazos grant_app_role).
APPEND_ONLY_MODELS = ("core.AuditEvent",)


def append_only_tables() -> list[str]:
    return [apps.get_model(label)._meta.db_table for label in APPEND_ONLY_MODELS]


@contextmanager
def audit_triggers_lifted(using: str) -> Iterator[None]:
    """Let the block delete audit rows on SQLite (for ``flush`` only), then protect them again.

    The triggers of the append-only tables are dropped and re-created from their own stored
    SQL in one transaction, so a failure inside the block leaves them in place. PostgreSQL
    needs nothing: its flush truncates, which row triggers do not see, and which only the
    tables' owner may do.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            triggers = []
            for table in append_only_tables():
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
                    "ORDER BY name",
                    [table],
                )
                triggers += cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
        yield
        with connection.cursor() as cursor:
            for _name, sql in triggers:
                cursor.execute(sql)


# What the application's role must never hold on an append-only table.
FORBIDDEN_ON_APPEND_ONLY = ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER")


@checks.register(checks.Tags.database, deploy=True)
def check_audit_trail_protection(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """``lazos check --deploy --database default``: can this connection wipe the audit trail?

    On PostgreSQL, a superuser or the tables' owner can truncate the audit table or switch its
    triggers off; any role can hold rights granted by hand. SQLite has no roles (SECURITY.md).
    """
    messages: list[checks.CheckMessage] = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        for table in append_only_tables():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT current_user, r.rolsuper, pg_has_role(c.relowner, 'MEMBER'), "
                    "has_table_privilege(c.oid, %s), has_table_privilege(c.oid, %s), "
                    "has_table_privilege(c.oid, %s), has_table_privilege(c.oid, %s) "
                    "FROM pg_roles r, pg_class c "
                    "WHERE r.rolname = current_user AND c.oid = to_regclass(%s)",
                    [*FORBIDDEN_ON_APPEND_ONLY, table],
                )
                row = cursor.fetchone()
            if row is None:  # not migrated yet
                continue
            user, superuser, owner, *held = row
            if superuser or owner:
                messages.append(
                    checks.Warning(
                        f"The application connects to the database {alias!r} as {user!r}, "
                        f"{'a superuser' if superuser else 'the owner of ' + table}: it could "
                        "truncate the audit trail or switch its triggers off.",
                        hint="Connect as a role that owns nothing and run `lazos "
                        "grant_app_role` as the owner (SECURITY.md, database roles).",
                        obj=table,
                        id="lazos.W010",
                    )
                )
            elif any(held):
                rights = [
                    name for name, has in zip(FORBIDDEN_ON_APPEND_ONLY, held, strict=True) if has
                ]
                messages.append(
                    checks.Warning(
                        f"The application's role {user!r} holds {', '.join(rights)} on {table}, "
                        "so it could rewrite or remove audit rows.",
                        hint="Run `lazos grant_app_role` as the owner, and revoke these rights "
                        "from PUBLIC or any role the application's role belongs to.",
                        obj=table,
                        id="lazos.W011",
                    )
                )
    return messages


_PLAIN = frozenset({str, int, bool, float, type(None)})


def _jsonable(value: Any) -> Any:
    if type(value) in _PLAIN or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, FieldFile):  # (.url raises on an empty file: don't touch it)
        return value.name or None
    return str(value)


# Bookkeeping fields: the event itself says when and in which government.
ALWAYS_EXCLUDED = frozenset({"created_at", "updated_at", "government"})


@functools.cache
def _audited_fields(
    model: type[models.Model], exclude: frozenset[str]
) -> tuple[tuple[str, models.Field[Any, Any]], ...]:
    """The concrete fields :func:`snapshot` records, with the key each is recorded under."""
    return tuple(
        (f.attname if f.is_relation else f.name, f)
        for f in model._meta.concrete_fields
        if f.name not in exclude and not f.primary_key
    )


def snapshot(
    instance: models.Model, *, links: Mapping[str, list[int]] | None = None
) -> dict[str, Any]:
    """The audited values of ``instance``: its concrete fields and many-to-many ids (read from
    the database, or taken from ``links`` when given: a relation missing there is empty)."""
    exclude = ALWAYS_EXCLUDED | set(getattr(instance, "audit_exclude", ()))
    data: dict[str, Any] = {}
    for key, f in _audited_fields(instance.__class__, frozenset(exclude)):
        data[key] = _jsonable(f.value_from_object(instance))
    if links is not None:
        for m2m in instance._meta.many_to_many:
            if m2m.name not in exclude:
                data[m2m.name] = sorted(links.get(m2m.name, ()))
    elif instance.pk is not None:
        for m2m in instance._meta.many_to_many:
            if m2m.name in exclude:
                continue
            data[m2m.name] = sorted(
                getattr(instance, m2m.name).values_list("pk", flat=True).order_by()
            )
    return data


def _created(after: dict[str, Any]) -> dict[str, Any]:
    """``diff(None, after)``, without comparing each value with nothing."""
    return {
        key: {"before": None, "after": after[key]}
        for key in sorted(after)
        if after[key] is not None
    }


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
    before, after = before or {}, after or {}
    changes = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            changes[key] = {"before": old, "after": new}
    return changes


def _actor_label(actor: Any) -> str:
    if actor is not None and getattr(actor, "pk", None):
        return str(actor.get_username())
    return str(current_channel().label)


def _government_id(instance: models.Model) -> int | None:
    from lazos.governments.models import Government

    if isinstance(instance, Government):
        return instance.pk
    return getattr(instance, "government_id", None)


def write_event(
    instance: models.Model,
    *,
    action: AuditAction,
    actor: Any,
    changes: dict[str, Any],
    government_id: int | None = None,
    note: str = "",
    object_repr: str = "",
) -> AuditEvent:
    from django.contrib.contenttypes.models import ContentType

    from lazos.core.models import AuditEvent

    return AuditEvent.objects.create(
        government_id=government_id if government_id is not None else _government_id(instance),
        actor_id=getattr(actor, "pk", None),
        actor_label=_actor_label(actor),
        channel=current_channel(),
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=(object_repr or str(instance))[:200],
        changes=changes,
        note=note[:500],
        request_id=_request_id.get(),
    )


@dataclass
class Recording:
    instance: models.Model
    before: dict[str, Any] | None
    event: AuditEvent | None = None
    note: str = ""
    object_repr: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@contextmanager
def recording(
    instance: models.Model, *, actor: Any, note: str = "", object_repr: str = ""
) -> Iterator[Recording]:
    """Record the create or update of ``instance`` done inside the block.

    Must run inside the caller's transaction. Nothing is written when nothing changed.
    """
    creating = instance.pk is None or instance._state.adding
    rec = Recording(instance=instance, before=None if creating else _stored_snapshot(instance))
    rec.note, rec.object_repr = note, object_repr
    yield rec
    after = snapshot(instance)
    after.update(rec.extra)
    changes = diff(rec.before, after)
    if creating or changes:
        rec.event = write_event(
            instance,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            actor=actor,
            changes=changes,
            note=rec.note,
            object_repr=rec.object_repr,
        )


def _stored_snapshot(instance: models.Model) -> dict[str, Any]:
    """Snapshot of the row as stored, so unsaved edits made before the block still show."""
    stored = instance._meta.model._base_manager.get(pk=instance.pk)
    return snapshot(stored)


def record_deletion(
    instance: models.Model, *, actor: Any, note: str = "", object_repr: str = ""
) -> AuditEvent:
    """Record that ``instance`` is about to be deleted (call before ``delete()``)."""
    return write_event(
        instance,
        action=AuditAction.DELETE,
        actor=actor,
        changes=diff(snapshot(instance), None),
        note=note,
        object_repr=object_repr,
    )


# The bulk functions below read a row's audited values as :func:`snapshot` does, from a plan
# made once per model: a field whose attribute is a plain one (no descriptor turning the
# stored value into another object, no ``value_from_object`` of its own) is read from the
# instance's ``__dict__``; any other through ``value_from_object``.
_PLAIN_ATTRIBUTES = (DeferredAttribute, ForeignKeyDeferredAttribute)


@dataclass(frozen=True)
class _BulkField:
    key: str  # as :func:`snapshot` names it
    field: models.Field[Any, Any] | None  # None: a many-to-many relation (ids from ``links``)
    attname: str
    plain: bool  # read from ``__dict__``
    created_prefix: str  # the JSON text of ``"key": {"before": null, "after": ``


@functools.cache
def _bulk_plan(model: type[models.Model], exclude: frozenset[str]) -> tuple[_BulkField, ...]:
    """The values :func:`snapshot` records for ``model``, sorted by key (as a diff is)."""
    plan: list[tuple[str, models.Field[Any, Any] | None, str, bool]] = []
    for key, f in _audited_fields(model, exclude):
        plain = type(f).value_from_object is models.Field.value_from_object and type(
            inspect.getattr_static(model, f.attname, None)
        ) in (_PLAIN_ATTRIBUTES)
        plan.append((key, f, f.attname, plain))
    for m2m in model._meta.many_to_many:
        if m2m.name not in exclude:
            plan.append((m2m.name, None, m2m.name, False))
    return tuple(
        _BulkField(key, f, attname, plain, encode_json_string(key) + ': {"before": null, "after": ')
        for key, f, attname, plain in sorted(plan, key=lambda item: item[0])
    )


def _plan_of(instance: models.Model) -> tuple[_BulkField, ...]:
    model = type(instance)
    return _bulk_plan(model, ALWAYS_EXCLUDED | frozenset(getattr(model, "audit_exclude", ())))


_MISSING = object()


def _bulk_values(
    instance: models.Model, links: Mapping[str, list[int]]
) -> Iterator[tuple[_BulkField, Any]]:
    """(field, value as :func:`snapshot` records it) of ``instance``, sorted by key."""
    stored = instance.__dict__
    for entry in _plan_of(instance):
        if entry.field is None:
            yield entry, sorted(links.get(entry.attname, ()))
            continue
        value = stored.get(entry.attname, _MISSING) if entry.plain else _MISSING
        if value is _MISSING:
            value = entry.field.value_from_object(instance)
        yield entry, value if type(value) in _PLAIN else _jsonable(value)


def _bulk_snapshot(instance: models.Model, links: Mapping[str, list[int]]) -> dict[str, Any]:
    """``snapshot(instance, links=links)``, read through the model's plan."""
    return {entry.key: value for entry, value in _bulk_values(instance, links)}


def _creation_json(instance: models.Model, links: Mapping[str, list[int]]) -> str:
    """``json.dumps(_created(snapshot(instance, links=links)))``, the same text, written
    from the values directly (the loop of :func:`_bulk_values`, inlined: it runs for every
    value of every row of an import)."""
    parts = []
    stored = instance.__dict__
    for entry in _plan_of(instance):
        if entry.field is None:
            parts.append(
                entry.created_prefix + json.dumps(sorted(links.get(entry.attname, ()))) + "}"
            )
            continue
        value: Any = stored.get(entry.attname, _MISSING) if entry.plain else _MISSING
        if value is _MISSING:
            value = entry.field.value_from_object(instance)
        kind = type(value)
        if kind is str:
            text = encode_json_string(value)
        elif value is None:
            continue
        elif kind is int:
            text = int.__repr__(value)
        elif kind is bool:
            text = "true" if value else "false"
        elif kind is datetime.date or kind is datetime.datetime:
            text = '"' + value.isoformat() + '"'  # (digits and signs: nothing to escape)
        elif kind is decimal.Decimal:
            text = encode_json_string(str(value))
        else:
            value = _jsonable(value)
            if value is None:
                continue
            text = json.dumps(value)
        parts.append(entry.created_prefix + text + "}")
    return "{" + ", ".join(parts) + "}"


def record_creations(
    instances: Sequence[models.Model],
    *,
    actor: Any,
    note: str = "",
    links: Mapping[Any, Mapping[str, list[int]]] | None = None,
) -> int:
    """Record the creation of rows already inserted in bulk (``bulk_create``), one event each,
    inside the caller's transaction: the same events :func:`recording` writes for a create
    (every audited value, from nothing), for a large import. ``links`` gives, by row id, the
    many-to-many ids written for it (a relation not given is empty: new rows' links are not
    read back one query each).

    Each event's changes are written as the JSON text ``json.dumps`` gives the dictionary
    :func:`recording` builds (``_created(snapshot(…))``), character for character, but put
    together from the row's values directly (:func:`_creation_json`): no snapshot, no
    dictionary of changes per row."""
    given = links or {}
    return _record_in_bulk(
        instances,
        action=AuditAction.CREATE,
        actor=actor,
        note=note,
        changes=lambda instance: _created(snapshot(instance, links=given.get(instance.pk, {}))),
        changes_json=lambda instance: _creation_json(instance, given.get(instance.pk, {})),
    )


def record_updates(
    changed: Sequence[tuple[models.Model, dict[str, Any]]],
    *,
    actor: Any,
    note: str = "",
    links: Mapping[Any, Mapping[str, list[int]]] | None = None,
) -> int:
    """Record the update of rows already written in bulk (``bulk_update``), inside the
    caller's transaction: for each ``(instance, before)`` — ``before`` its :func:`snapshot`
    taken before the change — the event :func:`recording` writes for an update (the values
    that changed, before and after), none when nothing changed. ``links`` gives, by row id,
    the many-to-many ids it has now (without it, each row's are read). Returns the count."""
    changes: dict[int, dict[str, Any]] = {}
    for instance, before in changed:
        after = (
            snapshot(instance)
            if links is None
            else _bulk_snapshot(instance, links.get(instance.pk, {}))
        )
        difference = diff(before, after)
        if difference:
            changes[id(instance)] = difference
    return _record_in_bulk(
        [instance for instance, _before in changed if id(instance) in changes],
        action=AuditAction.UPDATE,
        actor=actor,
        note=note,
        changes=lambda instance: changes[id(instance)],
    )


def record_deletions(
    instances: list[models.Model],
    *,
    actor: Any,
    note: str = "",
    links: Mapping[Any, Mapping[str, list[int]]] | None = None,
) -> int:
    """Record that these rows are about to be deleted in bulk (call before deleting them):
    the events :func:`record_deletion` writes one by one, in one insert. ``links`` gives, by
    row id, the many-to-many ids of the rows read in bulk (without it, each row's are read)."""
    return _record_in_bulk(
        instances,
        action=AuditAction.DELETE,
        actor=actor,
        note=note,
        changes=lambda instance: diff(
            snapshot(instance)
            if links is None
            else _bulk_snapshot(instance, links.get(instance.pk, {})),
            None,
        ),
    )


def _record_in_bulk(
    instances: Sequence[models.Model],
    *,
    action: AuditAction,
    actor: Any,
    note: str,
    changes: Callable[[models.Model], dict[str, Any]],
    changes_json: Callable[[models.Model], str] | None = None,
) -> int:
    """Write one event per instance, all with ``action``.

    The events are inserted with one ``executemany`` (their ids are not needed; building a
    model instance and compiling an INSERT per event cost more than the import's own rows).
    ``changes_json``, when given, returns the JSON text of ``changes(instance)`` (what the
    JSON field would send: ``json.dumps`` of it), made without the dictionary. Receivers of
    new audit events (the portal's cache version) are told once per government.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.signals import post_save
    from django.utils import timezone

    from lazos.core.models import AuditEvent
    from lazos.core.text import single_line
    from lazos.governments.models import Government

    if not instances:
        return 0
    db = router.db_for_write(AuditEvent)
    connection = connections[db]
    meta = AuditEvent._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    changes_field = meta.get_field("changes")
    assert isinstance(changes_field, models.JSONField)
    label, actor_id = single_line(_actor_label(actor))[:150], getattr(actor, "pk", None)
    common = {
        "occurred_at": timezone.now(),
        "actor_id": actor_id,
        "actor_label": label,
        "channel": str(current_channel()),
        "action": str(action),
        "note": single_line(note)[:500],
        "request_id": _request_id.get(),
    }
    # The values common to every event, converted for the database once; each row is a copy
    # of ``template`` with its own values at their places.
    template = [
        field.get_db_prep_save(common[field.attname], connection)
        if field.attname in common
        else None
        for field in fields
    ]
    place = {field.attname: index for index, field in enumerate(fields)}
    government_at, type_at, id_at = (
        place["government_id"],
        place["content_type_id"],
        place["object_id"],
    )
    repr_at, changes_at = place["object_repr"], place["changes"]
    as_text = _json_parameter(connection, changes_field)
    content_types: dict[type[models.Model], int] = {}
    rows = []
    first_by_government: dict[int | None, dict[str, Any]] = {}
    for instance in instances:
        if instance.pk is None:
            raise ValueError(f"{instance!r} has no id: record it after bulk_create.")
        model = type(instance)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(
                instance, for_concrete_model=True
            ).pk
        government_id = (
            instance.pk
            if issubclass(model, Government)
            else getattr(instance, "government_id", None)
        )
        text = changes_json(instance) if changes_json is not None else json.dumps(changes(instance))
        row = template.copy()
        row[government_at] = government_id  # (ids and texts go as they are)
        row[type_at] = content_types[model]
        row[id_at] = str(instance.pk)
        row[repr_at] = single_line(str(instance))[:200]
        row[changes_at] = as_text(text)
        if government_id not in first_by_government:
            first_by_government[government_id] = {
                **common,
                "government_id": government_id,
                "content_type_id": content_types[model],
                "object_id": row[id_at],
                "object_repr": row[repr_at],
                "changes": json.loads(text),
            }
        rows.append(row)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        quote(meta.db_table),
        ", ".join(quote(str(field.column)) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[start : start + 2000])
    for values in first_by_government.values():
        event = AuditEvent(**values)
        post_save.send(sender=AuditEvent, instance=event, created=True, raw=False, using=db)
    return len(rows)


def _json_parameter(
    connection: BaseDatabaseWrapper, field: models.JSONField[Any, Any]
) -> Callable[[str], Any]:
    """The parameter a JSON field without encoder sends for a value whose ``json.dumps``
    text is given (``get_db_prep_save``: that text on SQLite, the text wrapped as jsonb on
    PostgreSQL), without encoding the value again."""
    if field.encoder is None and connection.vendor == "sqlite":
        return _same_text
    if field.encoder is None and connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        return lambda text: Jsonb(text, dumps=_same_text)
    return lambda text: field.get_db_prep_save(json.loads(text), connection)


def _same_text(text: str) -> str:
    return text

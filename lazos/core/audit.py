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
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core import checks
from django.db import connections, models, router, transaction
from django.db.models.fields.files import FieldFile
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
    read back one query each)."""
    return _record_in_bulk(
        instances,
        action=AuditAction.CREATE,
        actor=actor,
        note=note,
        changes=lambda instance: _created(
            snapshot(instance, links=(links or {}).get(instance.pk, {}))
        ),
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
        after = snapshot(instance, links=None if links is None else links.get(instance.pk, {}))
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
            snapshot(instance, links=None if links is None else links.get(instance.pk, {})),
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
) -> int:
    """Write one event per instance, all with ``action``.

    The events are inserted with one ``executemany`` (their ids are not needed; building a
    model instance and compiling an INSERT per event cost more than the import's own rows).
    Receivers of new audit events (the portal's cache version) are told once per government.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.signals import post_save
    from django.utils import timezone

    from lazos.core.models import AuditEvent
    from lazos.core.text import single_line

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
    # The values common to every event, converted for the database once.
    by_attname = {field.attname: field for field in fields}
    prepared = {
        name: by_attname[name].get_db_prep_save(value, connection) for name, value in common.items()
    }
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
        government_id = _government_id(instance)
        row_values = {
            "government_id": government_id,
            "content_type_id": content_types[model],
            "object_id": str(instance.pk),
            "object_repr": single_line(str(instance))[:200],
            "changes": changes(instance),
        }
        if government_id not in first_by_government:
            first_by_government[government_id] = {**common, **row_values}
        prepared.update(row_values)  # (ids and texts go as they are)
        prepared["changes"] = changes_field.get_db_prep_save(row_values["changes"], connection)
        rows.append([prepared[field.attname] for field in fields])
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

"""The import's fast write path: the rows an activity brings, written in bulk and audited.

An activity of a development bank's file brings a dozen transactions, budgets, results with
indicators, periods and values: saved one by one (validation, an INSERT, an audit INSERT and
signals each) they made the 478-activity file take minutes. :class:`RowBatch` keeps the new
partners, actions and rows of a group of activities and writes them model by model with
``bulk_create``, parents before children (a child given its unsaved parent gets the parent's
id when the parent is written), the actions' many-to-many links in bulk, then one audit
event per row, in bulk, with the same content :func:`lazos.core.audit.recording` gives a
create (:func:`lazos.core.audit.record_creations`). ``post_save`` is sent for each new row,
so the search index hears of it (built once for the whole import: ``core.deferred``).

The values are those the services build and have already checked (the file passed the IATI
schema and codelists, the plan refused what cannot be stored, texts are cut to their
columns), so rows are not validated one by one with ``full_clean`` (a query per foreign key
and constraint); each still passes its model's own ``clean()`` and single-line fields are
normalised (``TenantQuerySet.bulk_create``). Rows that already exist (an activity imported
again) are updated after the new rows are written, in bulk too (:func:`update_rows`), each
with the update event ``save_audited`` would write (:func:`lazos.core.audit.record_updates`:
the values that changed, before and after); the rows of the earlier import they replace are
deleted as read, each audited (:func:`lazos.core.audit.record_deletions`).
Everything runs inside the import's transaction: nothing is written unless all of it is.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.deletion import Collector
from django.db.models.signals import post_save
from django.utils import timezone

from lazos.actions.models import Action, BudgetLine
from lazos.core import audit
from lazos.core.deferred import deferred_work
from lazos.core.services import assign, delete_audited, save_audited
from lazos.core.single_line import normalise_instance
from lazos.iati.models import IatiActivityExtra, IatiBudget, IatiDocumentLink, Transaction
from lazos.partners.models import Partner
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate

if TYPE_CHECKING:
    from lazos.accounts.models import User

M = TypeVar("M", bound=models.Model)

# Parents before children.
ORDER: tuple[type[models.Model], ...] = (
    Partner,
    Action,
    BudgetLine,
    IatiBudget,
    Transaction,
    IatiDocumentLink,
    Indicator,
    IndicatorPeriod,
    IndicatorUpdate,
    IatiActivityExtra,
)
# Models whose manager's ``bulk_create`` derives values of its own (a partner's matching
# keys): their few rows always go through it.
THROUGH_MANAGER: frozenset[type[models.Model]] = frozenset({Partner})
BATCH_SIZE = 500
# Rows per INSERT of :func:`insert_rows` (bounded too by the database's parameters limit).
INSERT_ROWS = 1000


@dataclass(frozen=True)
class Later:
    """A value known only once other rows of the batch are written (e.g. their ids)."""

    compute: Callable[[], Any]


def _resolve(instance: models.Model, names: Iterable[str]) -> None:
    for name in names:
        value = getattr(instance, name)
        if isinstance(value, Later):
            setattr(instance, name, value.compute())


def _link_parents(instance: models.Model) -> None:
    """Give ``instance`` the ids of the parents it was given unsaved (written since)."""
    for field in instance._meta.concrete_fields:
        if (
            isinstance(field, models.ForeignKey)
            and getattr(instance, field.attname) is None
            and field.is_cached(instance)
        ):
            parent = getattr(instance, field.name)
            if parent is not None:
                setattr(instance, field.name, parent)  # its id now; keeps it cached


# Fields whose value, of the exact Python type the field stores, goes to the database as it
# is (what ``get_db_prep_save`` would return for it): no conversion per value.
_AS_IS: dict[type[models.Field[Any, Any]], type] = {
    models.CharField: str,
    models.TextField: str,
    models.IntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.SmallIntegerField: int,
    models.BigIntegerField: int,
    models.BooleanField: bool,
}
_INTEGER_KEYS = (models.AutoField, models.BigAutoField)


@cache
def _columns(
    model: type[models.Model],
) -> tuple[list[models.Field[Any, Any]], list[type | None], list[bool]]:
    """The fields :func:`insert_rows` writes (every concrete one but the automatic id), the
    type each takes as it is (None: converted by the field), and whether the field fills its
    own value before a write (``auto_now`` dates)."""
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.generated
    ]
    kinds: list[type | None] = []
    for field in fields:
        kind = _AS_IS.get(type(field))
        if (
            type(field) in (models.ForeignKey, models.OneToOneField)
            and isinstance(field, models.ForeignKey)
            and isinstance(field.target_field, _INTEGER_KEYS)
        ):
            kind = int
        kinds.append(kind)
    own_values = [type(field).pre_save is not models.Field.pre_save for field in fields]
    return fields, kinds, own_values


def _max_parameters(connection: BaseDatabaseWrapper) -> int:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw: Any = connection.connection
        # SQLITE_LIMIT_VARIABLE_NUMBER (9): 32,766 since SQLite 3.32; Django assumes 999.
        limit = raw.getlimit(9) if hasattr(raw, "getlimit") else 999
        return int(limit)
    return 65535  # PostgreSQL's bind parameters per statement


def insert_rows(model: type[models.Model], rows: list[models.Model]) -> None:
    """``bulk_create`` of new rows with their ids read back (``INSERT … RETURNING``), without
    compiling an expression per value: the values are the services' own, already checked, so
    a value of the exact type its field stores goes as it is and any other is converted by
    its field (``get_db_prep_save``), as ``bulk_create`` does. Single-line fields are
    normalised (``TenantQuerySet.bulk_create``). SQLite only: elsewhere (and on a SQLite too
    old to return the ids of a multi-row insert) the rows go through ``bulk_create``."""
    if not rows:
        return
    db = router.db_for_write(model)
    connection = connections[db]
    manager = model._default_manager
    if (
        model in THROUGH_MANAGER
        or connection.vendor != "sqlite"
        or not connection.features.can_return_rows_from_bulk_insert
    ):
        # PostgreSQL: Django sends each column as one array (INSERT … SELECT FROM UNNEST), which
        # the benchmark measures faster than this statement's one parameter per value.
        manager.bulk_create(rows, batch_size=BATCH_SIZE)
        return
    fields, kinds, own_values = _columns(model)
    ops, quote = connection.ops, connection.ops.quote_name
    meta = model._meta
    assert meta.pk is not None
    pk_attname = meta.pk.attname
    adapt_date = ops.adapt_datefield_value
    # ``auto_now`` and ``auto_now_add`` dates: one time for the statement's rows (as a
    # database default would give them), converted once.
    now = timezone.now()
    stamped = [
        getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        for field in fields
    ]
    stamps = {
        field.attname: field.get_db_prep_save(now, connection)
        for field, stamp in zip(fields, stamped, strict=True)
        if stamp
    }
    prepared: list[Any] = []
    for row in rows:
        normalise_instance(row)
        for field, kind, own, stamp in zip(fields, kinds, own_values, stamped, strict=True):
            if stamp:
                setattr(row, field.attname, now)
                prepared.append(stamps[field.attname])
                continue
            value = field.pre_save(row, True) if own else getattr(row, field.attname)
            if value is None and kind is not None:
                prepared.append(None)
            elif kind is not None and type(value) is kind:
                prepared.append(value)
            elif type(field) is models.DateField and type(value) is datetime.date:
                prepared.append(adapt_date(value))
            else:
                prepared.append(field.get_db_prep_save(value, connection))
    width = len(fields)
    per_statement = max(1, min(INSERT_ROWS, _max_parameters(connection) // width))
    one_row = "(" + ", ".join(["%s"] * width) + ")"
    head = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608 - names from the model
        quote(meta.db_table), ", ".join(quote(str(field.column)) for field in fields)
    )
    returning = f" RETURNING {quote(meta.db_table)}.{quote(str(meta.pk.column))}"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            sql = head + ", ".join([one_row] * len(chunk)) + returning
            cursor.execute(sql, prepared[start * width : (start + len(chunk)) * width])
            ids = cursor.fetchall()
            assert len(ids) == len(chunk)
            for row, (pk,) in zip(chunk, ids, strict=True):
                setattr(row, pk_attname, pk)
                row._state.adding = False
                row._state.db = db


def update_rows(model: type[models.Model], rows: list[models.Model], names: list[str]) -> None:
    """``bulk_update`` of the fields ``names`` of stored rows, as one ``UPDATE … WHERE id``
    sent for every row (``executemany``) instead of Django's ``CASE`` per field and row,
    which costs seconds for a few hundred rows. Values are converted by their fields
    (``get_db_prep_save``); single-line fields are normalised (``TenantQuerySet``)."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    assert meta.pk is not None
    fields: list[models.Field[Any, Any]] = []
    for name in names:
        field = meta.get_field(name)
        assert isinstance(field, models.Field)
        assert field.concrete
        fields.append(field)
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 - names from the model
        quote(meta.db_table),
        ", ".join(f"{quote(str(field.column))} = %s" for field in fields),
        quote(str(meta.pk.column)),
    )
    params = []
    for row in rows:
        normalise_instance(row)
        params.append(
            [
                *(
                    field.get_db_prep_save(getattr(row, field.attname), connection)
                    for field in fields
                ),
                row.pk,
            ]
        )
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


class RowBatch:
    """New rows waiting to be written in bulk (see the module's documentation)."""

    def __init__(self, *, acting_user: User | None) -> None:
        self.acting_user = acting_user
        self.pending: dict[type[models.Model], list[models.Model]] = {}
        self.deferred: dict[type[models.Model], set[str]] = {}
        self.links: dict[int, dict[str, list[models.Model]]] = {}
        self.deleting: dict[type[models.Model], list[models.Model]] = {}
        # Stored rows to update at the next flush: (row, fields, values, m2m, the audited
        # values before the change, their many-to-many ones still to be read).
        self.updating: list[
            tuple[
                models.Model,
                list[str],
                dict[str, Any],
                dict[str, list[Any]] | None,
                dict[str, Any],
            ]
        ] = []
        self.written = 0
        # The new rows the last :meth:`flush` wrote, by model (with their ids).
        self.flushed: dict[type[models.Model], list[models.Model]] = {}

    def delete(self, instance: models.Model) -> None:
        """Queue the deletion of a stored row (a previous import's), done at the next
        :meth:`flush` before anything is written, audited as ``delete_audited`` does."""
        self.deleting.setdefault(type(instance), []).append(instance)

    def _delete_queued(self) -> None:
        for model, doomed in self.deleting.items():
            audit.record_deletions(doomed, actor=self.acting_user)
            # The rows as read (not read again by a query), with what cascades from them.
            collector = Collector(using=router.db_for_write(model), origin=None)
            collector.collect(doomed)
            collector.delete()
        self.deleting = {}

    def save(
        self,
        instance: M,
        *,
        fields: Iterable[str],
        values: dict[str, Any],
        m2m: dict[str, list[Any]] | None = None,
    ) -> M:
        """Queue a new row (written at the next :meth:`flush`), or a stored one (as read from
        the database, unchanged), updated at the flush too, after the new rows (so its values
        may use their ids), in bulk, each audited as ``save_audited`` audits an update."""
        model = type(instance)
        if instance.pk is not None and not instance._state.adding:
            # The values as stored, for the audit (the many-to-many ones are read at the
            # flush, in bulk); its new values show at once.
            before = audit.snapshot(instance, links={})
            known = {name: value for name, value in values.items() if not isinstance(value, Later)}
            assign(instance, fields, known)
            self.updating.append((instance, list(fields), values, m2m, before))
            return instance
        if model not in ORDER:
            raise TypeError(f"{model.__name__} rows are not written in bulk by an import.")
        assign(instance, fields, values)
        later = {name for name, value in values.items() if isinstance(value, Later)}
        if later:
            self.deferred.setdefault(model, set()).update(later)
        if m2m:
            self.links[id(instance)] = {name: list(related) for name, related in m2m.items()}
        self.pending.setdefault(model, []).append(instance)
        return instance

    def _write_links(
        self, model: type[models.Model], rows: list[models.Model]
    ) -> dict[Any, dict[str, list[int]]]:
        """The many-to-many links of new rows, in bulk, one insert per relation. Returns the
        ids linked, by row id and relation (for the audit)."""
        through_rows: dict[type[models.Model], list[models.Model]] = {}
        written: dict[Any, dict[str, list[int]]] = {}
        for row in rows:
            for name, related in self.links.pop(id(row), {}).items():
                field = model._meta.get_field(name)
                assert isinstance(field, models.ManyToManyField)
                through = field.remote_field.through
                assert isinstance(through, type)
                source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                seen: set[Any] = set()
                for pk in map(_pk, related):
                    if pk not in seen:
                        seen.add(pk)
                        through_rows.setdefault(through, []).append(
                            through(**{f"{source}_id": row.pk, f"{target}_id": pk})
                        )
                written.setdefault(row.pk, {})[name] = sorted(seen)
        for through, links in through_rows.items():
            through._default_manager.bulk_create(links, batch_size=BATCH_SIZE)
        return written

    def flush(self) -> int:
        """Write every queued row, parents first, its many-to-many links and its audit event.
        Returns the count. Each row passes its model's own checks (``clean()``, no query);
        the receivers of ``post_save`` (the search index, deferred to the batch's end) hear
        of every new row, as they would of one saved alone."""
        self._delete_queued()
        count = 0
        self.flushed = {}
        for model in ORDER:
            rows = self.pending.pop(model, [])
            if not rows:
                continue
            self.flushed[model] = rows
            names = self.deferred.pop(model, set())
            for row in rows:
                _resolve(row, names)
                _link_parents(row)
                row.clean()
            insert_rows(model, rows)
            links = self._write_links(model, rows)
            audit.record_creations(rows, actor=self.acting_user, links=links)
            if post_save.has_listeners(model):
                for row in rows:
                    post_save.send(
                        sender=model,
                        instance=row,
                        created=True,
                        update_fields=None,
                        raw=False,
                        using=row._state.db,
                    )
            count += len(rows)
        updating, self.updating = self.updating, []
        by_model: dict[type[models.Model], list[Any]] = {}
        for item in updating:
            by_model.setdefault(type(item[0]), []).append(item)
        for model, items in by_model.items():
            self._update(model, items)
        self.written += count
        return count

    def _update(self, model: type[models.Model], items: list[Any]) -> None:
        """Write queued changes of stored rows of ``model``: one ``bulk_update``, the
        many-to-many links added and removed in bulk (as ``set()`` would), and one update
        event per row that changed, with the values before and after (``save_audited``'s
        event). ``post_save`` is sent for each row, as a ``save()`` would."""
        rows: list[models.Model] = []
        changed: set[str] = set()
        for instance, fields, values, _m2m, _before in items:
            resolved = {
                name: value.compute() if isinstance(value, Later) else value
                for name, value in values.items()
            }
            assign(instance, fields, resolved)
            instance.clean()
            changed.update(fields)
            rows.append(instance)
        now = timezone.now()
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False):
                for row in rows:
                    setattr(row, field.attname, now)
                changed.add(field.name)
        update_rows(model, rows, sorted(changed))
        audited = [
            m2m
            for m2m in model._meta.many_to_many
            if m2m.name not in audit.ALWAYS_EXCLUDED | set(getattr(model, "audit_exclude", ()))
        ]
        stored = _stored_links(model, audited, [row.pk for row in rows])
        links: dict[Any, dict[str, list[int]]] = {}
        through_rows: dict[type[models.Model], list[models.Model]] = {}
        for instance, _fields, _values, m2m, before in items:
            now_linked = stored.get(instance.pk, {})
            before.update({field.name: now_linked.get(field.name, []) for field in audited})
            after = {name: list(ids) for name, ids in now_linked.items()}
            for name, related in (m2m or {}).items():
                relation = model._meta.get_field(name)
                assert isinstance(relation, models.ManyToManyField)
                through = relation.remote_field.through
                assert isinstance(through, type)
                source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
                wanted = list(dict.fromkeys(_pk(other) for other in related))
                old = set(now_linked.get(name, []))
                removed = old - set(wanted)
                if removed:
                    through._default_manager.filter(
                        **{f"{source}_id": instance.pk, f"{target}_id__in": removed}
                    ).delete()
                through_rows.setdefault(through, []).extend(
                    through(**{f"{source}_id": instance.pk, f"{target}_id": pk})
                    for pk in wanted
                    if pk not in old
                )
                after[name] = sorted(wanted)
            links[instance.pk] = after
        for through, new_links in through_rows.items():
            through._default_manager.bulk_create(new_links, batch_size=BATCH_SIZE)
        audit.record_updates(
            [(instance, before) for instance, _f, _v, _m, before in items],
            actor=self.acting_user,
            links=links,
        )
        if post_save.has_listeners(model):
            for row in rows:
                post_save.send(
                    sender=model,
                    instance=row,
                    created=False,
                    update_fields=None,
                    raw=False,
                    using=row._state.db,
                )


def _pk(related: Any) -> Any:
    """The id of a many-to-many value given as a row (written by now) or as its id."""
    return related.pk if isinstance(related, models.Model) else related


def _stored_links(
    model: type[models.Model], fields: list[models.ManyToManyField[Any, Any]], ids: list[Any]
) -> dict[Any, dict[str, list[int]]]:
    """The ids each row of ``ids`` is linked to by each of ``fields``, sorted: one query per
    relation."""
    found: dict[Any, dict[str, list[int]]] = {}
    for field in fields:
        through = field.remote_field.through
        assert isinstance(through, type)
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        pairs = (
            through._default_manager.filter(**{f"{source}_id__in": ids})
            .order_by(f"{target}_id")
            .values_list(f"{source}_id", f"{target}_id")
        )
        for row_id, other_id in pairs:
            found.setdefault(row_id, {}).setdefault(field.name, []).append(other_id)
    return found


_current: ContextVar[RowBatch | None] = ContextVar("lazos_iati_row_batch", default=None)


@contextmanager
def batch(*, acting_user: User | None) -> Iterator[RowBatch]:
    """Inside the block, :func:`save_row` queues new rows; what is left is written at its end
    (the caller flushes as often as it likes, e.g. every few dozen activities). The search
    index of what the block saves is refreshed once, at its end."""
    rows = RowBatch(acting_user=acting_user)
    token = _current.set(rows)
    try:
        # Derived data (the search entries of the actions and partners saved in the block) is
        # built once, in bulk, at its end (core.deferred), still inside the transaction.
        with deferred_work():
            yield rows
            rows.flush()
    finally:
        _current.reset(token)


def save_row(
    instance: M,
    *,
    acting_user: User | None,
    fields: Iterable[str],
    values: dict[str, Any],
    m2m: dict[str, list[Any]] | None = None,
) -> M:
    """``save_audited`` for the rows of an import: queued in the current :func:`batch`, or
    saved at once outside one."""
    rows = _current.get()
    if rows is None:
        resolved = {
            name: value.compute() if isinstance(value, Later) else value
            for name, value in values.items()
        }
        return save_audited(
            instance, acting_user=acting_user, fields=fields, values=resolved, m2m=m2m
        )
    return rows.save(instance, fields=fields, values=values, m2m=m2m)


def delete_row(instance: models.Model, *, acting_user: User | None) -> None:
    """``delete_audited`` for the rows of a previous import: queued in the current
    :func:`batch` (deleted in bulk, each audited), or deleted at once outside one."""
    rows = _current.get()
    if rows is None:
        delete_audited(instance, acting_user=acting_user)
    else:
        rows.delete(instance)

"""The import's fast write path: the rows an activity brings, written in bulk and audited.

An activity of a development bank's file brings a dozen transactions, budgets, results with
indicators, periods and values: saved one by one (validation, an INSERT, an audit INSERT and
signals each) they made the 478-activity file take minutes. :class:`RowBatch` keeps the new
actions and rows of a group of activities and writes them model by model with
``bulk_create``, parents before children (a child given its unsaved parent gets the parent's
id when the parent is written), the actions' many-to-many links in bulk, then one audit
event per row, in bulk, with the same content :func:`lazos.core.audit.recording` gives a
create (:func:`lazos.core.audit.record_creations`). ``post_save`` is sent for each new row,
so the search index hears of it (built once for the whole import: ``core.deferred``).

The values are those the services build and have already checked (the file passed the IATI
schema and codelists, the plan refused what cannot be stored, texts are cut to their
columns), so rows are not validated one by one with ``full_clean`` (a query per foreign key
and constraint); each still passes its model's own ``clean()`` and single-line fields are
normalised (``TenantQuerySet.bulk_create``). A row that already exists is saved at once
through :func:`lazos.core.services.save_audited`, after the pending rows are written.
Everything runs inside the import's transaction: nothing is written unless all of it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models.signals import post_save

from lazos.actions.models import Action, BudgetLine
from lazos.core import audit
from lazos.core.deferred import deferred_work
from lazos.core.services import assign, delete_audited, save_audited
from lazos.iati.models import IatiActivityExtra, IatiBudget, IatiDocumentLink, Transaction
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate

if TYPE_CHECKING:
    from lazos.accounts.models import User

M = TypeVar("M", bound=models.Model)

# Parents before children.
ORDER: tuple[type[models.Model], ...] = (
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
BATCH_SIZE = 500


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


class RowBatch:
    """New rows waiting to be written in bulk (see the module's documentation)."""

    def __init__(self, *, acting_user: User | None) -> None:
        self.acting_user = acting_user
        self.pending: dict[type[models.Model], list[models.Model]] = {}
        self.deferred: dict[type[models.Model], set[str]] = {}
        self.links: dict[int, dict[str, list[models.Model]]] = {}
        self.deleting: dict[type[models.Model], list[models.Model]] = {}
        self.updating: list[
            tuple[models.Model, list[str], dict[str, Any], dict[str, list[Any]] | None]
        ] = []
        self.written = 0

    def delete(self, instance: models.Model) -> None:
        """Queue the deletion of a stored row (a previous import's), done at the next
        :meth:`flush` before anything is written, audited as ``delete_audited`` does."""
        self.deleting.setdefault(type(instance), []).append(instance)

    def _delete_queued(self) -> None:
        for model, doomed in self.deleting.items():
            audit.record_deletions(doomed, actor=self.acting_user)
            model._default_manager.filter(pk__in=[row.pk for row in doomed]).delete()
        self.deleting = {}

    def save(
        self,
        instance: M,
        *,
        fields: Iterable[str],
        values: dict[str, Any],
        m2m: dict[str, list[Any]] | None = None,
    ) -> M:
        """Queue a new row (written at the next :meth:`flush`), or an existing one, saved
        at the flush too, after the new rows (audited one by one with ``save_audited``, so
        its values may use the new rows' ids)."""
        model = type(instance)
        if instance.pk is not None and not instance._state.adding:
            # Its new values show at once (the audit compares with the row as stored).
            known = {name: value for name, value in values.items() if not isinstance(value, Later)}
            assign(instance, fields, known)
            self.updating.append((instance, list(fields), values, m2m))
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
                for other in related:
                    if other.pk not in seen:
                        seen.add(other.pk)
                        through_rows.setdefault(through, []).append(
                            through(**{f"{source}_id": row.pk, f"{target}_id": other.pk})
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
        for model in ORDER:
            rows = self.pending.pop(model, [])
            if not rows:
                continue
            names = self.deferred.pop(model, set())
            for row in rows:
                _resolve(row, names)
                _link_parents(row)
                row.clean()
            model._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)
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
        for instance, fields, values, m2m in updating:
            resolved = {
                name: value.compute() if isinstance(value, Later) else value
                for name, value in values.items()
            }
            save_audited(
                instance, acting_user=self.acting_user, fields=fields, values=resolved, m2m=m2m
            )
        self.written += count
        return count


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

"""The import's fast write path: the rows an activity brings, written in bulk and audited.

An activity of a development bank's file brings a dozen transactions, budgets, results with
indicators, periods and values: saved one by one (validation, an INSERT, an audit INSERT and
signals each) they made the 478-activity file take minutes. :class:`RowBatch` keeps the new
rows of a group of activities and writes them model by model with ``bulk_create``, parents
before children (a child given its unsaved parent gets the parent's id when the parent is
written), then one audit event per row, in bulk, with the same content
:func:`lazos.core.audit.recording` gives a create (:func:`lazos.core.audit.record_creations`).

The values are those the services build and have already checked (the file passed the IATI
schema and codelists, the plan refused what cannot be stored, texts are cut to their
columns), so rows are not validated one by one with ``full_clean``; single-line fields are
still normalised (``TenantQuerySet.bulk_create``). A row that already exists is saved at once
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

from lazos.actions.models import BudgetLine
from lazos.core import audit
from lazos.core.services import assign, save_audited
from lazos.iati.models import IatiActivityExtra, IatiBudget, IatiDocumentLink, Transaction
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate

if TYPE_CHECKING:
    from lazos.accounts.models import User

M = TypeVar("M", bound=models.Model)

# Parents before children.
ORDER: tuple[type[models.Model], ...] = (
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


class RowBatch:
    """New rows waiting to be written in bulk (see the module's documentation)."""

    def __init__(self, *, acting_user: User | None) -> None:
        self.acting_user = acting_user
        self.pending: dict[type[models.Model], list[models.Model]] = {}
        self.deferred: dict[type[models.Model], set[str]] = {}
        self.written = 0

    def save(self, instance: M, *, fields: Iterable[str], values: dict[str, Any]) -> M:
        """Queue a new row (written at the next :meth:`flush`), or save an existing one now
        (audited, after writing what is queued, so its values may use their ids)."""
        model = type(instance)
        if instance.pk is not None and not instance._state.adding:
            self.flush()
            resolved = {
                name: value.compute() if isinstance(value, Later) else value
                for name, value in values.items()
            }
            return save_audited(
                instance, acting_user=self.acting_user, fields=fields, values=resolved
            )
        if model not in ORDER:
            raise TypeError(f"{model.__name__} rows are not written in bulk by an import.")
        assign(instance, fields, values)
        later = {name for name, value in values.items() if isinstance(value, Later)}
        if later:
            self.deferred.setdefault(model, set()).update(later)
        self.pending.setdefault(model, []).append(instance)
        return instance

    def flush(self) -> int:
        """Write every queued row, parents first, and its audit event. Returns the count."""
        count = 0
        for model in ORDER:
            rows = self.pending.pop(model, [])
            if not rows:
                continue
            names = self.deferred.pop(model, set())
            if names:
                for row in rows:
                    _resolve(row, names)
            model._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)
            audit.record_creations(rows, actor=self.acting_user)
            count += len(rows)
        self.written += count
        return count


_current: ContextVar[RowBatch | None] = ContextVar("lazos_iati_row_batch", default=None)


@contextmanager
def batch(*, acting_user: User | None) -> Iterator[RowBatch]:
    """Inside the block, :func:`save_row` queues new rows; what is left is written at its end
    (the caller flushes as often as it likes, e.g. every few dozen activities)."""
    rows = RowBatch(acting_user=acting_user)
    token = _current.set(rows)
    try:
        yield rows
        rows.flush()
    finally:
        _current.reset(token)


def save_row(
    instance: M, *, acting_user: User | None, fields: Iterable[str], values: dict[str, Any]
) -> M:
    """``save_audited`` for the rows of an import: queued in the current :func:`batch`, or
    saved at once outside one."""
    rows = _current.get()
    if rows is None:
        resolved = {
            name: value.compute() if isinstance(value, Later) else value
            for name, value in values.items()
        }
        return save_audited(instance, acting_user=acting_user, fields=fields, values=resolved)
    return rows.save(instance, fields=fields, values=values)

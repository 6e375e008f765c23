"""Audit events as a person reads them: labels, not codes; names, not ids; in their language.

The audit trail stores raw values (a status code, the id of a linked row, ``true``, an ISO
date); :func:`describe_events` turns a page of events into rows of translated labels: the
choice's label, the linked row's name (one query per linked model for the whole page), yes or
no, a date in the reader's format. A linked row deleted since shows as such, never as its id.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext, override

from lazos.core.audit import Channel
from lazos.core.models import AuditEvent

EMPTY = "—"


@dataclass(frozen=True)
class ChangeRow:
    name: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class DescribedEvent:
    event: AuditEvent
    actor_name: str
    rows: list[ChangeRow]
    object_name: str  # the object's name now, in the reader's language (else as recorded)


def _fields_by_key(model: type[models.Model] | None) -> dict[str, models.Field[Any, Any]]:
    if model is None:
        return {}
    found: dict[str, models.Field[Any, Any]] = {}
    for model_field in model._meta.get_fields():
        if isinstance(model_field, models.Field):
            found[model_field.name] = model_field
            found[model_field.attname] = model_field
    return found


def _choices(model_field: models.Field[Any, Any]) -> dict[str, Any]:
    """The labels of a field's choices (or of its items' choices, for a list of codes)."""
    for candidate in (model_field, getattr(model_field, "base_field", None)):
        choices = getattr(candidate, "flatchoices", None) or getattr(candidate, "choices", None)
        if choices:
            return {str(value): label for value, label in choices if not isinstance(label, list)}
    return {}


def _related_model(model_field: models.Field[Any, Any]) -> type[models.Model] | None:
    if model_field.many_to_many or model_field.many_to_one or model_field.one_to_one:
        related = model_field.related_model
        return related if isinstance(related, type) else None
    return None


def _as_date(model_field: models.Field[Any, Any], value: str) -> str:
    try:
        if isinstance(model_field, models.DateTimeField):
            moment = datetime.datetime.fromisoformat(value)
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
        if isinstance(model_field, models.DateField):
            return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    except ValueError:
        pass
    return value


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Names:
    """The names of the rows the events link to, read once per linked model."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = {}
        self.found: dict[type[models.Model], dict[Any, str]] = {}

    def want(self, model: type[models.Model], ids: Iterable[Any]) -> None:
        self.wanted.setdefault(model, set()).update(i for i in ids if _is_id(i))

    def read(self) -> None:
        for model, ids in self.wanted.items():
            rows = model._base_manager.in_bulk(list(ids))
            self.found[model] = {pk: str(row) for pk, row in rows.items()}

    def name(self, model: type[models.Model], pk: Any) -> str:
        if not _is_id(pk):  # a value recorded as a name already
            return str(pk)
        name = self.found.get(model, {}).get(pk)
        if name is None:
            return gettext("%(kind)s (deleted)") % {"kind": model._meta.verbose_name}
        return name


def _ids(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _show(
    value: Any,
    model_field: models.Field[Any, Any] | None,
    names: _Names,
    choices: dict[models.Field[Any, Any], dict[str, Any]] | None = None,
) -> str:
    """``value`` as a person reads it; ``choices``: the fields' choices read so far (a page of
    events shows the same few fields again and again)."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if model_field is None:
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    related = _related_model(model_field)
    if related is not None:
        return ", ".join(names.name(related, pk) for pk in _ids(value))
    if choices is None:
        labels = _choices(model_field)
    elif model_field in choices:
        labels = choices[model_field]
    else:
        labels = choices[model_field] = _choices(model_field)
    if labels:
        return ", ".join(str(labels.get(str(v), v)) for v in _ids(value))
    if isinstance(value, str) and isinstance(model_field, models.DateField):
        return _as_date(model_field, value)
    if isinstance(model_field, models.DecimalField | models.FloatField | models.IntegerField):
        try:
            return str(formats.localize(decimal.Decimal(str(value)), use_l10n=True))
        except (decimal.InvalidOperation, ValueError):
            return str(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


def channel_labels() -> dict[str, str]:
    """The channels' labels as recorded without a person (written in English by a job)."""
    with override("en"):
        return {str(channel.label): channel.value for channel in Channel}


def actor_name(event: AuditEvent, recorded: dict[str, str] | None = None) -> str:
    """Who acted: the person's name as recorded, or the channel in the reader's language."""
    if event.actor_id is None:
        value = (recorded or channel_labels()).get(event.actor_label)
        if value is not None:
            return str(Channel(value).label)
    return event.actor_label


def _object_names(events: list[AuditEvent]) -> dict[tuple[int, str], str]:
    """The current names of the events' objects that still exist, by (content type, id): an
    object's recorded text may hold words of the language it was recorded in ("offered: …")."""
    ids: dict[int, set[str]] = {}
    for event in events:
        ids.setdefault(event.content_type_id, set()).add(event.object_id)
    names = {}
    for event in events:
        content_type_id = event.content_type_id
        if content_type_id not in ids:
            continue
        model = event.content_type.model_class()
        wanted = ids.pop(content_type_id)
        if model is None:
            continue
        try:
            rows = model._base_manager.in_bulk([model._meta.pk.to_python(i) for i in wanted])
        except (ValueError, TypeError, ValidationError):
            continue
        names.update({(content_type_id, str(pk)): str(row) for pk, row in rows.items()})
    return names


def describe_events(
    events: Iterable[AuditEvent], *, with_objects: bool = False
) -> list[DescribedEvent]:
    """The events with their changes as rows of labels, in the active language (and, with
    ``with_objects``, their objects' current names). Queries: one per model the events link
    to, or whose objects they name (events read with ``with_related()``)."""
    events = list(events)
    object_names = _object_names(events) if with_objects else {}
    names = _Names()
    fields: dict[type[models.Model] | None, dict[str, models.Field[Any, Any]]] = {}
    for event in events:
        model = event.content_type.model_class()
        if model not in fields:
            fields[model] = _fields_by_key(model)
        for name, change in (event.changes or {}).items():
            model_field = fields[model].get(name)
            related = _related_model(model_field) if model_field is not None else None
            if related is not None and isinstance(change, dict):
                for side in ("before", "after"):
                    names.want(related, _ids(change.get(side)))
    names.read()
    recorded = channel_labels()
    # Each field's label and choices, translated once for the page.
    labels: dict[models.Field[Any, Any], str] = {}
    choices: dict[models.Field[Any, Any], dict[str, Any]] = {}
    described = []
    for event in events:
        by_key = fields[event.content_type.model_class()]
        rows = []
        for name, change in (event.changes or {}).items():
            model_field = by_key.get(name)
            values = change if isinstance(change, dict) else {"before": None, "after": change}
            if model_field is None:
                label = name
            elif model_field in labels:
                label = labels[model_field]
            else:
                label = labels[model_field] = str(model_field.verbose_name)
            rows.append(
                ChangeRow(
                    name=name,
                    label=label,
                    before=_show(values.get("before"), model_field, names, choices),
                    after=_show(values.get("after"), model_field, names, choices),
                )
            )
        object_name = object_names.get((event.content_type_id, event.object_id))
        described.append(
            DescribedEvent(
                event, actor_name(event, recorded), rows, object_name or event.object_repr
            )
        )
    return described

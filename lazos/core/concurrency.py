"""Optimistic concurrency: the version of an object, shared by the web forms and the API.

The version of a stored object is a hash of its audited snapshot (``audit.snapshot``: its
concrete fields and many-to-many ids, minus bookkeeping and ``audit_exclude``). It changes
with every change the audit trail records, however close in time two saves are (a token
made of ``updated_at`` would let two saves within the clock's resolution pass), and it is
the same on every database.

- The API sends it as the ``ETag`` of a detail answer and compares ``If-Match`` with it.
- Every web form that edits an existing object carries it as the hidden field
  :data:`VERSION_FIELD` (``core.views.VersionCheckedMixin``); a save whose version is no
  longer the object's is refused with 409 and a merge panel built by :func:`find_conflict`.

Because the version is a hash of what the audit trail records, the audit events since the
version a person read can be found without storing anything more: starting from the current
snapshot, the events are undone newest first until the snapshot hashes to that version.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models
from django.forms import CheckboxInput, Textarea
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from lazos.core import audit

#: The name of the hidden field every edit form carries.
VERSION_FIELD = "lazos_version"
#: Per field of the merge panel: "theirs", "mine" or "merged" (``MERGE_CHOICE + name``).
MERGE_CHOICE = "lazos_merge-"
#: The merged text of a text field (``MERGED_TEXT + name``).
MERGED_TEXT = "lazos_merged-"
#: The other person's value as form data, sent back when "keep theirs" is chosen.
THEIR_VALUE = "lazos_theirs-"
#: How far back the audit trail is read to find the version a person read.
MAX_EVENTS = 200

EMPTY = _("(empty)")


def version_of_snapshot(label: str, pk: Any, data: dict[str, Any]) -> str:
    raw = json.dumps([label, str(pk), data], sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def version_of(instance: models.Model) -> str:
    """The version of ``instance`` as it is in memory (load it fresh for the stored one)."""
    return version_of_snapshot(instance._meta.label, instance.pk, audit.snapshot(instance))


def stored(instance: models.Model, *, lock: bool = False) -> models.Model:
    """``instance`` as stored now; ``lock`` holds its row until the transaction ends (on
    PostgreSQL; SQLite lets one writer at a time anyway)."""
    manager = type(instance)._base_manager
    queryset = manager.select_for_update() if lock else manager.all()
    return queryset.get(pk=instance.pk)


def etag_for(instance: models.Model) -> str:
    """The API's ``ETag`` of ``instance``: its version, quoted."""
    return f'"{version_of(instance)}"'


def if_match_refused(instance: models.Model, header: str | None) -> bool:
    """Whether an ``If-Match`` header refuses a write of ``instance`` (no header: accepted)."""
    if not header or header.strip() == "*":
        return False
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return etag_for(instance) not in tags


# --- What changed since a version ------------------------------------------------------------


@dataclass
class FieldChange:
    """One audited value the other person changed since the version you read."""

    key: str  # the snapshot's key (the attname of a foreign key)
    name: str  # the model field's name, as forms call it
    label: str
    read: Any  # the value when you read it
    theirs: Any  # the value now
    when: datetime | None
    who: str
    theirs_display: str = ""
    read_display: str = ""
    # Filled in by the view for fields of its form:
    in_form: bool = False
    mine_display: str = ""
    mine_text: str = ""
    is_text: bool = False
    html_name: str = ""
    their_data: list[str] = field(default_factory=list)
    #: Your value is the one you read: you did not change it, so theirs is offered first.
    mine_is_read: bool = False


@dataclass
class Conflict:
    """A stale save: the version now, and what changed since the version that was read."""

    current_version: str
    changes: list[FieldChange]
    #: The version read was found in the audit trail (else ``changes`` are those of the
    #: newest events only).
    found: bool = True


def find_conflict(instance: models.Model, read_version: str) -> Conflict | None:
    """None when ``instance`` (as stored) is still at ``read_version``, else what changed.

    The audit events of the object are undone newest first from its current snapshot until
    the snapshot hashes to ``read_version``; the values those events changed are the other
    person's. A version not found in the last :data:`MAX_EVENTS` events (a forged one, or
    one older than that) shows the changes of the newest event.
    """
    from lazos.core.models import AuditEvent

    label, pk = instance._meta.label, instance.pk
    state = audit.snapshot(instance)
    current = version_of_snapshot(label, pk, state)
    if current == read_version:
        return None
    events = list(
        AuditEvent.objects.for_object(instance)
        .filter(action=audit.AuditAction.UPDATE)
        .order_by("-occurred_at", "-pk")
        .only("occurred_at", "actor_label", "changes")[:MAX_EVENTS]
    )
    read_state = dict(state)
    latest: dict[str, AuditEvent] = {}  # key -> the newest event that changed it
    found = False
    for event in events:
        for key, change in (event.changes or {}).items():
            if key in read_state and isinstance(change, dict):
                read_state[key] = change.get("before")
                latest.setdefault(key, event)
        if version_of_snapshot(label, pk, read_state) == read_version:
            found = True
            break
    if not found:
        read_state = dict(state)
        latest = {}
        for event in events[:1]:
            for key, change in (event.changes or {}).items():
                if key in read_state and isinstance(change, dict):
                    read_state[key] = change.get("before")
                    latest[key] = event
    changes = []
    for key in state:
        if read_state[key] == state[key]:
            continue
        model_field = _model_field(instance, key)
        last = latest.get(key)
        changes.append(
            FieldChange(
                key=key,
                name=model_field.name if model_field is not None else key,
                label=str(model_field.verbose_name) if model_field is not None else key,
                read=read_state[key],
                theirs=state[key],
                when=last.occurred_at if last is not None else None,
                who=last.actor_label if last is not None else "",
                theirs_display=display(model_field, state[key]),
                read_display=display(model_field, read_state[key]),
            )
        )
    return Conflict(current_version=current, changes=changes, found=found)


def _model_field(instance: models.Model, key: str) -> Any:
    for candidate in (*instance._meta.concrete_fields, *instance._meta.many_to_many):
        if key in (candidate.name, getattr(candidate, "attname", None)):
            return candidate
    return None


def display(model_field: Any, value: Any) -> str:
    """A stored (audited) value as a person reads it."""
    if value is None or value == "" or value == []:
        return str(EMPTY)
    if model_field is None:
        return str(value)
    if model_field.many_to_many:
        rows = model_field.related_model._base_manager.filter(pk__in=value)
        return ", ".join(sorted(str(row) for row in rows)) or str(EMPTY)
    if model_field.is_relation:
        row = model_field.related_model._base_manager.filter(pk=value).first()
        return str(row) if row is not None else str(value)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if model_field.choices:
        choices = dict(model_field.flatchoices)
        if isinstance(value, list):
            return ", ".join(str(choices.get(item, item)) for item in value)
        return str(choices.get(value, value))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


# --- The merge panel's form values ------------------------------------------------------------


def apply_merge_choices(data: QueryDict) -> QueryDict:
    """The posted data with each field's merge choice applied: "theirs" takes the other
    person's value sent back by the panel, "merged" the merged text, "mine" keeps yours."""
    merged = data.copy()
    for key in data:
        if not key.startswith(MERGE_CHOICE):
            continue
        html_name = key.removeprefix(MERGE_CHOICE)
        choice = data.get(key)
        if choice == "theirs":
            merged.setlist(html_name, data.getlist(THEIR_VALUE + html_name))
        elif choice == "merged":
            merged[html_name] = data.get(MERGED_TEXT + html_name, "")
    return merged


def describe_form_values(conflict: Conflict, form: Any, their_form: Any) -> None:
    """Fill in, for the changed fields the form edits, your value and the other person's as
    form data (``their_form``: the same form, unbound, for the object as stored now)."""
    for change in conflict.changes:
        if their_form is None or change.name not in form.fields:
            continue
        mine, theirs = form[change.name], their_form[change.name]
        change.in_form = True
        change.html_name = mine.html_name
        change.is_text = isinstance(mine.field.widget, Textarea)
        change.mine_text = _as_text(mine.value())
        change.mine_display = _form_display(mine)
        change.their_data = _as_data(theirs.field, theirs.value())
        change.mine_is_read = change.mine_display == change.read_display


def _as_text(value: Any) -> str:
    return "" if value is None else str(value)


def _as_data(form_field: Any, value: Any) -> list[str]:
    """A form field's initial value as the strings a browser would post for it."""
    if isinstance(form_field.widget, CheckboxInput):
        return ["on"] if value else []
    values = value if isinstance(value, list | tuple) else [value]
    return ["" if item is None else str(item) for item in values]


def _form_display(bound: Any) -> str:
    """A posted value as a person reads it (the label of a chosen option)."""
    value = bound.value()
    if isinstance(bound.field.widget, CheckboxInput):
        return str(_("Yes") if value else _("No"))
    values = [item for item in (value if isinstance(value, list | tuple) else [value])]
    values = [item for item in values if item not in (None, "")]
    if not values:
        return str(EMPTY)
    queryset = getattr(bound.field, "queryset", None)
    if queryset is not None:  # (not every choice: a place field offers every city)
        try:
            rows = list(queryset.filter(pk__in=values))
        except (TypeError, ValueError):
            rows = []
        return ", ".join(str(bound.field.label_from_instance(row)) for row in rows) or ", ".join(
            str(item) for item in values
        )
    choices = getattr(bound.field, "choices", None)
    if choices is not None:
        labels = {str(key): str(label) for key, label in _flat(choices)}
        return ", ".join(labels.get(str(item), str(item)) for item in values)
    return ", ".join(str(item) for item in values)


def _flat(choices: Any) -> list[tuple[Any, Any]]:
    flat: list[tuple[Any, Any]] = []
    for key, label in choices:
        if isinstance(label, list | tuple):
            flat.extend(label)
        else:
            flat.append((key, label))
    return flat

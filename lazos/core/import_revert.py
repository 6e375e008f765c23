"""Undoing an import run as a whole, from what its audit events recorded.

Every audit event an import run writes carries the run's reference as its request id
(:func:`recording_run`, used by the apps' import jobs). From those events a run knows what it
created (``create`` events) and what it changed (``update`` events: each field's value before
and after). Reverting the run, within :func:`revert_days` of its application and once:

- deletes the objects it created that still exist, children first, unless someone changed
  them since (a later audit event outside the run) or another record now depends on them (a
  foreign key, a many-to-many link or an attachment of a record the run did not create): those
  are conflicts, listed and kept, and so is every created object a kept one needs;
- restores each field it changed to the value before the import, when the field still holds
  the value the import wrote; a field changed since is a conflict, listed (the import's value,
  the current one, who changed it and when) and left alone;
- records one audit event per object deleted or restored, and one on the run, with the
  channel "import".

Rows the import deleted (an IATI file imported again replaces an action's transactions) are
listed and not brought back.

The apps plug their run model in with a :class:`RunKind` (``spreadsheets.runs``,
``iati.runs``); this module knows no feature app.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lazos.core import audit
from lazos.core.deferred import deferred_work
from lazos.core.jobs import job
from lazos.core.models import AuditEvent, RevertRun, RunStatus
from lazos.core.permissions import Operation, policy_for
from lazos.core.progress import TIMEOUT as PROGRESS_TIMEOUT
from lazos.core.progress import ProgressReporter, live_entry
from lazos.core.progress import store as progress_store
from lazos.governments.models import Membership

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.governments.models import Government

logger = logging.getLogger(__name__)

DEFAULT_REVERT_DAYS = 30
# How many entries of each list the preview shows (the counts are always complete).
SHOWN = 100
CHUNK = 500

Key = tuple[int, str]  # (content type id, object id) as the audit trail records them


def revert_days() -> int:
    """For how many days after its application an import can be reverted."""
    return int(getattr(settings, "LAZOS_IMPORT_REVERT_DAYS", DEFAULT_REVERT_DAYS))


def run_reference(run: models.Model) -> str:
    """The request id every audit event of the run carries."""
    return f"import:{run._meta.label_lower}:{run.pk}"


def revert_reference(run: models.Model) -> str:
    """The request id the audit events of the run's revert carry."""
    return f"revert:{run._meta.label_lower}:{run.pk}"


@contextmanager
def recording_run(run: models.Model) -> Iterator[None]:
    """Inside the block, every audit event is of the channel "import" and names ``run``."""
    with audit.channel(audit.Channel.IMPORT, request_id=run_reference(run)):
        yield


@dataclass(frozen=True)
class RunKind:
    """How an app's run model plugs in: when a run was applied (None: never applied)."""

    model: type[models.Model]
    applied_at: Callable[[Any], datetime.datetime | None]


class RevertRefused(ValidationError):
    """The run cannot be reverted; the message says why."""


@dataclass
class FieldValue:
    """One field of an object the revert restores, or a conflict leaves alone."""

    name: str
    label: str
    restored: Any  # the value before the import (stored form)
    imported: Any  # the value the import wrote
    current: Any  # the value stored now
    changed_by: str = ""
    changed_at: datetime.datetime | None = None
    shown: dict[str, str] = field(default_factory=dict)  # display of the three values


@dataclass
class Entry:
    """One object of the plan: deleted, restored, left alone (a conflict) or already gone."""

    model: type[models.Model]
    pk: Any
    label: str
    fields: list[FieldValue] = field(default_factory=list)
    reason: str = ""
    url: str = ""

    @property
    def kind(self) -> str:
        return str(self.model._meta.verbose_name)


@dataclass
class RevertPlan:
    """What reverting the run would do (or did)."""

    deletions: list[Entry] = field(default_factory=list)
    restorations: list[Entry] = field(default_factory=list)
    conflicts: list[Entry] = field(default_factory=list)
    gone: list[Entry] = field(default_factory=list)
    kept_parts: list[Entry] = field(default_factory=list)
    not_restored: list[Entry] = field(default_factory=list)
    # The writes: by model, the instances to delete; the instances to restore, with values.
    doomed: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)
    restores: list[tuple[models.Model, Entry, dict[str, Any]]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.deletions or self.restorations)

    @staticmethod
    def _by_kind(entries: list[Entry]) -> list[tuple[str, int]]:
        counts: dict[str, int] = defaultdict(int)
        for entry in entries:
            counts[str(entry.model._meta.verbose_name_plural)] += 1
        return sorted(counts.items())

    @property
    def deletions_by_kind(self) -> list[tuple[str, int]]:
        return self._by_kind(self.deletions)

    @property
    def restorations_by_kind(self) -> list[tuple[str, int]]:
        return self._by_kind(self.restorations)

    def summary(self) -> str:
        return gettext(
            "Import reverted: %(deleted)s deleted, %(restored)s restored, "
            "%(conflicts)s left alone (changed since)."
        ) % {
            "deleted": len(self.deletions),
            "restored": len(self.restorations),
            "conflicts": len(self.conflicts),
        }


# --- Refusals ------------------------------------------------------------------------------


def revert_refusal(kind: RunKind, run: Any, *, now: datetime.datetime | None = None) -> str:
    """Why ``run`` cannot be reverted, or "" when it can."""
    if run.reverted_at is not None:
        return str(
            _("This import was already reverted on %(date)s by %(user)s.")
            % {
                "user": run.reverted_by or _("someone no longer registered"),
                "date": date_format(timezone.localtime(run.reverted_at), "DATETIME_FORMAT"),
            }
        )
    applied_at = kind.applied_at(run)
    if applied_at is None:
        return str(_("Only an applied import can be reverted."))
    days = revert_days()
    if (now or timezone.now()) - applied_at > datetime.timedelta(days=days):
        return str(
            _(
                "This import was applied on %(date)s, more than %(days)s days ago: it can no "
                "longer be reverted. Correct the records one by one, or import a corrected file."
            )
            % {"date": date_format(timezone.localtime(applied_at), "DATE_FORMAT"), "days": days}
        )
    if not AuditEvent.objects.filter(request_id=run_reference(run)).exists():
        return str(
            _(
                "This import was applied before imports recorded what they wrote: it cannot "
                "be reverted. Correct the records one by one."
            )
        )
    return ""


# --- Reading what the run did --------------------------------------------------------------


@dataclass
class _Later:
    """An audit event of an object after the run, outside it."""

    actor: str
    at: datetime.datetime
    action: str
    changes: dict[str, Any]


def _model_of(content_type_id: int) -> type[models.Model] | None:
    return ContentType.objects.get_for_id(content_type_id).model_class()


def _pk(model: type[models.Model], object_id: str) -> Any:
    return model._meta.pk.to_python(object_id)


def _fields_by_key(model: type[models.Model]) -> dict[str, Any]:
    """The audited keys of a model (a foreign key by its column, e.g. ``partner_id``)."""
    keys: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        keys[f.attname if f.is_relation else f.name] = f
    for m2m in model._meta.many_to_many:
        keys[m2m.name] = m2m
    return keys


def _same(model_field: Any, a: Any, b: Any) -> bool:
    """Whether two stored values (as the audit trail writes them) are the same value."""
    if a == b:
        return True
    if model_field is None or isinstance(model_field, models.ManyToManyField):
        return False
    try:
        return bool(model_field.to_python(a) == model_field.to_python(b))
    except (ValidationError, TypeError, ValueError):
        return False


def _links(model: type[models.Model], name: str, pks: Iterable[Any]) -> dict[Any, list[Any]]:
    """The many-to-many ids of ``name`` for each of ``pks``, read in bulk."""
    m2m = model._meta.get_field(name)
    assert isinstance(m2m, models.ManyToManyField)
    through = m2m.remote_field.through
    assert isinstance(through, type)
    source, target = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
    found: dict[Any, list[Any]] = defaultdict(list)
    pks = list(pks)
    for start in range(0, len(pks), CHUNK):
        rows = through._default_manager.filter(**{f"{source}__in": pks[start : start + CHUNK]})
        for source_id, target_id in rows.order_by().values_list(source, target):
            found[source_id].append(target_id)
    return found


def _fetch(model: type[models.Model], pks: Iterable[Any]) -> dict[Any, models.Model]:
    pks = list(pks)
    found: dict[Any, models.Model] = {}
    for start in range(0, len(pks), CHUNK):
        for obj in model._base_manager.filter(pk__in=pks[start : start + CHUNK]):
            found[obj.pk] = obj
    return found


def _url(obj: models.Model) -> str:
    get_url = getattr(obj, "get_absolute_url", None)
    if get_url is None:
        return ""
    try:
        return str(get_url())
    except (ObjectDoesNotExist, AttributeError, ValueError):
        return ""


class _Planner:
    """Builds a :class:`RevertPlan` from the run's audit events (see the module's text)."""

    def __init__(
        self, run: models.Model, government: Government, until: datetime.datetime | None
    ) -> None:
        self.run = run
        self.government = government
        self.start: datetime.datetime | None = None
        self.until = until
        self.conflicted: set[Key] = set()
        self.created: dict[Key, str] = {}
        self.changed: dict[Key, dict[str, list[Any]]] = {}
        self.written: dict[Key, dict[str, Any]] = {}  # what the run wrote in what it created
        self.deleted: dict[Key, str] = {}
        self.reprs: dict[Key, str] = {}
        self.later: dict[Key, list[_Later]] = defaultdict(list)
        self.current: dict[Key, models.Model] = {}
        self.kept_parts: dict[tuple[type[models.Model], Any], Entry] = {}
        self.restore_index: dict[tuple[type[models.Model], Any], list[dict[str, Any]]] = (
            defaultdict(list)
        )
        self.plan = RevertPlan()

    def read_events(self) -> None:
        run_type = ContentType.objects.get_for_model(self.run, for_concrete_model=True).pk
        events = (
            AuditEvent.objects.filter(
                request_id=run_reference(self.run), government_id=self.government.pk
            )
            .order_by("occurred_at", "id")
            .values_list(
                "content_type_id", "object_id", "object_repr", "action", "changes", "occurred_at"
            )
        )
        start = None
        for content_type_id, object_id, object_repr, action, changes, at in events:
            key = (content_type_id, object_id)
            start = start or at
            if content_type_id == run_type and object_id == str(self.run.pk):
                continue
            self.reprs[key] = object_repr
            if action == audit.AuditAction.CREATE:
                self.created[key] = object_repr
                self.written[key] = {
                    name: change.get("after") for name, change in (changes or {}).items()
                }
            elif action == audit.AuditAction.UPDATE:
                if key in self.created:
                    self.written[key].update(
                        (name, change.get("after")) for name, change in (changes or {}).items()
                    )
                    continue
                fields = self.changed.setdefault(key, {})
                for name, change in (changes or {}).items():
                    if name in fields:
                        fields[name][1] = change.get("after")
                    else:
                        fields[name] = [change.get("before"), change.get("after")]
            elif action == audit.AuditAction.DELETE:
                if self.created.pop(key, None) is not None:
                    continue  # created and deleted by the run itself
                self.changed.pop(key, None)
                self.deleted[key] = object_repr
        self.start = start
        keys = set(self.created) | set(self.changed)
        if start is None or not keys:
            return
        types = {key[0] for key in keys}
        later = (
            AuditEvent.objects.filter(
                government_id=self.government.pk,
                occurred_at__gte=start,
                content_type_id__in=types,
            )
            .exclude(request_id=run_reference(self.run))
            .order_by("occurred_at", "id")
            .values_list(
                "content_type_id", "object_id", "actor_label", "occurred_at", "action", "changes"
            )
        )
        for content_type_id, object_id, actor, at, action, changes in later:
            key = (content_type_id, object_id)
            if key in keys:
                self.later[key].append(_Later(actor, at, action, changes or {}))

    def read_current(self) -> None:
        wanted: dict[int, list[str]] = defaultdict(list)
        for key in [*self.created, *self.changed]:
            wanted[key[0]].append(key[1])
        for content_type_id, object_ids in wanted.items():
            model = _model_of(content_type_id)
            if model is None:
                continue
            found = _fetch(model, {_pk(model, object_id) for object_id in object_ids})
            for pk, obj in found.items():
                self.current[(content_type_id, str(pk))] = obj

    def entry(self, key: Key, model: type[models.Model], **kwargs: Any) -> Entry:
        return Entry(model=model, pk=_pk(model, key[1]), label=self.reprs.get(key, ""), **kwargs)

    def plan_changes(self) -> None:
        by_type: dict[int, list[Key]] = defaultdict(list)
        for key in self.changed:
            by_type[key[0]].append(key)
        for content_type_id, keys in by_type.items():
            model = _model_of(content_type_id)
            if model is None:
                continue
            fields = _fields_by_key(model)
            present = [self.current[key] for key in keys if key in self.current]
            m2m_names = {
                name
                for key in keys
                for name in self.changed[key]
                if isinstance(fields.get(name), models.ManyToManyField)
            }
            links = {name: _links(model, name, [obj.pk for obj in present]) for name in m2m_names}
            for key in keys:
                obj = self.current.get(key)
                if obj is None:
                    self.plan.gone.append(
                        self.entry(key, model, reason=gettext("It no longer exists."))
                    )
                    continue
                now = audit.snapshot(
                    obj, links={name: links[name].get(obj.pk, []) for name in m2m_names}
                )
                restore: list[FieldValue] = []
                conflicts: list[FieldValue] = []
                for name, (before, after) in self.changed[key].items():
                    if name not in now or name not in fields:
                        continue
                    value = FieldValue(
                        name=name,
                        label=str(getattr(fields[name], "verbose_name", name)),
                        restored=before,
                        imported=after,
                        current=now[name],
                    )
                    if _same(fields[name], now[name], after):
                        restore.append(value)
                    elif not _same(fields[name], now[name], before):
                        last = next(
                            (e for e in reversed(self.later[key]) if name in e.changes), None
                        )
                        if last is not None:
                            value.changed_by, value.changed_at = last.actor, last.at
                        conflicts.append(value)
                if conflicts:
                    self.conflicted.add(key)
                    self.plan.conflicts.append(
                        self.entry(
                            key,
                            model,
                            fields=conflicts,
                            url=_url(obj),
                            reason=gettext("Changed since the import: these values are kept."),
                        )
                    )
                if restore:
                    entry = self.entry(key, model, fields=restore)
                    self.plan.restorations.append(entry)
                    self.plan.restores.append((obj, entry, {v.name: v.restored for v in restore}))

    def restored_away(self, model: type[models.Model], pk: Any, name: str, target: Any) -> bool:
        """Whether the revert's restore of ``model`` ``pk`` takes ``name`` off ``target``."""
        for values in self.restore_index.get((model, pk), []):
            if name in values:
                value = values[name]
                if isinstance(value, list):
                    return target not in value
                return str(value) != str(target)
        return False

    def plan_creations(self) -> None:
        for restored, _entry, restored_values in self.plan.restores:
            self.restore_index[(type(restored), restored.pk)].append(restored_values)
        candidates: dict[type[models.Model], dict[Any, Key]] = defaultdict(dict)
        kept: dict[tuple[type[models.Model], Any], Entry] = {}
        for key in self.created:
            model = _model_of(key[0])
            if model is None:
                continue
            obj = self.current.get(key)
            if obj is None:
                self.plan.gone.append(
                    self.entry(key, model, reason=gettext("Already deleted since the import."))
                )
                continue
            changed = self.changed_since(key, model, obj)
            if changed:
                kept[(model, obj.pk)] = self.entry(
                    key,
                    model,
                    fields=changed,
                    url=_url(obj),
                    reason=gettext("Created by the import and changed since: it is kept."),
                )
                continue
            candidates[model][obj.pk] = key
        dependents = self.find_dependents(candidates)
        for (model, pk), reason in dependents.items():
            if (model, pk) not in kept and pk in candidates[model]:
                obj = self.current[candidates[model][pk]]
                kept[(model, pk)] = self.entry(
                    candidates[model][pk], model, url=_url(obj), reason=reason
                )
        self.keep_what_kept_need(candidates, kept)
        for (model, pk), entry in kept.items():
            candidates[model].pop(pk, None)
            self.plan.conflicts.append(entry)
        for (model, pk), entry in self.kept_parts.items():
            candidates[model].pop(pk, None)
            self.plan.kept_parts.append(entry)
        for model, pks in candidates.items():
            for key in pks.values():
                self.plan.deletions.append(self.entry(key, model))
                self.plan.doomed.setdefault(model, []).append(self.current[key])

    def changed_since(
        self, key: Key, model: type[models.Model], obj: models.Model
    ) -> list[FieldValue]:
        """The fields of an object the run created whose value is no longer the one the run
        wrote, with who changed them last and when (an object changed and changed back is
        not changed)."""
        edits = [e for e in self.later[key] if e.action == audit.AuditAction.UPDATE]
        if not edits:
            return []
        fields = _fields_by_key(model)
        touched = list(dict.fromkeys(name for edit in edits for name in edit.changes))
        m2m = [name for name in touched if isinstance(fields.get(name), models.ManyToManyField)]
        now = audit.snapshot(
            obj, links={name: _links(model, name, [obj.pk]).get(obj.pk, []) for name in m2m}
        )
        written = self.written.get(key, {})
        changed = []
        for name in touched:
            if name not in now or _same(fields.get(name), now[name], written.get(name)):
                continue
            last = next(e for e in reversed(edits) if name in e.changes)
            changed.append(
                FieldValue(
                    name=name,
                    label=str(getattr(fields.get(name), "verbose_name", name)),
                    restored=None,
                    imported=written.get(name),
                    current=now[name],
                    changed_by=last.actor,
                    changed_at=last.at,
                )
            )
        return changed

    def find_dependents(
        self, candidates: dict[type[models.Model], dict[Any, Key]]
    ) -> dict[tuple[type[models.Model], Any], str]:
        """The created objects another record (not deleted by the revert) refers to, with the
        reason."""
        found: dict[tuple[type[models.Model], Any], str] = {}
        refs: list[tuple[type[models.Model], Any, type[models.Model], Any]] = []
        # The objects the run created (kept ones too: what they need is kept by
        # keep_what_kept_need, with its own reason).
        ours_created = {
            (type(obj), obj.pk) for key, obj in self.current.items() if key in self.created
        }
        for model, pks in candidates.items():
            ids = list(pks)
            for rel in model._meta.related_objects:
                other = rel.related_model
                assert isinstance(other, type)
                if rel.many_to_many:
                    m2m = rel.field
                    assert isinstance(m2m, models.ManyToManyField)
                    through = m2m.remote_field.through
                    assert isinstance(through, type)
                    source = f"{m2m.m2m_field_name()}_id"
                    target = f"{m2m.m2m_reverse_field_name()}_id"
                    for start in range(0, len(ids), CHUNK):
                        rows = (
                            through._default_manager.filter(
                                **{f"{target}__in": ids[start : start + CHUNK]}
                            )
                            .order_by()
                            .values_list(source, target)
                        )
                        for source_id, target_id in rows:
                            if (other, source_id) in ours_created:
                                continue
                            if self.restored_away(other, source_id, m2m.name, target_id):
                                continue
                            refs.append((model, target_id, other, source_id))
                    continue
                on_delete = getattr(rel, "on_delete", None)
                if on_delete is None or on_delete is models.DO_NOTHING:
                    continue
                fk = rel.field
                for start in range(0, len(ids), CHUNK):
                    rows = (
                        other._base_manager.filter(
                            **{f"{fk.attname}__in": ids[start : start + CHUNK]}
                        )
                        .order_by()
                        .values_list("pk", fk.attname)
                    )
                    for other_id, target_id in rows:
                        if (other, other_id) in ours_created:
                            continue
                        if self.restored_away(other, other_id, fk.attname, target_id):
                            continue
                        refs.append((model, target_id, other, other_id))
            for private in model._meta.private_fields:
                if not isinstance(private, GenericRelation):
                    continue
                other = private.related_model
                assert isinstance(other, type)
                content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
                by_str = {str(pk): pk for pk in ids}
                rows = (
                    other._base_manager.filter(
                        **{
                            private.content_type_field_name: content_type,
                            f"{private.object_id_field_name}__in": list(by_str),
                        }
                    )
                    .order_by()
                    .values_list("pk", private.object_id_field_name)
                )
                for other_id, object_id in rows:
                    if (other, other_id) not in ours_created and str(object_id) in by_str:
                        refs.append((model, by_str[str(object_id)], other, other_id))
        labels = self.labels({(other, other_id) for _m, _t, other, other_id in refs})
        for model, target_id, other, other_id in refs:
            if (model, target_id) in found:
                continue
            found[(model, target_id)] = gettext(
                "%(kind)s “%(object)s” now refers to it: it is kept."
            ) % {
                "kind": str(other._meta.verbose_name).capitalize(),
                "object": labels.get((other, other_id), other_id),
            }
        return found

    def children_index(
        self, candidates: dict[type[models.Model], dict[Any, Key]]
    ) -> dict[tuple[type[models.Model], Any], list[tuple[type[models.Model], Any]]]:
        """For each created object, the created objects that are its parts (their foreign key
        to it deletes them with it)."""
        created_models = {type(obj) for obj in self.current.values()}
        index: dict[tuple[type[models.Model], Any], list[tuple[type[models.Model], Any]]] = (
            defaultdict(list)
        )
        for model, pks in candidates.items():
            parents = [
                (fk.attname, fk.related_model)
                for fk in model._meta.concrete_fields
                if isinstance(fk, models.ForeignKey)
                and isinstance(fk.related_model, type)
                and fk.related_model in created_models
                and fk.remote_field.on_delete is models.CASCADE
            ]
            for pk, key in pks.items():
                obj = self.current[key]
                for attname, parent_model in parents:
                    parent = getattr(obj, attname)
                    if parent is not None and isinstance(parent_model, type):
                        index[(parent_model, parent)].append((model, pk))
        return index

    def keep_what_kept_need(
        self,
        candidates: dict[type[models.Model], dict[Any, Key]],
        kept: dict[tuple[type[models.Model], Any], Entry],
    ) -> None:
        """A created object that a kept one points to is kept too, and so are the parts of a
        kept one (an action's budget lines, transactions, indicators…), until nothing changes.
        The parts are not conflicts of their own: they are listed as kept with their whole."""
        children = self.children_index(candidates)
        todo = list(kept)
        while todo:
            needed: list[tuple[type[models.Model], Any, Entry]] = []
            parts: list[tuple[type[models.Model], Any, Entry]] = []
            by_model: dict[type[models.Model], list[Any]] = defaultdict(list)
            for model, pk in todo:
                by_model[model].append(pk)
                holder = kept.get((model, pk)) or self.kept_parts[(model, pk)]
                parts.extend((child, child_pk, holder) for child, child_pk in children[(model, pk)])
            for model, pks in by_model.items():
                content_type = ContentType.objects.get_for_model(model).pk
                for fk in model._meta.concrete_fields:
                    target_model = fk.related_model if fk.is_relation else None
                    if not isinstance(target_model, type) or target_model not in candidates:
                        continue
                    for pk in pks:
                        obj = self.current.get((content_type, str(pk)))
                        target = getattr(obj, fk.attname, None) if obj is not None else None
                        if target in candidates[target_model]:
                            holder = kept.get((model, pk)) or self.kept_parts[(model, pk)]
                            needed.append((target_model, target, holder))
                for m2m in model._meta.many_to_many:
                    target_model = m2m.related_model
                    if not isinstance(target_model, type) or target_model not in candidates:
                        continue
                    for source_id, targets in _links(model, m2m.name, pks).items():
                        holder = kept.get((model, source_id)) or self.kept_parts[(model, source_id)]
                        for target in targets:
                            if target in candidates[target_model]:
                                needed.append((target_model, target, holder))
            todo = []
            for model, pk, holder in parts:
                if (model, pk) in kept or (model, pk) in self.kept_parts:
                    continue
                self.kept_parts[(model, pk)] = self.entry(
                    candidates[model][pk],
                    model,
                    reason=gettext("Part of %(kind)s “%(object)s”, which is kept.")
                    % {"kind": holder.kind, "object": holder.label},
                )
                todo.append((model, pk))
            for model, pk, holder in needed:
                if (model, pk) in kept or (model, pk) in self.kept_parts:
                    continue
                key = candidates[model][pk]
                kept[(model, pk)] = self.entry(
                    key,
                    model,
                    url=_url(self.current[key]),
                    reason=gettext("%(kind)s “%(object)s”, kept, needs it: it is kept too.")
                    % {"kind": holder.kind.capitalize(), "object": holder.label},
                )
                todo.append((model, pk))

    def plan_byproducts(self) -> None:
        """Rows the run wrote without an audit event of their own under an object it changed
        (an agreement's status change imported: its ``AgreementTransition``), found as the rows
        of that object created while the run ran that the audit trail does not know: deleted
        when the object's values are all given back, kept with it otherwise."""
        if self.start is None:
            return
        restored: dict[type[models.Model], list[Any]] = defaultdict(list)
        for key in self.changed:
            obj = self.current.get(key)
            if obj is not None and key not in self.conflicted:
                restored[type(obj)].append(obj.pk)
        found: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        for model, pks in restored.items():
            for rel in model._meta.related_objects:
                other = rel.related_model
                if (
                    rel.many_to_many
                    or not isinstance(other, type)
                    or getattr(rel, "on_delete", None) is not models.CASCADE
                    or "created_at" not in {f.name for f in other._meta.concrete_fields}
                ):
                    continue
                window = {"created_at__gte": self.start}
                if self.until is not None:
                    window["created_at__lte"] = self.until
                found[other].extend(
                    other._base_manager.filter(
                        **{f"{rel.field.attname}__in": pks}, **window
                    ).order_by()
                )
        for model, rows in found.items():
            if not rows:
                continue
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
            audited = set(
                AuditEvent.objects.filter(
                    content_type=content_type, object_id__in=[str(row.pk) for row in rows]
                ).values_list("object_id", flat=True)
            )
            for row in rows:
                if str(row.pk) in audited:
                    continue
                self.plan.deletions.append(Entry(model=model, pk=row.pk, label=str(row)))
                self.plan.doomed.setdefault(model, []).append(row)

    def plan_deleted(self) -> None:
        for key, object_repr in self.deleted.items():
            model = _model_of(key[0])
            if model is not None:
                self.plan.not_restored.append(
                    Entry(
                        model=model,
                        pk=_pk(model, key[1]),
                        label=object_repr,
                        reason=gettext("Deleted by the import: the revert does not bring it back."),
                    )
                )

    def labels(
        self, wanted: Iterable[tuple[type[models.Model], Any]]
    ) -> dict[tuple[type[models.Model], Any], str]:
        by_model: dict[type[models.Model], set[Any]] = defaultdict(set)
        for model, pk in wanted:
            if pk is not None and pk != "":
                by_model[model].add(pk)
        labels: dict[tuple[type[models.Model], Any], str] = {}
        for model, pks in by_model.items():
            for pk, obj in _fetch(model, pks).items():
                labels[(model, pk)] = str(obj)
        return labels


def _show(model_field: Any, value: Any, labels: dict[tuple[type[models.Model], Any], str]) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(model_field, models.ManyToManyField):
        related = model_field.related_model
        return ", ".join(labels.get((related, pk), str(pk)) for pk in value)  # type: ignore[arg-type]
    if model_field is not None and model_field.is_relation:
        return labels.get((model_field.related_model, value), str(value))
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return Truncator(str(value)).chars(200)


def describe(plan: RevertPlan, *, shown: int = SHOWN) -> None:
    """Fill the display of the values of the entries a page shows (related objects by name,
    choices by label), with one query per kind of related object."""
    entries = [*plan.restorations[:shown], *plan.conflicts[:shown]]
    wanted: set[tuple[type[models.Model], Any]] = set()
    for entry in entries:
        fields = _fields_by_key(entry.model)
        for value in entry.fields:
            model_field = fields.get(value.name)
            if model_field is None or not model_field.is_relation:
                continue
            related = model_field.related_model
            for item in (value.restored, value.imported, value.current):
                if isinstance(item, list):
                    wanted.update((related, _pk(related, str(pk))) for pk in item)
                elif item not in (None, ""):
                    wanted.add((related, _pk(related, str(item))))
    labels: dict[tuple[type[models.Model], Any], str] = {}
    by_model: dict[type[models.Model], set[Any]] = defaultdict(set)
    for model, pk in wanted:
        by_model[model].add(pk)
    for model, pks in by_model.items():
        for pk, obj in _fetch(model, pks).items():
            labels[(model, pk)] = str(obj)
    for entry in entries:
        fields = _fields_by_key(entry.model)
        for value in entry.fields:
            model_field = fields.get(value.name)
            value.shown = {
                "restored": _show(model_field, value.restored, labels),
                "imported": _show(model_field, value.imported, labels),
                "current": _show(model_field, value.current, labels),
            }


def plan_revert(
    run: models.Model, *, government: Government, until: datetime.datetime | None = None
) -> RevertPlan:
    """What reverting ``run`` would do: deletions, restorations, conflicts (see the module).
    ``until``: when the run finished (the rows it wrote without audit events are those
    created before)."""
    if getattr(run, "government_id", None) != government.pk:
        raise PermissionDenied
    planner = _Planner(run, government, until)
    planner.read_events()
    planner.read_current()
    planner.plan_changes()
    planner.plan_creations()
    planner.plan_byproducts()
    planner.plan_deleted()
    return planner.plan


# --- Reverting -----------------------------------------------------------------------------


def _restore(plan: RevertPlan, *, acting_user: User | None, note: str) -> None:
    changes_of: dict[int, dict[str, Any]] = {}
    for obj, entry, values in plan.restores:
        fields = _fields_by_key(type(obj))
        changes: dict[str, Any] = {}
        concrete: list[str] = []
        for value in entry.fields:
            model_field = fields[value.name]
            changes[value.name] = {"before": value.current, "after": value.restored}
            if isinstance(model_field, models.ManyToManyField):
                continue
            setattr(obj, model_field.attname, model_field.to_python(values[value.name]))
            concrete.append(model_field.name)
        if concrete:
            if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
                concrete.append("updated_at")
            obj.save(update_fields=concrete)
        for value in entry.fields:
            model_field = fields[value.name]
            if isinstance(model_field, models.ManyToManyField):
                getattr(obj, model_field.name).set(values[value.name] or [])
        changes_of[id(obj)] = changes
    # One event per object restored, written in one insert (as an import's creations are).
    audit._record_in_bulk(
        [obj for obj, _entry, _values in plan.restores],
        action=audit.AuditAction.UPDATE,
        actor=acting_user,
        note=note,
        changes=lambda obj: changes_of[id(obj)],
    )


def _delete(plan: RevertPlan, *, acting_user: User | None, note: str) -> None:
    if not plan.doomed:
        return
    db = router.db_for_write(next(iter(plan.doomed)))
    collector = Collector(using=db, origin=None)
    for model, instances in plan.doomed.items():
        names = [m2m.name for m2m in model._meta.many_to_many]
        links = {name: _links(model, name, [obj.pk for obj in instances]) for name in names}
        audit.record_deletions(
            instances,
            actor=acting_user,
            note=note,
            links={
                obj.pk: {name: links[name].get(obj.pk, []) for name in names} for obj in instances
            },
        )
        collector.collect(instances)
    try:
        collector.delete()
    except (ProtectedError, RestrictedError) as error:
        raise RevertRefused(
            _("Some records the import created are protected by others: %(records)s.")
            % {"records": ", ".join(str(obj) for obj in list(error.args[1])[:10])}
        ) from error


def revert_run(
    kind: RunKind,
    run: Any,
    *,
    government: Government,
    acting_user: User,
    progress: Callable[[int, int], None] | None = None,
) -> RevertPlan:
    """Revert ``run`` (see the module's text), in one transaction; returns what was done.
    ``progress(done, total)`` hears of the objects restored and deleted.

    Refuses (:class:`RevertRefused`, with the reason) a run never applied, already reverted or
    applied more than :func:`revert_days` ago."""
    if run.government_id != government.pk:
        raise PermissionDenied
    with transaction.atomic():
        locked: Any = kind.model._base_manager.select_for_update().get(pk=run.pk)
        refusal = revert_refusal(kind, locked)
        if refusal:
            raise RevertRefused(refusal, code="not_revertable")
        plan = plan_revert(locked, government=government, until=kind.applied_at(locked))
        note = gettext("Revert of the import “%(run)s”") % {"run": locked}
        with (
            audit.channel(audit.Channel.IMPORT, request_id=revert_reference(locked)),
            deferred_work(),  # derived data (the search index) refreshed once, in bulk
        ):
            total = len(plan.restores) + len(plan.deletions)
            if progress is not None:
                progress(0, total)
            _restore(plan, acting_user=acting_user, note=note)
            if progress is not None:
                progress(len(plan.restores), total)
            _delete(plan, acting_user=acting_user, note=note)
            if progress is not None:
                progress(total, total)
            with audit.recording(locked, actor=acting_user, note=plan.summary()):
                locked.reverted_at = timezone.now()
                locked.reverted_by = acting_user
                locked.save(update_fields=["reverted_at", "reverted_by", "updated_at"])
    run.reverted_at, run.reverted_by = locked.reverted_at, locked.reverted_by
    return plan


# --- As a background job -------------------------------------------------------------------
#
# The revert page queues the revert (``TASKS_BACKEND=immediate``: it runs at once); its state
# while it waits or runs (done of total) and the reason it failed are kept in the progress
# cache shared by the worker and the web processes, so the run's page tells them without a
# query; what it did is in the run's fields and the audit trail. Each queued revert also has
# a row (:class:`~lazos.core.models.RevertRun`: who asked for it, its counts, its result or
# its error) for the government's Jobs page (``core/job_kinds.py``).


def revert_summary(run: models.Model) -> str:
    """What the run's revert did, as its audit event on the run says it."""
    content_type = ContentType.objects.get_for_model(run, for_concrete_model=True)
    note = (
        AuditEvent.objects.filter(
            request_id=revert_reference(run), content_type=content_type, object_id=str(run.pk)
        )
        .values_list("note", flat=True)
        .first()
    )
    return str(note or _("The import was reverted."))


def revert_progress_key(label: str, run_id: Any) -> str:
    """The progress store's key of the revert of the run ``run_id`` of the model ``label``."""
    return f"lazos:import-revert:{label}:{run_id}"


def progress_key(run: models.Model) -> str:
    return revert_progress_key(run._meta.label_lower, run.pk)


def failure_key(run: models.Model) -> str:
    return f"lazos:import-revert-failed:{run._meta.label_lower}:{run.pk}"


@dataclass(frozen=True)
class RevertState:
    """A queued or running revert (done of total), or why the last one failed."""

    running: bool = False
    done: int = 0
    total: int = 0
    failure: str = ""


def revert_state(run: models.Model) -> RevertState:
    """The run's revert as the progress cache knows it (no query)."""
    if getattr(run, "reverted_at", None) is not None:
        return RevertState()
    live = live_entry(progress_key(run))
    if live is not None:
        return RevertState(running=True, done=live[0], total=live[1])
    return RevertState(failure=str(progress_store().get(failure_key(run)) or ""))


def queue_revert(
    kind_path: str, run: Any, *, government: Government, acting_user: User
) -> RevertState:
    """Queue the revert of ``run`` (``kind_path``: the dotted path of its :class:`RunKind`)
    and return its state: done at once with the embedded (immediate) backend, else waiting for
    the worker. Refuses (:class:`RevertRefused`) what :func:`revert_refusal` refuses and a run
    whose revert is already queued."""
    if run.government_id != government.pk:
        raise PermissionDenied
    kind: RunKind = import_string(kind_path)
    refusal = revert_refusal(kind, run)
    if refusal:
        raise RevertRefused(refusal, code="not_revertable")
    if revert_state(run).running:
        raise RevertRefused(_("This import is being reverted."), code="running")
    progress_store().delete(failure_key(run))
    progress_store().set(progress_key(run), (0, 0, time.time()), timeout=PROGRESS_TIMEOUT)
    revert = RevertRun.objects.create(
        government=government,
        content_type=ContentType.objects.get_for_model(run, for_concrete_model=True),
        object_id=run.pk,
        run_label=Truncator(str(run)).chars(300),
        run_url=run.get_absolute_url(),
        started_by=acting_user,
    )
    result = revert_import_job.enqueue(kind_path, run.pk, acting_user.pk, revert.pk)
    RevertRun.objects.filter(pk=revert.pk, task_id="").update(task_id=str(result.id)[:64])
    run.refresh_from_db()
    return revert_state(run)


@job
def revert_import_job(
    kind_path: str, run_id: int, user_id: int, revert_id: int | None = None
) -> str:
    """Revert an import run (queued by :func:`queue_revert`). Returns what happened."""
    return run_revert(kind_path, run_id, user_id, revert_id)


def run_revert(kind_path: str, run_id: int, user_id: int, revert_id: int | None = None) -> str:
    """The body of :func:`revert_import_job`: "reverted", "refused" or "failed" (the reason
    kept for the run's page, and on the revert's row ``revert_id`` for the Jobs page). The
    row is written before the revert's transaction and after it; between the two, progress
    goes through the progress store (and, on PostgreSQL, a second connection)."""
    kind: RunKind = import_string(kind_path)
    run: Any = kind.model._base_manager.select_related("government").get(pk=run_id)
    # The revert's row (none for a revert queued before rows were kept).
    rows = RevertRun.objects.filter(pk=revert_id or 0, government_id=run.government_id)
    revert = rows.first()
    if revert is not None:
        rows.update(status=RunStatus.RUNNING, started_at=timezone.now())
    reporter = ProgressReporter(
        revert, cache_key=progress_key(run), done_field="done", total_field="total"
    )
    try:
        user = get_user_model()._default_manager.filter(pk=user_id).first()
        membership = (
            Membership.objects.for_tenant(run.government)
            .filter(user_id=user_id, user__is_active=True)
            .first()
        )
        if user is None or not policy_for(kind.model).allows(membership, Operation.DELETE):
            raise RevertRefused(_("You may no longer revert this import."), code="permission")
        plan = revert_run(kind, run, government=run.government, acting_user=user, progress=reporter)
    except RevertRefused as refused:
        outcome = "refused"
        reason = " ".join(refused.messages)
    except Exception as error:
        logger.exception("Revert of %s failed", run_reference(run))
        outcome = "failed"
        reason = str(_("The revert failed: nothing was changed (%(error)s).") % {"error": error})
    else:
        total = len(plan.restores) + len(plan.deletions)
        rows.update(
            status=RunStatus.FINISHED,
            done=total,
            total=total,
            summary=plan.summary(),
            finished_at=timezone.now(),
        )
        return "reverted"
    finally:
        reporter.close()
    progress_store().set(failure_key(run), reason, timeout=PROGRESS_TIMEOUT)
    rows.update(status=RunStatus.FAILED, error=reason, finished_at=timezone.now())
    return outcome

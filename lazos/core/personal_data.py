"""Where a natural person's data lives, so that it can be exported and erased on request.

Each app that keeps data about a person declares it in its own ``personal_data.py`` with one
:class:`PersonalDataProvider` per model, and registers it from its ``AppConfig.ready()``::

    # lazos/partners/personal_data.py
    contacts = PersonalDataProvider(
        model=Contact,
        match_fields=("name", "email", "phone"),
        personal_fields=("name", "role", "email", "phone", "notes"),
        context_fields=("partner__name",),
        erasure=Erasure.DELETE,
        purpose=_("to keep in touch with partners"),
    )

    # lazos/partners/apps.py
    def ready(self) -> None:
        from lazos.core.personal_data import register
        from lazos.partners.personal_data import contacts
        register(contacts)

Core knows no feature app: the registry only holds what the apps give it. The services that
use it (``export_personal_data``, ``erase_personal_data``, the retention command) live in
``lazos.accounts``. A test walks every model and fails when one has a field that names or
reaches a person (an email, a phone, a contact person) and no provider covers it.

Erasure never writes the erased values anywhere: the rows are deleted or anonymised without
an audit event of their own (it would hold the values), the audit events that hold them are
redacted (:func:`redact_audit_events`; the triggers of core migration 0007 allow an update of
an audit row only when it replaces values by :data:`ERASED`), and the caller records one
event that says who erased which records, when.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils.functional import Promise
from django.utils.translation import gettext_noop

from lazos.core.audit import _jsonable
from lazos.core.models import AuditEvent

# What replaces an erased value, in the rows kept and in the audit trail.
ERASED = "[erased]"

# The audit trail's columns an erasure may update (to ERASED only: core migration 0007's
# trigger); ``lazos grant_app_role`` grants the application UPDATE on these and no other.
ERASABLE_AUDIT_COLUMNS = {"core_auditevent": ("changes", "object_repr", "note")}

# Erased values shorter than this are only replaced where a value equals them, never inside
# a longer text (a first name such as "Ana" would otherwise erase "Banana").
SUBSTRING_MIN_LENGTH = 6


class Erasure(StrEnum):
    DELETE = "delete"  # the row exists only for the person: it goes
    ANONYMISE = "anonymise"  # the row is part of a record (a mission, an agreement): it stays
    KEEP = "keep"  # erased elsewhere, by someone else (see ``erasure_note``)


@dataclass
class ErasedRecord:
    """One row erased: which, the fields that held the person's data, and the values that
    identified the person (to find them in the audit trail; never stored)."""

    label: str
    pk: Any
    content_type_id: int
    fields: tuple[str, ...]
    values: list[str]
    repr_is_personal: bool
    government_id: int | None = None


@dataclass
class PersonalDataProvider:
    """One model's share of a person's data: how to find the person's rows, what to export,
    and how to erase them.

    ``match_fields`` are lookups compared, ignoring case, with each of the person's
    identifiers (a name, an email); ``user_field`` names a link to a person's account, which
    matches when the account's username, email or full name is one of the identifiers.
    ``personal_fields`` are exported and erased; ``context_fields`` (lookups) are only
    exported, to say what a row is about. ``anonymised`` gives the value an anonymised field
    takes (default: empty when the field may be blank, else :data:`ERASED`).
    """

    model: type[models.Model]
    personal_fields: tuple[str, ...]
    erasure: Erasure
    purpose: str | Promise
    match_fields: tuple[str, ...] = ()
    user_field: str = ""
    context_fields: tuple[str, ...] = ()
    anonymised: Mapping[str, Any] = field(default_factory=dict)
    repr_is_personal: bool = True
    erasure_note: str | Promise = ""
    tenant_owned: bool = True
    # Retention: the setting that says for how many days rows are kept (0: for ever), the date
    # it counts from, and what then goes: the rows (DELETE) or ``retained_fields`` (ANONYMISE).
    retention_setting: str = ""
    retention_field: str = ""
    retention_erasure: Erasure = Erasure.DELETE
    retained_fields: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return str(self.model._meta.label_lower)

    @property
    def kind(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def queryset(self, government: Any) -> models.QuerySet[Any]:
        """Rows of ``government`` (a provider of rows without a government overrides this)."""
        return self.model._default_manager.filter(government=government)

    def identifier_filter(self, identifiers: Sequence[str]) -> Q:
        condition = Q(pk__in=[])
        for identifier in identifiers:
            if not identifier.strip():
                continue
            for lookup in self.match_fields:
                condition |= Q(**{f"{lookup}__iexact": identifier.strip()})
        if self.user_field:
            condition |= Q(**{f"{self.user_field}__in": users_matching(identifiers)})
        return condition

    def matching(self, government: Any, identifiers: Sequence[str]) -> models.QuerySet[Any]:
        """The rows of ``government`` about the person with these identifiers."""
        if not any(identifier.strip() for identifier in identifiers):
            return self.queryset(government).none()
        return self.queryset(government).filter(self.identifier_filter(identifiers)).order_by("pk")

    def suggestions(self, government: Any, text: str, limit: int = 20) -> set[str]:
        """Names and emails held in ``government``'s rows that contain ``text``."""
        found: set[str] = set()
        for lookup in self.match_fields:
            found.update(
                str(value)
                for value in self.queryset(government)
                .filter(**{f"{lookup}__icontains": text})
                .values_list(lookup, flat=True)
                .distinct()[:limit]
                if value
            )
        return found

    def columns(self) -> list[tuple[str, str]]:
        """``(key, label)`` of what :meth:`export` gives for each row, for a table."""
        found = []
        for lookup in (*self.personal_fields, *self.context_fields):
            model: type[models.Model] = self.model
            labels, last_is_relation = [], False
            for part in lookup.split("__"):
                name = part[:-3] if part.endswith("_id") and part != "id" else part
                model_field = concrete_field(model, name)
                labels.append(str(model_field.verbose_name))
                last_is_relation = isinstance(model_field.related_model, type)
                if isinstance(model_field.related_model, type):
                    model = model_field.related_model
            # Through a relation, the relation names the column ("partner", not its "name").
            found.append(
                (lookup, labels[-2] if len(labels) > 1 and not last_is_relation else labels[-1])
            )
        return found

    def export_row(self, row: models.Model) -> dict[str, Any]:
        data: dict[str, Any] = {"id": _jsonable(row.pk)}
        for name in self.personal_fields:
            data[name] = _jsonable(getattr(row, concrete_field(self.model, name).attname))
        return data

    def export(self, government: Any, identifiers: Sequence[str]) -> list[dict[str, Any]]:
        rows = self.matching(government, identifiers)
        exported = {row.pk: self.export_row(row) for row in rows}
        if self.context_fields and exported:
            for values in rows.values("pk", *self.context_fields):
                pk = values.pop("pk")
                exported[pk].update({k: _jsonable(v) for k, v in values.items()})
        return list(exported.values())

    def anonymised_value(self, name: str) -> Any:
        if name in self.anonymised:
            return self.anonymised[name]
        model_field = concrete_field(self.model, name)
        if isinstance(model_field, models.JSONField):
            return model_field.get_default()
        return "" if getattr(model_field, "blank", False) else ERASED

    def erase(self, government: Any, identifiers: Sequence[str]) -> list[ErasedRecord]:
        """Delete or anonymise the person's rows; say which, with the values erased."""
        if self.erasure == Erasure.KEEP:
            return []
        rows = list(self.matching(government, identifiers))
        return self._erase_rows(rows, self.erasure, self.personal_fields)

    def _erase_rows(
        self, rows: list[models.Model], erasure: Erasure, fields: tuple[str, ...]
    ) -> list[ErasedRecord]:
        if not rows:
            return []
        content_type_id = ContentType.objects.get_for_model(self.model).pk
        records = [
            ErasedRecord(
                label=self.label,
                pk=row.pk,
                content_type_id=content_type_id,
                fields=fields,
                values=self.identifying_values(row),
                repr_is_personal=self.repr_is_personal,
                government_id=getattr(row, "government_id", None),
            )
            for row in rows
        ]
        if erasure == Erasure.DELETE:
            for row in rows:
                row.delete()
        elif erasure == Erasure.ANONYMISE and fields:
            # Saved one by one (not a bulk update) so that what is derived from the rows, such
            # as the search index, is rebuilt without the erased values.
            changes = {
                concrete_field(self.model, name).attname: self.anonymised_value(name)
                for name in fields
            }
            update_fields = list(changes)
            if any(f.name == "updated_at" for f in self.model._meta.concrete_fields):
                update_fields.append("updated_at")
            for row in rows:
                for attname, value in changes.items():
                    setattr(row, attname, value)
                row.save(update_fields=update_fields)
        return records

    def identifying_values(self, row: models.Model) -> list[str]:
        """The values of ``row`` that identify the person (a name, an email, a phone): those
        looked for in every audit event of the government. Other personal values (a position,
        a note) are erased only from the events about the row itself, since the same words
        may well describe someone else."""
        found = []
        for lookup in self.match_fields:
            if "__" not in lookup:
                value = getattr(row, concrete_field(self.model, lookup).attname)
                if isinstance(value, str) and value.strip():
                    found.append(value)
        return found

    def retention_days(self) -> int:
        """How many days rows are kept (0: for ever, or no retention for this model)."""
        if not self.retention_setting:
            return 0
        return max(int(getattr(settings, self.retention_setting, 0) or 0), 0)

    def expired(self, now: datetime.datetime) -> models.QuerySet[Any]:
        """Rows kept longer than their retention (still holding something to remove)."""
        days = self.retention_days()
        if not days:
            return self.model._default_manager.none()
        rows = self.model._default_manager.filter(
            **{f"{self.retention_field}__lt": now - datetime.timedelta(days=days)}
        )
        if self.retention_erasure == Erasure.ANONYMISE:
            holding = Q(pk__in=[])
            for name in self.retained_fields:
                holding |= ~Q(**{name: self.anonymised_value(name)})
            rows = rows.filter(holding)
        return rows.order_by("pk")

    def expire(self, now: datetime.datetime) -> list[ErasedRecord]:
        """Delete or anonymise the rows kept past their retention; say which."""
        fields = (
            self.retained_fields
            if self.retention_erasure == Erasure.ANONYMISE
            else self.personal_fields
        )
        return self._erase_rows(list(self.expired(now)), self.retention_erasure, fields)


def concrete_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """The field ``name`` of ``model`` (a column, not a reverse relation)."""
    found = model._meta.get_field(name)
    if not isinstance(found, models.Field):
        raise TypeError(f"{model._meta.label}.{name} is not a field of its own")
    return found


def users_matching(identifiers: Sequence[str]) -> models.QuerySet[Any]:
    """Accounts whose username, email or full name is one of ``identifiers`` (ignoring case)."""
    condition = Q(pk__in=[])
    for identifier in identifiers:
        value = identifier.strip()
        if value:
            condition |= (
                Q(username__iexact=value)
                | Q(email__iexact=value)
                | Q(lazos_full_name__iexact=value)
            )
    return (
        get_user_model()
        ._default_manager.annotate(lazos_full_name=Concat("first_name", Value(" "), "last_name"))
        .filter(condition)
        .values("pk")
    )


# --- The registry ----------------------------------------------------------------------------

_providers: dict[str, PersonalDataProvider] = {}
_not_personal: dict[str, str] = {}


def register(*providers: PersonalDataProvider) -> None:
    """Declare where an app keeps personal data (from its ``AppConfig.ready()``)."""
    for provider in providers:
        _providers[provider.label] = provider


def declare_not_personal(model: type[models.Model], reason: str) -> None:
    """Say why a model whose fields look personal (an ``email``) holds no person's data, e.g.
    a department's shared address: the coverage test accepts it with this reason."""
    _not_personal[model._meta.label_lower] = reason


def providers() -> list[PersonalDataProvider]:
    return list(_providers.values())


def not_personal() -> dict[str, str]:
    return dict(_not_personal)


# --- The audit trail -------------------------------------------------------------------------


def _holds(text: str, values: set[str], long_values: list[str]) -> bool:
    folded = text.casefold()
    return folded in values or any(value in folded for value in long_values)


def _scrub(value: Any, values: set[str], long_values: list[str]) -> Any:
    if isinstance(value, str):
        return ERASED if value != ERASED and _holds(value, values, long_values) else value
    if isinstance(value, dict):
        return {key: _scrub(inner, values, long_values) for key, inner in value.items()}
    if isinstance(value, list):
        return [_scrub(inner, values, long_values) for inner in value]
    return value


def _erase_field(change: Any) -> Any:
    if not isinstance(change, dict):
        return ERASED
    return {
        side: (ERASED if inner not in (None, "", [], {}) else inner)
        for side, inner in change.items()
    }


def redact_audit_events(government_id: int | None, records: Iterable[ErasedRecord]) -> int:
    """Replace the erased values by :data:`ERASED` in the audit events of ``government_id``
    (None: the events of no government, such as those about accounts): every personal field
    of an erased row in the events about that row, and any text equal to an erased value (or,
    for longer values, containing one) in every event. Returns how many events were
    redacted."""
    by_object: dict[tuple[int, str], ErasedRecord] = {}
    values: set[str] = set()
    for record in records:
        by_object[(record.content_type_id, str(record.pk))] = record
        values.update(value.casefold() for value in record.values if value.strip())
    values.discard(ERASED.casefold())
    if not by_object and not values:
        return 0
    long_values = sorted(value for value in values if len(value) >= SUBSTRING_MIN_LENGTH)
    in_government = (
        Q(government_id__isnull=True) if government_id is None else Q(government_id=government_id)
    )
    events = (
        AuditEvent.objects.filter(in_government)
        .only("pk", "content_type_id", "object_id", "object_repr", "note", "changes")
        .order_by("pk")
    )
    redacted = 0
    for event in events.iterator(chunk_size=1000):
        about = by_object.get((event.content_type_id, event.object_id))
        changes = dict(event.changes or {})
        if about is not None:
            for name in about.fields:
                for key in {name, f"{name}_id"} & set(changes):
                    changes[key] = _erase_field(changes[key])
        changes = _scrub(changes, values, long_values)
        object_repr = event.object_repr
        if (about is not None and about.repr_is_personal) or _holds(
            object_repr, values, long_values
        ):
            object_repr = ERASED
        note = ERASED if event.note and _holds(event.note, values, long_values) else event.note
        if (changes, object_repr, note) != (event.changes, event.object_repr, event.note):
            AuditEvent.objects.filter(pk=event.pk).update(
                changes=changes, object_repr=object_repr, note=note
            )
            redacted += 1
    return redacted


# django-axes ships no Spanish or Portuguese catalog: the names of its models (sign-in
# records, listed on the privacy page) are marked here for the project's catalog.
AXES_MODEL_NAMES = (
    gettext_noop("access attempts"),
    gettext_noop("access failures"),
    gettext_noop("access logs"),
)

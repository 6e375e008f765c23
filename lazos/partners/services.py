"""Every write to partners, their contacts and their journal: validated, audited, atomic."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date as date_type
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.core import audit
from lazos.core.services import assign, delete_audited, save_audited
from lazos.core.tenancy import not_found, require_same_government
from lazos.partners.merging import (
    PartnerRelation,
    attachments_of,
    partner_relations,
    rows_of,
    unique_sets,
)
from lazos.partners.models import Contact, Partner, PartnerNote, PartnerRedirect
from lazos.search.indexing import index_object

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.governments.models import Department, Government

# The fields a person (or a spreadsheet) may set on a partner; tags go apart.
PARTNER_FIELDS = (
    "name",
    "kind",
    "country",
    "place",
    "website",
    "languages",
    "description",
    "is_active",
    "external_id",
    "iati_identifier",
)
CONTACT_FIELDS = ("name", "role", "email", "phone", "notes", "is_primary")
NOTE_FIELDS = ("date", "text", "department", "author")


def _same_government(government_id: int, field: str, related: Model | None) -> None:
    """Refuse a related row of another government (forms limit choices; this guards the rest)."""
    require_same_government(government_id, field, related)


def _country_from_place(partner: Partner, values: dict[str, Any]) -> dict[str, Any]:
    """When a place is chosen and the country is left empty, take the place's country."""
    place = values.get("place", partner.place)
    country = values.get("country", partner.country)
    if place is not None and not country:
        values = {**values, "country": place.country}
    return values


@transaction.atomic
def create_partner(
    government: Government, *, acting_user: User | None, tags: Iterable[str] = (), **values: Any
) -> Partner:
    partner = Partner(government=government)
    values = _country_from_place(partner, values)
    return save_audited(
        partner, acting_user=acting_user, fields=PARTNER_FIELDS, values=values, tags=list(tags)
    )


@transaction.atomic
def update_partner(
    partner: Partner,
    *,
    acting_user: User | None,
    tags: Iterable[str] | None = None,
    **values: Any,
) -> Partner:
    values = _country_from_place(partner, values)
    return save_audited(
        partner,
        acting_user=acting_user,
        fields=PARTNER_FIELDS,
        values=values,
        tags=list(tags) if tags is not None else None,
    )


@transaction.atomic
def delete_partner(partner: Partner, *, acting_user: User) -> None:
    delete_audited(partner, acting_user=acting_user)


# --- Contacts --------------------------------------------------------------------------------


@transaction.atomic
def add_contact(partner: Partner, *, acting_user: User | None, **values: Any) -> Contact:
    contact = Contact(government_id=partner.government_id, partner=partner)
    return save_audited(contact, acting_user=acting_user, fields=CONTACT_FIELDS, values=values)


@transaction.atomic
def update_contact(contact: Contact, *, acting_user: User, **values: Any) -> Contact:
    return save_audited(contact, acting_user=acting_user, fields=CONTACT_FIELDS, values=values)


@transaction.atomic
def delete_contact(contact: Contact, *, acting_user: User) -> None:
    delete_audited(contact, acting_user=acting_user)


# --- Journal ---------------------------------------------------------------------------------


@transaction.atomic
def add_partner_note(
    partner: Partner,
    *,
    acting_user: User | None,
    text: str,
    date: date_type | None = None,
    department: Department | None = None,
) -> PartnerNote:
    """Write a dated entry in the partner's journal, signed by ``acting_user``."""
    _same_government(partner.government_id, "department", department)
    note = PartnerNote(government_id=partner.government_id, partner=partner)
    author = acting_user if getattr(acting_user, "pk", None) else None
    return save_audited(
        note,
        acting_user=acting_user,
        fields=NOTE_FIELDS,
        values={
            "text": text,
            "date": date or timezone.localdate(),
            "department": department,
            "author": author,
        },
    )


@transaction.atomic
def delete_partner_note(note: PartnerNote, *, acting_user: User) -> None:
    delete_audited(note, acting_user=acting_user)


# --- Merge ------------------------------------------------------------------------------------

# The partner's values a merge may take from the merged partner (the others are the kept one's).
MERGE_FIELDS = PARTNER_FIELDS


def merge_conflicts(kept: Partner, merged: Partner) -> list[str]:
    """The fields where both partners have a value and the values differ: a person chooses."""
    return [
        name
        for name in MERGE_FIELDS
        if _filled(getattr(kept, name))
        and _filled(getattr(merged, name))
        and _comparable(getattr(kept, name)) != _comparable(getattr(merged, name))
    ]


def _filled(value: Any) -> bool:
    return value not in (None, "", [], {}) and str(value) != ""


def _comparable(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, list):
        return sorted(value)
    return str(value) if not isinstance(value, bool) else value


@dataclass
class MergeResult:
    """What a merge did: rows moved and rows dropped as duplicates, per relation key."""

    kept: Partner
    merged_id: int
    merged_name: str
    moved: dict[str, int] = field(default_factory=dict)
    deduplicated: dict[str, int] = field(default_factory=dict)


def _merge_note(kept: Partner, merged_id: int, merged_name: str) -> str:
    # Stored in the audit trail, in the language the instance logs in (as other notes).
    return f"Partner merge: “{merged_name}” (#{merged_id}) merged into “{kept.name}” (#{kept.pk})."


@transaction.atomic
def merge_partners(
    kept: Partner,
    merged: Partner,
    *,
    government: Government,
    acting_user: User | None,
    values: Mapping[str, Any] | None = None,
) -> MergeResult:
    """Merge ``merged`` into ``kept``: every row pointing at ``merged`` (agreements, actions,
    objectives, contacts, journal notes, commitments, signatories, reviews, networks, tags,
    files, earlier merges' addresses; any relation to ``Partner``, found generically) moves to
    ``kept``; a row ``kept`` already has (the same agreement, the same tag) is dropped as a
    duplicate. ``merged`` is then deleted and its id redirects to ``kept``
    (:class:`PartnerRedirect`).

    ``values``: the fields of ``kept`` to change (chosen from ``merged`` field by field); a
    field ``kept`` leaves empty takes ``merged``'s value. Audited: an event on both partners
    (the deletion of ``merged`` and the update of ``kept``, with the same note), one per moved
    row and one per dropped duplicate; all or nothing."""
    if kept.pk is None or merged.pk is None:
        raise not_found(Partner)
    if kept.pk == merged.pk:
        raise ValidationError(_("A partner cannot be merged into itself."), code="same_partner")
    partners = Partner.objects.for_tenant(government).select_for_update()
    locked = {p.pk: p for p in partners.filter(pk__in=[kept.pk, merged.pk]).order_by("pk")}
    if kept.pk not in locked or merged.pk not in locked:
        raise not_found(Partner)
    kept, merged = locked[kept.pk], locked[merged.pk]
    unknown = set(values or {}) - set(MERGE_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    chosen = {
        name: getattr(merged, name)
        for name in MERGE_FIELDS
        if not _filled(getattr(kept, name)) and _filled(getattr(merged, name))
    }
    chosen.update(values or {})
    merged_id, merged_name = merged.pk, merged.name
    note = _merge_note(kept, merged_id, merged_name)
    result = MergeResult(kept=kept, merged_id=merged_id, merged_name=merged_name)
    reindex: list[Model] = []
    with audit.recording(kept, actor=acting_user, note=note) as change:
        for relation in partner_relations():
            _move(relation, kept, merged, acting_user, note, result, reindex)
        _move_attachments(kept, merged, acting_user, note, result)
        redirect = PartnerRedirect.objects.create(
            government_id=kept.government_id,
            old_id=merged_id,
            old_name=merged_name,
            partner=kept,
            merged_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        audit.record_creations([redirect], actor=acting_user, note=note)
        # The merged partner goes first: its unique values (external id, IATI identifier)
        # may be the kept one's now.
        audit.record_deletion(merged, actor=acting_user, note=note)
        merged.delete()
        assign(kept, MERGE_FIELDS, chosen)
        kept.full_clean()
        kept.save()
    if change.event is None:  # nothing of the kept partner's own values changed
        audit.write_event(
            kept, action=audit.AuditAction.UPDATE, actor=acting_user, changes={}, note=note
        )
    transaction.on_commit(lambda: [index_object(obj) for obj in reindex])
    return result


def _move(
    relation: PartnerRelation,
    kept: Partner,
    merged: Partner,
    acting_user: User | None,
    note: str,
    result: MergeResult,
    reindex: list[Model],
) -> None:
    """Point the rows of ``relation`` at ``kept``; drop those ``kept`` already has."""
    rows = list(rows_of(relation, merged))
    if not rows:
        return
    attname = relation.field.attname
    # What kept already holds, per set of fields that must stay unique together.
    taken: list[tuple[tuple[str, ...], set[tuple[Any, ...]]]] = []
    for fields in unique_sets(relation):
        others = [name for name in fields if name != attname]
        existing = set(
            relation.model._default_manager.filter(**{attname: kept.pk}).values_list(*others)
            if others
            else [()]
            if rows_of(relation, kept).exists()
            else []
        )
        taken.append((tuple(others), existing))
    duplicates = [
        row
        for row in rows
        if any(
            tuple(getattr(row, name) for name in others) in existing for others, existing in taken
        )
    ]
    moving = [row for row in rows if row not in duplicates]
    if relation.is_m2m and not relation.is_own:
        _record_m2m_moves(relation, kept, merged, rows, duplicates, acting_user, note, reindex)
    elif not relation.is_m2m:
        audit.record_deletions(duplicates, actor=acting_user, note=note)
        for row in moving:
            audit.write_event(
                row,
                action=audit.AuditAction.UPDATE,
                actor=acting_user,
                changes={attname: {"before": merged.pk, "after": kept.pk}},
                note=note,
            )
    pks = [row.pk for row in duplicates]
    if pks:
        relation.model._default_manager.filter(pk__in=pks).delete()
        result.deduplicated[relation.key] = len(pks)
    if moving:
        relation.model._default_manager.filter(pk__in=[row.pk for row in moving]).update(
            **{attname: kept.pk}
        )
        result.moved[relation.key] = len(moving)


def _record_m2m_moves(
    relation: PartnerRelation,
    kept: Partner,
    merged: Partner,
    rows: list[Model],
    duplicates: list[Model],
    acting_user: User | None,
    note: str,
    reindex: list[Model],
) -> None:
    """One update event per owner (agreement, action…) whose partners change: its whole list
    of partners before and after, as its own edits record it."""
    assert relation.owner_field is not None
    owner_attname, attname = relation.owner_field.attname, relation.field.attname
    owner_ids = {getattr(row, owner_attname) for row in rows}
    before: dict[Any, set[Any]] = defaultdict(set)
    for owner_id, partner_id in relation.model._default_manager.filter(
        **{f"{owner_attname}__in": owner_ids}
    ).values_list(owner_attname, attname):
        before[owner_id].add(partner_id)
    owners = relation.owner_model._default_manager.in_bulk(owner_ids)
    for owner_id, owner in owners.items():
        old = before[owner_id]
        new = (old - {merged.pk}) | {kept.pk}
        audit.write_event(
            owner,
            action=audit.AuditAction.UPDATE,
            actor=acting_user,
            changes={relation.m2m_name: {"before": sorted(old), "after": sorted(new)}},
            note=note,
        )
        reindex.append(owner)


def _move_attachments(
    kept: Partner, merged: Partner, acting_user: User | None, note: str, result: MergeResult
) -> None:
    """Files attached to ``merged`` go to ``kept``; a title ``kept`` already has continues
    its versions (``kept``'s "Letter" v1, v2 then ``merged``'s as v3…)."""
    files = list(attachments_of(merged).order_by("title", "version", "pk"))
    if not files:
        return
    last = dict(
        attachments_of(kept).values("title").annotate(v=Max("version")).values_list("title", "v")
    )
    for attachment in files:
        before = {"object_id": attachment.object_id, "version": attachment.version}
        if attachment.title in last:
            last[attachment.title] += 1
            attachment.version = last[attachment.title]
        attachment.object_id = kept.pk
        attachment.save(update_fields=["object_id", "version"])
        after = {"object_id": attachment.object_id, "version": attachment.version}
        audit.write_event(
            attachment,
            action=audit.AuditAction.UPDATE,
            actor=acting_user,
            changes=audit.diff(before, after),
            note=note,
        )
    result.moved["core.attachment"] = len(files)

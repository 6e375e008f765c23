"""Every write to partners, their contacts and their journal: validated, audited, atomic."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date as date_type
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from lazos.core.services import delete_audited, save_audited
from lazos.core.tenancy import require_same_government
from lazos.partners.models import Contact, Partner, PartnerNote

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

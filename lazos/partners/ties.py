"""Ties between governments of the same instance, seen from one government's register.

A government appears in another's register as a partner of kind "foreign local or regional
government" linked to the same GeoNames place, or, without a place, with the same name
(accents and case ignored).
"""

from __future__ import annotations

from lazos.governments.models import Government
from lazos.partners.choices import PartnerKind
from lazos.partners.models import Partner
from lazos.reference.text import fold


def partnered_governments(government: Government) -> dict[int, Partner]:
    """Other governments on the instance that ``government`` records as partners:
    government id → the partner record (of ``government``). Two queries."""
    partners = list(
        Partner.objects.for_tenant(government).filter(kind=PartnerKind.LOCAL_GOVERNMENT)
    )
    by_place = {p.place_id: p for p in partners if p.place_id}
    by_name = {fold(p.name): p for p in partners}
    found: dict[int, Partner] = {}
    for other_id, place_id, name in Government.objects.exclude(pk=government.pk).values_list(
        "pk", "place_id", "name"
    ):
        partner = (by_place.get(place_id) if place_id else None) or by_name.get(fold(name))
        if partner is not None:
            found[other_id] = partner
    return found

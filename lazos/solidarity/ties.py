"""Which governments may see an emergency and offer help: the ones tied to it.

A government is tied to another when

- they are partners: either one records the other in its register as a partner (a foreign
  local or regional government linked to the same GeoNames place, or with the same name;
  see :mod:`lazos.partners.ties`), in either direction; or
- they are fellow network members: one of the viewer's own active memberships (its private
  records) is in the same network as one of the other government's *public* memberships.
  A membership the other government keeps private never creates a tie.

Everything the board shows across governments is decided here and in
``EmergencyQuerySet.visible_to``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q

from lazos.networks.choices import MembershipStatus
from lazos.networks.directory import directory_key, own_network_keys, public_network_keys
from lazos.networks.models import NetworkMembership
from lazos.partners.choices import PartnerKind
from lazos.partners.models import Partner
from lazos.partners.ties import partnered_governments
from lazos.reference.text import fold

if TYPE_CHECKING:
    from lazos.governments.models import Government


@dataclass(frozen=True)
class Tie:
    """Why a government is tied to the viewer.

    ``partner`` is the viewer's own partner record of the other government, when it has one;
    ``recorded_by_them`` says the other government records the viewer as a partner;
    ``networks`` are the names (from the viewer's own records) of the networks both belong to.
    """

    partner: Partner | None = None
    recorded_by_them: bool = False
    networks: tuple[str, ...] = field(default=())

    @property
    def is_partnership(self) -> bool:
        return self.partner is not None or self.recorded_by_them


def _recorded_by(government: Government) -> set[int]:
    """Other governments whose registers record ``government`` as a partner (same rule as
    :func:`lazos.partners.ties.partnered_governments`, seen from the other side). One query.

    Records are narrowed in the database to the government's place, or to partners in its
    country (or with no country), then matched by folded name."""
    candidates = Partner.objects.filter(kind=PartnerKind.LOCAL_GOVERNMENT).exclude(
        government_id=government.pk
    )
    narrow = Q(country=government.country) | Q(country="")
    if government.place_id:
        narrow |= Q(place_id=government.place_id)
    name = fold(government.name)
    found: set[int] = set()
    for other_id, place_id, partner_name in candidates.filter(narrow).values_list(
        "government_id", "place_id", "name"
    ):
        if (government.place_id and place_id == government.place_id) or fold(partner_name) == name:
            found.add(other_id)
    return found


def _own_network_names(government: Government, keys: set[str]) -> dict[str, str]:
    """Directory key → the network's name as ``government`` records it (for display)."""
    names: dict[str, str] = {}
    rows = (
        NetworkMembership.objects.for_tenant(government)
        .filter(status=MembershipStatus.ACTIVE)
        .values_list("network__website", "network__acronym", "network__name")
    )
    for website, acronym, name in rows:
        key = directory_key(website, acronym, name)
        if key in keys:
            names.setdefault(key, acronym or name)
    return names


def tied_governments(government: Government) -> dict[int, Tie]:
    """Other governments on the instance tied to ``government``: id → why. A fixed number
    of queries, whatever the number of governments."""
    ours = partnered_governments(government)
    theirs = _recorded_by(government)
    keys = own_network_keys(government)
    shared: dict[int, set[str]] = {}
    if keys:
        for other_id, their_keys in public_network_keys().items():
            common = keys & their_keys
            if other_id != government.pk and common:
                shared[other_id] = common
    names = _own_network_names(government, set().union(*shared.values())) if shared else {}
    ties: dict[int, Tie] = {}
    for other_id in set(ours) | theirs | set(shared):
        ties[other_id] = Tie(
            partner=ours.get(other_id),
            recorded_by_them=other_id in theirs,
            networks=tuple(sorted(names.get(key, key) for key in shared.get(other_id, ()))),
        )
    return ties


def is_tied(government: Government, other: Government | int) -> bool:
    """Is ``other`` (a government or its id) tied to ``government``?"""
    other_id = other if isinstance(other, int) else other.pk
    return other_id in tied_governments(government)

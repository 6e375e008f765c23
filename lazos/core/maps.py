"""A world map of partners drawn from shipped geometry: no tile server, works offline.

The countries come from ``lazos/core/data/world-110m.json`` (Natural Earth 1:110m, built
by ``scripts/build_world_map.py``; see ``data/README.md``), already projected with
:func:`project`: equirectangular, viewBox ``0 0 960 400`` — longitude -180…180 maps to
x 0…960 and latitude 84…-66 to y 0…400 (Antarctica is left out).

Usage (no request or tenant logic here: the caller decides which partners may be shown)::

    from lazos.core.maps import MapPoint, points_for_partners, world_map

    points = points_for_partners(partners)          # Partner rows with place + country
    origin = MapPoint.for_place(government.name, government.place, government.country)
    context = world_map(points, origin=origin, slug="partners-map",
                        title=_("Our partners in the world"))

    {% include "core/includes/world_map.html" with map=context %}

``world_map`` returns a :class:`WorldMap`: the country shapes (those in
``highlight_countries``, ISO alpha-2 codes, and those holding a point are highlighted), one dot
per point with an accessible ``<title>``, and, with ``lines=True`` and an origin, a curved line
from the origin to every point. The include renders it as a ``<figure>`` with the SVG
(``role="img"``, labelled by its title and a generated description) followed by a data table
(partner, place, country). A point whose partner has no place with coordinates sits at the
centre of its country (and says so in the table); a partner with neither is listed in the table
only.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries as country_names

DATA = Path(__file__).resolve().parent / "data" / "world-110m.json"
WIDTH = 960.0
HEIGHT = 400.0
NORTH = 84.0
SOUTH = -66.0
VIEWBOX = f"0 0 {WIDTH:g} {HEIGHT:g}"
_SLUG_RE = re.compile(r"^[a-z][a-z0-9-]*$")


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """Equirectangular projection into the map's viewBox: (x, y)."""
    x = (float(longitude) + 180.0) / 360.0 * WIDTH
    y = (NORTH - float(latitude)) / (NORTH - SOUTH) * HEIGHT
    return x, y


@dataclass(frozen=True)
class Country:
    numeric: str
    alpha2: str
    name: str
    path: str
    centre: tuple[float, float]  # (longitude, latitude)


@cache
def countries() -> tuple[Country, ...]:
    """The shipped country shapes (read once per process)."""
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    return tuple(
        Country(numeric=c["n"], alpha2=c["a2"], name=c["name"], path=c["d"], centre=tuple(c["c"]))
        for c in raw["countries"]
    )


@cache
def _by_alpha2() -> dict[str, Country]:
    return {c.alpha2: c for c in countries() if c.alpha2}


def country_centre(alpha2: str) -> tuple[float, float] | None:
    """(latitude, longitude) of the centre of a country's largest land mass, or None."""
    country = _by_alpha2().get(str(alpha2).upper())
    if country is None:
        return None
    longitude, latitude = country.centre
    return latitude, longitude


@dataclass
class MapPoint:
    """One thing to put on the map: a partner (or the government, as origin)."""

    label: str
    place: str = ""
    country: str = ""  # ISO alpha-2
    latitude: float | None = None
    longitude: float | None = None
    url: str = ""
    approximate: bool = False  # placed at the country's centre

    @classmethod
    def for_place(cls, label: str, place: Any, country: Any = "", url: str = "") -> MapPoint:
        """A point at a reference.City (``place``, may be None) or else its country's centre."""
        code = str(country or getattr(place, "country", "") or "")
        if place is not None and place.latitude is not None and place.longitude is not None:
            return cls(
                label=str(label),
                place=str(place.name),
                country=code,
                latitude=float(place.latitude),
                longitude=float(place.longitude),
                url=url,
            )
        centre = country_centre(code) if code else None
        if centre is None:
            return cls(label=str(label), country=code, url=url)
        return cls(
            label=str(label),
            country=code,
            latitude=centre[0],
            longitude=centre[1],
            url=url,
            approximate=True,
        )

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def xy(self) -> tuple[float, float]:
        assert self.latitude is not None
        assert self.longitude is not None
        return project(self.latitude, self.longitude)

    @property
    def country_name(self) -> str:
        return str(country_names.name(self.country)) if self.country else ""


def points_for_partners(partners: Iterable[Any], url_for: Any = None) -> list[MapPoint]:
    """Points for Partner rows (fetch them with ``select_related("place")``).

    ``url_for(partner)`` may give each point's link (e.g. the partner's page)."""
    return [
        MapPoint.for_place(
            partner.name,
            partner.place,
            partner.country,
            url=url_for(partner) if url_for else "",
        )
        for partner in partners
    ]


@dataclass
class WorldMap:
    slug: str
    title: str
    description: str
    points: list[MapPoint]
    origin: MapPoint | None
    lines: bool
    highlight: frozenset[str] = field(default_factory=frozenset)

    @property
    def title_id(self) -> str:
        return f"{self.slug}-title"

    @property
    def desc_id(self) -> str:
        return f"{self.slug}-desc"

    @property
    def caption_id(self) -> str:
        return f"{self.slug}-caption"

    @property
    def viewbox(self) -> str:
        return VIEWBOX

    @property
    def unlocated(self) -> list[MapPoint]:
        return [p for p in self.points if not p.located]

    @property
    def table_rows(self) -> list[MapPoint]:
        return sorted(self.points, key=lambda p: (p.country_name, p.place, p.label))

    @property
    def svg(self) -> SafeString:
        parts = [
            f'<svg class="map__svg" xmlns="http://www.w3.org/2000/svg" viewBox="{VIEWBOX}" '
            f'width="100%" role="img" aria-labelledby="{self.title_id} {self.desc_id}" '
            'focusable="false">',
            f'<title id="{self.title_id}">{escape(self.title)}</title>',
            f'<desc id="{self.desc_id}">{escape(self.description)}</desc>',
            '<rect width="960" height="400" fill="#eef4f6"/>',
            '<g class="map__countries" fill="#d5dde1" stroke="#ffffff" stroke-width="0.4">',
        ]
        for country in countries():
            highlighted = country.alpha2 in self.highlight
            cls = "map__country map__country--highlight" if highlighted else "map__country"
            fill = ' fill="#9cc3cb"' if highlighted else ""
            parts.append(f'<path class="{cls}" d="{country.path}"{fill}/>')
        parts.append("</g>")
        located = [p for p in self.points if p.located]
        if self.lines and self.origin is not None and self.origin.located:
            ox, oy = self.origin.xy
            parts.append(
                '<g class="map__lines" fill="none" stroke="#b35c00" stroke-width="1.2" '
                'stroke-linecap="round">'
            )
            for point in located:
                parts.append(f'<path class="map__line" d="{_curve(ox, oy, *point.xy)}"/>')
            parts.append("</g>")
        parts.append('<g class="map__points" fill="#0b5c6b" stroke="#ffffff" stroke-width="1">')
        for point in located:
            x, y = point.xy
            parts.append(
                f'<circle class="map__point" cx="{x:.1f}" cy="{y:.1f}" r="3.5">'
                f"<title>{escape(_point_title(point))}</title></circle>"
            )
        parts.append("</g>")
        if self.origin is not None and self.origin.located:
            x, y = self.origin.xy
            parts.append(
                f'<path class="map__origin" d="M{x:.1f} {y - 6:.1f}L{x + 5.5:.1f} {y + 4:.1f}'
                f'L{x - 5.5:.1f} {y + 4:.1f}Z" fill="#b35c00" stroke="#ffffff" stroke-width="1.2">'
                f"<title>{escape(_point_title(self.origin))}</title></path>"
            )
        parts.append("</svg>")
        return mark_safe("".join(parts))  # noqa: S308 (every text is escaped above)


def _point_title(point: MapPoint) -> str:
    where = ", ".join(part for part in (point.place, point.country_name) if part)
    return f"{point.label} — {where}" if where else point.label


def _curve(x0: float, y0: float, x1: float, y1: float) -> str:
    """A quadratic curve bowing towards the pole, like a great circle on a flat map."""
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    distance = math.hypot(x1 - x0, y1 - y0)
    lift = min(distance * 0.2, 60.0)
    cy = max(my - lift, 2.0) if (my < HEIGHT * 0.62) else min(my + lift, HEIGHT - 2.0)
    return f"M{x0:.1f} {y0:.1f}Q{mx:.1f} {cy:.1f} {x1:.1f} {y1:.1f}"


def world_map(
    points: Iterable[MapPoint],
    origin: MapPoint | None = None,
    lines: bool = True,
    highlight_countries: Iterable[str] = (),
    *,
    slug: str = "world-map",
    title: str = "",
    description: str = "",
) -> WorldMap:
    """The map of ``points`` (and ``origin``): render with core/includes/world_map.html."""
    if not _SLUG_RE.match(slug):
        raise ValueError(f"map slug {slug!r} must be lowercase letters, digits, '-'")
    point_list = list(points)
    highlight = {str(c).upper() for c in highlight_countries if c}
    highlight |= {p.country.upper() for p in point_list if p.country}
    country_count = len({p.country for p in point_list if p.country})
    if not description:
        description = ngettext(
            "%(points)d partner in %(countries)d country",
            "%(points)d partners in %(countries)d countries",
            country_count,
        ) % {"points": len(point_list), "countries": country_count}
        if origin is not None and lines:
            description += ". " + _("Lines join %(origin)s to each partner.") % {
                "origin": origin.label
            }
        description += " " + _("The table after the map lists every partner and place.")
    return WorldMap(
        slug=slug,
        title=str(title or _("Partners in the world")),
        description=str(description),
        points=point_list,
        origin=origin,
        lines=lines,
        highlight=frozenset(highlight),
    )

"""Build lazos/core/data/world-110m.json from Natural Earth's 1:110m countries.

The source is ``countries-110m.json`` of the npm package world-atlas 2 (TopoJSON, ISC licence;
the geometry itself is Natural Earth, public domain). The product never needs npm: this script
runs once, by hand, and its output is committed.

Usage::

    cd /tmp && npm install world-atlas@2
    .venv/bin/python scripts/build_world_map.py /tmp/node_modules/world-atlas/countries-110m.json

What it does: decodes the TopoJSON (quantized, delta-encoded arcs; negative arc index = the
arc reversed), projects every ring with the equirectangular projection of
``lazos.core.maps.project`` (viewBox ``0 0 960 400``: longitude -180…180 → x 0…960,
latitude 84…-66 → y 0…400, so Antarctica is left out), unwraps rings that cross the antimeridian (and adds
the shifted copy that shows the part beyond the edge), rounds to one decimal, drops
points that project onto the previous one, and writes one entry per country:
``{"n": ISO numeric, "a2": ISO alpha-2 or "", "name": English name, "d": SVG path,
"c": [longitude, latitude] of the centre of its largest ring}``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lazos.core.maps import VIEWBOX, project  # noqa: E402

OUTPUT = ROOT / "lazos" / "core" / "data" / "world-110m.json"
ANTARCTICA = "010"
#: Shapes Natural Earth draws without an ISO numeric code.
NO_NUMERIC = {"Kosovo": "XK"}

Point = tuple[float, float]


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Every arc as absolute (longitude, latitude) points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    """Join the arcs of a ring; each arc after the first starts where the last one ended."""
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points: list[Point]) -> list[Point]:
    """Make longitudes continuous along a ring that crosses the antimeridian (-180/180):
    the result may run past 180 or below -180, see :func:`copies`."""
    result = [points[0]]
    for longitude, latitude in points[1:]:
        previous = result[-1][0]
        while longitude - previous > 180:
            longitude -= 360
        while longitude - previous < -180:
            longitude += 360
        result.append((longitude, latitude))
    return result


def copies(ring: list[Point]) -> list[list[Point]]:
    """The ring, plus a copy shifted by 360° when it runs off one edge of the map (the SVG's
    viewBox clips what lies outside)."""
    longitudes = [longitude for longitude, _ in ring]
    result = [ring]
    if max(longitudes) > 180:
        result.append([(longitude - 360, latitude) for longitude, latitude in ring])
    if min(longitudes) < -180:
        result.append([(longitude + 360, latitude) for longitude, latitude in ring])
    return result


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def ring_area_and_centre(points: list[Point]) -> tuple[float, Point]:
    """Absolute area (square degrees) and centroid of a ring (shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs, ys = zip(*points, strict=True)
        return 0.0, ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    return abs(area) / 2, (cx / (3 * area), cy / (3 * area))


def path_of(rings: list[list[Point]]) -> str:
    parts = []
    for ring in rings:
        previous = None
        commands = []
        for longitude, latitude in ring:
            x, y = project(latitude, longitude)
            point = (round(x, 1), round(y, 1))
            if point == previous:
                continue
            commands.append(f"{_n(point[0])} {_n(point[1])}")
            previous = point
        if len(commands) >= 3:
            parts.append("M" + "L".join(commands) + "Z")
    return "".join(parts)


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def alpha2(numeric: str | None, name: str) -> str:
    if numeric:
        country = pycountry.countries.get(numeric=numeric)
        if country is not None:
            return str(country.alpha_2)
    return NO_NUMERIC.get(name, "")


def build(source: Path) -> dict:
    topology = json.loads(source.read_text())
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        if numeric == ANTARCTICA:
            continue
        name = geometry.get("properties", {}).get("name", "")
        rings = []
        largest: tuple[float, Point] = (-1.0, (0.0, 0.0))
        for polygon in polygons_of(geometry):
            for position, ring in enumerate(polygon):
                points = unwrap(ring_points(ring, arcs))
                rings.extend(copies(points))
                if position == 0:  # outer ring
                    area, (longitude, latitude) = ring_area_and_centre(points)
                    longitude = (longitude + 180) % 360 - 180
                    if area > largest[0]:
                        largest = (area, (longitude, latitude))
        countries.append(
            {
                "n": numeric or "",
                "a2": alpha2(numeric, name),
                "name": name,
                "d": path_of(rings),
                "c": [round(largest[1][0], 2), round(largest[1][1], 2)],
            }
        )
    countries.sort(key=lambda c: (c["a2"] or "~", c["name"]))
    return {
        "source": "Natural Earth 1:110m countries via world-atlas 2.0.2 (ISC); see README.md",
        "projection": "equirectangular",
        "viewBox": VIEWBOX,
        "countries": countries,
    }


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    data = build(Path(sys.argv[1]))
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{OUTPUT}: {len(data['countries'])} countries, {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()

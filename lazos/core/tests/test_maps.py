"""The shipped world map: projection, country shapes, points, lines and the data table."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from lxml import etree, html

from lazos.core.maps import (
    DATA,
    MapPoint,
    countries,
    country_centre,
    points_for_partners,
    project,
    world_map,
)

NS = {"s": "http://www.w3.org/2000/svg"}


def _bbox(path: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def _country(alpha2: str):
    return next(c for c in countries() if c.alpha2 == alpha2)


@pytest.mark.parametrize(
    ("city", "latitude", "longitude", "alpha2"),
    [
        ("Mexico City", 19.43, -99.13, "MX"),
        ("São Paulo", -23.55, -46.63, "BR"),
        ("Paris", 48.86, 2.35, "FR"),
        ("Tokyo", 35.68, 139.69, "JP"),
        ("Nairobi", -1.29, 36.82, "KE"),
        ("Buenos Aires", -34.6, -58.38, "AR"),
    ],
)
def test_known_cities_land_in_their_country(city, latitude, longitude, alpha2):
    x, y = project(latitude, longitude)
    left, top, right, bottom = _bbox(_country(alpha2).path)
    assert left <= x <= right, city
    assert top <= y <= bottom, city


def test_projection_corners():
    assert project(84, -180) == (0, 0)
    assert project(-66, 180) == (960, 400)


def test_shipped_geometry_is_small_and_complete():
    assert DATA.stat().st_size < 300_000
    codes = {c.alpha2 for c in countries()}
    assert {"MX", "BR", "FR", "ES", "PT", "US", "CN", "RU", "ZA", "AU"} <= codes
    assert "AQ" not in codes  # Antarctica left out


def test_country_centre_is_inside_the_country():
    centre = country_centre("mx")
    assert centre is not None
    latitude, longitude = centre
    x, y = project(latitude, longitude)
    left, top, right, bottom = _bbox(_country("MX").path)
    assert left <= x <= right
    assert top <= y <= bottom
    assert country_centre("ZZ") is None


def _city(name, latitude, longitude, country):
    return SimpleNamespace(name=name, latitude=latitude, longitude=longitude, country=country)


def test_points_use_the_place_or_else_the_country_centre():
    partners = [
        SimpleNamespace(name="Lyon", place=_city("Lyon", 45.75, 4.85, "FR"), country="FR"),
        SimpleNamespace(name="An NGO", place=None, country="KE"),
        SimpleNamespace(name="A network", place=None, country=""),
    ]
    lyon, ngo, network = points_for_partners(partners, url_for=lambda p: f"/p/{p.name}")
    assert (lyon.latitude, lyon.place, lyon.approximate) == (45.75, "Lyon", False)
    assert ngo.approximate
    assert ngo.located
    assert not network.located
    assert lyon.url == "/p/Lyon"


def test_map_draws_points_lines_and_a_table():
    origin = MapPoint.for_place("Villa Esperanza", _city("Mexico City", 19.43, -99.13, "MX"))
    points = [
        MapPoint.for_place("Lyon", _city("Lyon", 45.75, 4.85, "FR"), "FR"),
        MapPoint.for_place("Nairobi NGO", None, "KE"),
        MapPoint.for_place("UN body", None, ""),
    ]
    context = world_map(points, origin=origin, highlight_countries=["es"], slug="partners")
    tree = etree.fromstring(str(context.svg).encode())
    assert tree.get("role") == "img"
    assert tree.get("aria-labelledby") == "partners-title partners-desc"
    circles = tree.findall(".//s:circle[@class='map__point']", NS)
    assert len(circles) == 2  # the body without a country is in the table only
    assert "Lyon — Lyon, France" in [c.find("s:title", NS).text for c in circles]
    assert len(tree.findall(".//s:path[@class='map__line']", NS)) == 2
    highlighted = tree.findall(".//s:path[@class='map__country map__country--highlight']", NS)
    assert len(highlighted) == 3  # ES asked for, FR and KE hold points
    rendered = render_to_string("core/includes/world_map.html", {"map": context})
    doc = html.fromstring(rendered)
    rows = doc.xpath("//tbody/tr")
    assert len(rows) == 3
    assert {r.xpath("th[@scope='row']")[0].text_content() for r in rows} == {
        "Lyon",
        "Nairobi NGO",
        "UN body",
    }
    assert "style=" not in rendered


def test_map_without_lines_or_origin():
    points = [MapPoint.for_place("Lyon", _city("Lyon", 45.75, 4.85, "FR"), "FR")]
    tree = etree.fromstring(str(world_map(points, lines=False).svg).encode())
    assert tree.findall(".//s:path[@class='map__line']", NS) == []
    assert tree.findall(".//s:path[@class='map__origin']", NS) == []


def test_map_slug_is_checked():
    with pytest.raises(ValueError, match="slug"):
        world_map([], slug="Not OK")

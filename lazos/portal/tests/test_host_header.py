"""Absolute addresses come from LAZOS_BASE_URL, never from the Host header a client sends:
pages carrying them are cached and served to every visitor."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.django_db

BASE = "https://lazos.example.org"
FORGED = "attacker.example"


@pytest.fixture
def forged_host(settings):
    settings.LAZOS_BASE_URL = BASE
    settings.ALLOWED_HOSTS = ["testserver", FORGED]
    return FORGED


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_feeds_calendars_sitemaps_and_data_packages_ignore_the_host_header(
    client, portal_world, forged_host
):
    slug = portal_world.government.slug
    addresses = [
        "/robots.txt",
        "/sitemap.xml",
        f"/{slug}/feed.atom",
        f"/{slug}/events.ics",
        f"/{slug}/",
        f"/{slug}/actions/{portal_world.public_action.pk}/",
        f"/{slug}/open-data/datapackage.json",
    ]
    for address in addresses:
        response = client.get(address, HTTP_HOST=forged_host)
        assert response.status_code == 200, address
        body = _body(response)
        assert forged_host not in body, f"{address} repeats the Host header"
        assert "lazos.example.org" in body, f"{address} has no address of the site"


def test_calendar_uids_and_json_ld_use_the_site_address(client, portal_world, forged_host):
    slug = portal_world.government.slug
    calendar = _body(client.get(f"/{slug}/events.ics", HTTP_HOST=forged_host))
    uids = re.findall(r"^UID:(.+)$", calendar, flags=re.MULTILINE)
    assert uids
    assert all(uid.strip().endswith("@lazos.example.org") for uid in uids)
    page = _body(
        client.get(f"/{slug}/actions/{portal_world.public_action.pk}/", HTTP_HOST=forged_host)
    )
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    assert blocks
    urls = [json.loads(block).get("url", "") for block in blocks]
    assert urls
    assert all(url.startswith(BASE) for url in urls if url)

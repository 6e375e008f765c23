"""Leak test: private values never reach a public page, feed, search, sitemap or open data.

The world (``world.py``) puts a value containing "SECRET" in every private field: action
descriptions, outcomes and lessons; private actions, agreements, missions, strategies,
indicators and network memberships; agreement private fields and private documents; partner
descriptions, contacts and journal; travellers' names; budget line descriptions and funders;
commitments; department emails; local actor contacts; unapproved indicator updates;
unverified, pending and rejected contributions and contributors' emails; draft consultations.
Then every URL reachable from the government's portal (crawling its links), its feeds, the
sitemap, searches and the open-data files (the zip unpacked) are fetched and scanned.
"""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from lazos.portal.tests.world import SECRET, build_portal_world

# Values that are private without the word: an unapproved update's value, a private
# mission's cost, the signed text's private annex file name.
PRIVATE_VALUES = ("987654", "999999", "secret-annex.pdf")
LINK = re.compile(r"""(?:href|src)=["']([^"'#]+)""")


def _scan(url: str, body: bytes) -> list[str]:
    text = body.decode("utf-8", errors="replace")
    found = []
    for needle in (SECRET, *PRIVATE_VALUES):
        for candidate in (text, unescape(text)):
            if needle in candidate:
                found.append(f"{needle} in {url}")
                break
    return found


def _body(response) -> bytes:
    if not hasattr(response, "_leak_body"):
        response._leak_body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        )
    return response._leak_body


def _scan_response(url: str, response) -> list[str]:
    body = _body(response)
    found = _scan(url, body)
    if url.endswith(".zip") or response.get("Content-Type", "").startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            for name in archive.namelist():
                found += _scan(f"{url}!{name}", archive.read(name))
    return found


def _crawl(client: Client, start: list[str], prefix: str) -> tuple[dict[str, int], list[str]]:
    seen: dict[str, int] = {}
    leaks: list[str] = []
    queue = list(start)
    while queue and len(seen) < 400:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200:
            continue
        leaks += _scan_response(url, response)
        content_type = response.get("Content-Type", "")
        if "html" not in content_type and "xml" not in content_type:
            continue
        body = _body(response).decode("utf-8", errors="replace")
        links = LINK.findall(body) + re.findall(r"<loc>([^<]+)</loc>", body)
        for link in links:
            parts = urlsplit(urljoin(url, unescape(link)))
            if parts.netloc not in ("", "testserver"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith(prefix) and path not in seen:
                queue.append(path)
    return seen, leaks


@pytest.mark.django_db
def test_no_private_value_reaches_any_public_url(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_portal_world()
    (tmp_path / "attachments" / "x").mkdir(parents=True)
    (tmp_path / "attachments" / "x" / "signed.pdf").write_bytes(b"%PDF-1.4 public text")
    (tmp_path / "attachments" / "x" / "secret.pdf").write_bytes(b"%PDF-1.4 SECRET annex")
    other = build_portal_world("other-city")  # another tenant's public items stay on its site
    slug = world.government.slug
    base = f"/{slug}/"
    start = [
        base,
        f"{base}actions/",
        f"{base}actions/?year=2024",
        f"{base}agreements/",
        f"{base}missions/",
        f"{base}networks/",
        f"{base}consultations/",
        f"{base}events.ics",
        f"{base}feed.atom",
        f"{base}open-data/",
        f"{base}open-data/datapackage.zip",
        f"{base}open-data/datapackage.json",
        f"{base}open-data/iati-activities.xml",
    ]
    seen, leaks = _crawl(client, start, base)
    for query in ("secret", "rosario", "mobilidade", "private action", "Buenos", "journal"):
        url = f"/?q={query}"
        response = client.get(url)
        assert response.status_code == 200
        leaks += _scan_response(url, response)
    # Searching for the sentinel itself finds nothing (the page only repeats the query).
    response = client.get("/?q=SECRET")
    assert "Nothing public matches this search." in response.content.decode()
    for url in ("/", "/sitemap.xml", "/robots.txt"):
        response = client.get(url)
        assert response.status_code == 200
        leaks += _scan_response(url, response)
    assert not leaks, "private values on public pages:\n" + "\n".join(sorted(set(leaks)))
    # The crawl reached the pages it must have reached (so the test scans something).
    expected = [
        f"{base}actions/{world.public_action.pk}/",
        f"{base}actions/{world.mission_action.pk}/",
        f"{base}agreements/{world.public_agreement.pk}/",
        f"{base}consultations/{world.open_consultation.pk}/",
        f"{base}consultations/{world.closed_consultation.pk}/",
    ]
    for url in expected:
        assert seen.get(url) == 200, f"{url} not reached ({seen.get(url)})"
    open_data = [u for u in start if "/open-data/" in u]
    missing = [u for u in open_data if seen.get(u) != 200]
    assert not missing, f"open-data URLs did not answer 200: {missing}"
    # Private rows are not found by id either, nor another government's under this slug.
    for pk in (world.private_action.pk, other.public_action.pk):
        assert client.get(f"{base}actions/{pk}/").status_code == 404
    for pk in (world.private_agreement.pk, other.public_agreement.pk):
        assert client.get(f"{base}agreements/{pk}/").status_code == 404


@pytest.mark.django_db
def test_only_public_documents_can_be_downloaded(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_portal_world()
    folder = tmp_path / "attachments" / "x"
    folder.mkdir(parents=True)
    (folder / "signed.pdf").write_bytes(b"%PDF-1.4 public text")
    (folder / "secret.pdf").write_bytes(b"%PDF-1.4 SECRET annex")
    from lazos.core.models import Attachment

    documents = {
        a.is_public: a for a in Attachment.objects.filter(object_id=world.public_agreement.pk)
    }
    base = f"/{world.government.slug}/agreements/{world.public_agreement.pk}/documents/"
    response = client.get(f"{base}{documents[True].pk}/")
    assert response.status_code == 200
    assert b"public text" in _body(response)
    assert client.get(f"{base}{documents[False].pk}/").status_code == 404

"""Benchmark: the public portal and its open data, cold and cached, on the demo.

    .venv/bin/python bench/portal_pages.py            # SQLite
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/lazos_bench .venv/bin/python bench/portal_pages.py

Loads the demo into a throw-away database, then requests the public pages as an anonymous
visitor: "cold" empties the cache before every request (the worst case: the first visitor
after a change), "cached" is what a spike of visitors gets. The cached pages must answer
without any database query. Exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Measure, measure, report, setup_django, timed

# 95th percentile targets in milliseconds on the CI machine kind (2 cores).
COLD_TARGET_MS = 300
FILE_TARGET_MS = 1500  # whole open-data files, built from the database
CACHED_TARGET_MS = 10


class ColdClient:
    """A test client that empties the cache before each request."""

    def __init__(self) -> None:
        from django.test import Client

        self.client = Client()

    def get(self, url: str):
        from django.core.cache import cache

        cache.clear()
        return self.client.get(url)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="requests per page")
    args = parser.parse_args()

    setup_django()
    from django.core.cache import cache
    from django.test import Client

    from lazos.actions.models import Action
    from lazos.demo.builders import load_demo
    from lazos.governments.models import Government

    timed("demo", load_demo)
    government = Government.objects.get(slug="rio-claro-do-sul")
    slug = government.slug
    action = Action.objects.for_tenant(government).public().order_by("pk").first()
    assert action is not None
    pages = [
        ("instance home", "/"),
        ("government site", f"/{slug}/"),
        ("public actions", f"/{slug}/actions/"),
        ("one public action", f"/{slug}/actions/{action.pk}/"),
        ("agreements in force", f"/{slug}/agreements/"),
        ("missions (travel)", f"/{slug}/missions/"),
        ("instance search", "/?q=agua"),
    ]
    files = [
        ("iati-activities.xml", f"/{slug}/open-data/iati-activities.xml"),
        ("datapackage.zip", f"/{slug}/open-data/datapackage.zip"),
        ("events.ics", f"/{slug}/events.ics"),
        ("feed.atom", f"/{slug}/feed.atom"),
    ]
    cold = ColdClient()
    measures: list[Measure] = [
        measure(cold, f"cold: {name}", url, runs=args.runs, target_ms=COLD_TARGET_MS)
        for name, url in pages
    ]
    measures += [
        measure(cold, f"cold: {name}", url, runs=max(3, args.runs // 4), target_ms=FILE_TARGET_MS)
        for name, url in files
    ]
    cache.clear()
    warm = Client()
    cached = [
        measure(warm, f"cached: {name}", url, runs=args.runs * 5, target_ms=CACHED_TARGET_MS)
        for name, url in pages
        if "?" not in url
    ]
    ok = report("Public portal", measures + cached, {"government": slug, "runs": args.runs})
    spiky = [m for m in cached if m.queries]
    for m in spiky:
        print(f"{m.name}: {m.queries} queries on a cached page (expected 0)")
    return 0 if ok and not spiky else 1


if __name__ == "__main__":
    raise SystemExit(main())

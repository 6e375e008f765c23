"""Shared set-up of the benchmarks: a throw-away database, bulk data and a timing loop.

A benchmark runs against its own database (SQLite file under a temporary directory by
default, or the PostgreSQL database named by ``BENCH_DATABASE_URL``), never against
``var/lazos.sqlite3``. It fills it with bulk rows, then requests pages in-process through
Django's test client and reports the median and 95th percentile time and the number of SQL
queries of each page. Figures depend on the machine: compare runs on the same machine.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django() -> Path:
    """Point Django at a fresh database, set it up and migrate it. Returns the work dir."""
    work = Path(tempfile.mkdtemp(prefix="lazos-bench-"))
    os.environ["LAZOS_VAR_DIR"] = str(work)
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lazos.settings")
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # allows the test client's "testserver" host
    if "BENCH_DATABASE_URL" in os.environ:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    return work


@dataclass
class Measure:
    name: str
    url: str
    median_ms: float
    p95_ms: float
    queries: int
    target_ms: float | None

    @property
    def ok(self) -> bool:
        return self.target_ms is None or self.p95_ms <= self.target_ms


def measure(client, name: str, url: str, *, runs: int, target_ms: float | None) -> Measure:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up (and a check that the page works)
    if response.status_code != 200:
        raise SystemExit(f"{name}: GET {url} answered {response.status_code}")
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return Measure(name, url, statistics.median(timings), p95, len(queries), target_ms)


def report(title: str, measures: Iterable[Measure], facts: dict[str, object]) -> bool:
    from django.db import connection

    measures = list(measures)
    print(f"\n{title}")
    print(f"database: {connection.vendor}; " + "; ".join(f"{k}: {v}" for k, v in facts.items()))
    print(f"{'page':38} {'median ms':>10} {'p95 ms':>9} {'target':>8} {'queries':>8}")
    for m in measures:
        target = f"{m.target_ms:.0f}" if m.target_ms is not None else "—"
        flag = "" if m.ok else "  OVER TARGET"
        print(f"{m.name:38} {m.median_ms:10.1f} {m.p95_ms:9.1f} {target:>8} {m.queries:8d}{flag}")
    return all(m.ok for m in measures)


def timed(label: str, function: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = function()
    print(f"{label}: {time.perf_counter() - start:.1f} s", flush=True)
    return result

"""The pure part of the HTTP harness (bench/harness.py): percentiles, ratios to the floor,
targets and the markdown table. No Django, no network: tested in tests/bench.

Every page of the harness belongs to a group, and each group has one target relative to the
floor (``/healthz``, measured in the same run at the same concurrency):

* ``p95_x_floor``: the page's p95 at most ``limit`` times the floor's p95;
* ``rps_x_floor``: the page's throughput at least ``limit`` times the floor's throughput;
* ``x_bare_lxml``: a speed at least ``limit`` times bare lxml's (the IATI export);
* ``None``: reported, no target (the floor itself, open-data files).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Target:
    kind: str  # "p95_x_floor", "rps_x_floor", "x_bare_lxml"
    limit: float

    def describe(self) -> str:
        if self.kind == "p95_x_floor":
            return f"p95 ≤ {self.limit:g}× floor"
        if self.kind == "rps_x_floor":
            return f"rps ≥ {self.limit:g}× floor"
        return f"≥ {self.limit:g}× bare lxml"


# Targets of issue #15, per group of pages.
TARGETS: dict[str, Target | None] = {
    "floor": None,
    "staff_list": Target("p95_x_floor", 5),
    "staff_detail": Target("p95_x_floor", 5),
    "api_list": Target("p95_x_floor", 5),
    "api_detail": Target("p95_x_floor", 5),
    "dashboard": Target("p95_x_floor", 8),
    "search": Target("p95_x_floor", 8),
    "portal_uncached": Target("p95_x_floor", 5),
    "portal_cached": Target("rps_x_floor", 0.8),
    "peer": Target("p95_x_floor", 10),
    "open_data": None,
    "iati_export": Target("x_bare_lxml", 0.5),
}

GROUP_TITLES = {
    "floor": "floor",
    "staff_list": "staff lists",
    "staff_detail": "staff pages",
    "api_list": "API lists",
    "api_detail": "API details",
    "dashboard": "dashboards",
    "search": "search",
    "portal_uncached": "public portal, uncached",
    "portal_cached": "public portal, cached",
    "peer": "peer pages",
    "open_data": "open data",
    "iati_export": "IATI export",
}


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0 ≤ q ≤ 1) of ``values``, linearly interpolated between the two
    nearest ranks (numpy's default, "linear")."""
    if not values:
        raise ValueError("no values")
    if not 0 <= q <= 1:
        raise ValueError(f"q must be within [0, 1], not {q}")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    below = math.floor(position)
    above = math.ceil(position)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def summarize(latencies_ms: Sequence[float], wall_s: float, errors: int = 0) -> dict[str, Any]:
    """p50/p95/p99 of the answered requests' latencies and the throughput over the wall time
    of the closed loop (all requests, errors included, divided by the time from the first
    request sent to the last answer)."""
    count = len(latencies_ms)
    summary: dict[str, Any] = {
        "requests": count,
        "errors": errors,
        "wall_s": round(wall_s, 3),
        "rps": round(count / wall_s, 2) if wall_s > 0 else None,
    }
    if count:
        summary |= {
            "p50_ms": round(percentile(latencies_ms, 0.50), 2),
            "p95_ms": round(percentile(latencies_ms, 0.95), 2),
            "p99_ms": round(percentile(latencies_ms, 0.99), 2),
            "max_ms": round(max(latencies_ms), 2),
        }
    else:
        summary |= {"p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    return summary


def ratio(value: float | None, reference: float | None) -> float | None:
    """``value / reference``, or None when either is missing or the reference is zero."""
    if value is None or reference is None or reference == 0:
        return None
    return value / reference


def judge(
    group: str, row: dict[str, Any], floor: dict[str, Any] | None
) -> tuple[float | None, bool | None]:
    """The ratio that the group's target is about, and whether it is met (None: no target,
    or nothing to compare). ``row`` and ``floor`` are :func:`summarize` results at the same
    concurrency; an IATI row carries its own ``x_bare_lxml``."""
    target = TARGETS.get(group)
    floor = floor or {}
    if target is None:
        return ratio(row.get("p95_ms"), floor.get("p95_ms")), None
    if target.kind == "p95_x_floor":
        value = ratio(row.get("p95_ms"), floor.get("p95_ms"))
        return value, (None if value is None else value <= target.limit)
    if target.kind == "rps_x_floor":
        value = ratio(row.get("rps"), floor.get("rps"))
        return value, (None if value is None else value >= target.limit)
    value = row.get("x_bare_lxml")
    return value, (None if value is None else value >= target.limit)


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f}"


def _x(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def _verdict(ok: bool | None) -> str:
    return {True: "ok", False: "**missed**", None: "—"}[ok]


def render_table(rows: Iterable[dict[str, Any]], floors: dict[int, dict[str, Any]]) -> str:
    """The markdown table: one line per page and concurrency, each figure beside its target
    and its ratio to the floor's p95 at the same concurrency.

    ``rows``: dicts with group, name, concurrency and the :func:`summarize` figures (plus
    ``statuses``); ``floors``: the floor's summary per concurrency."""
    lines = [
        "| group | page | c | requests | p50 ms | p95 ms | p99 ms | req/s "
        "| p95 ÷ floor p95 | target | measured against target | verdict |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|",
    ]
    for row in rows:
        c = int(row["concurrency"])
        floor = floors.get(c)
        group = row["group"]
        target = TARGETS.get(group)
        against, ok = judge(group, row, floor)
        floor_ratio = ratio(row.get("p95_ms"), (floor or {}).get("p95_ms"))
        errors = f" ({row['errors']} errors)" if row.get("errors") else ""
        lines.append(
            f"| {GROUP_TITLES.get(group, group)} | {row['name']} | {c} "
            f"| {row['requests']}{errors} | {_ms(row.get('p50_ms'))} | {_ms(row.get('p95_ms'))} "
            f"| {_ms(row.get('p99_ms'))} | {_ms(row.get('rps'))} | {_x(floor_ratio)} "
            f"| {target.describe() if target else '—'} "
            f"| {_x(against) if target else '—'} | {_verdict(ok)} |"
        )
    return "\n".join(lines) + "\n"


def tally(rows: Iterable[dict[str, Any]], floors: dict[int, dict[str, Any]]) -> dict[str, int]:
    """How many rows met their target, missed it, or had none."""
    counts = {"met": 0, "missed": 0, "no_target": 0}
    for row in rows:
        _, ok = judge(row["group"], row, floors.get(int(row["concurrency"])))
        counts["met" if ok else "missed" if ok is False else "no_target"] += 1
    return counts

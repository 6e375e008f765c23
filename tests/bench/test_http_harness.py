"""The pure functions of the HTTP harness (bench/harness.py, bench/http_stats.py): no server,
no database."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import harness  # noqa: E402
import http_stats  # noqa: E402


def test_percentile_interpolates_between_ranks() -> None:
    values = [10.0, 20.0, 30.0, 40.0, 50.0]
    assert http_stats.percentile(values, 0.0) == 10.0
    assert http_stats.percentile(values, 0.5) == 30.0
    assert http_stats.percentile(values, 1.0) == 50.0
    assert http_stats.percentile(values, 0.95) == pytest.approx(48.0)  # 40 + 0.8 * 10
    assert http_stats.percentile([5.0, 1.0, 3.0], 0.5) == 3.0  # unsorted input
    assert http_stats.percentile([7.0], 0.99) == 7.0


def test_percentile_of_1_to_100_matches_numpy_linear() -> None:
    values = [float(v) for v in range(1, 101)]
    assert http_stats.percentile(values, 0.95) == pytest.approx(95.05)
    assert http_stats.percentile(values, 0.99) == pytest.approx(99.01)


def test_percentile_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="no values"):
        http_stats.percentile([], 0.5)
    with pytest.raises(ValueError, match="within"):
        http_stats.percentile([1.0], 1.5)


def test_summarize_counts_throughput_over_the_wall_time() -> None:
    summary = http_stats.summarize([10.0, 20.0, 30.0, 40.0], wall_s=2.0, errors=1)
    assert summary["requests"] == 4
    assert summary["errors"] == 1
    assert summary["rps"] == 2.0
    assert summary["p50_ms"] == 25.0
    assert summary["max_ms"] == 40.0
    empty = http_stats.summarize([], wall_s=1.0, errors=3)
    assert empty["p95_ms"] is None
    assert empty["rps"] == 0.0


def test_ratio() -> None:
    assert http_stats.ratio(30.0, 10.0) == 3.0
    assert http_stats.ratio(None, 10.0) is None
    assert http_stats.ratio(3.0, 0.0) is None
    assert http_stats.ratio(3.0, None) is None


FLOOR = {"p95_ms": 10.0, "rps": 100.0}


@pytest.mark.parametrize(
    ("group", "row", "expected"),
    [
        ("staff_list", {"p95_ms": 50.0}, (5.0, True)),  # exactly at the limit
        ("staff_list", {"p95_ms": 50.1}, (5.01, False)),
        ("dashboard", {"p95_ms": 79.0}, (7.9, True)),
        ("dashboard", {"p95_ms": 81.0}, (8.1, False)),
        ("peer", {"p95_ms": 99.0}, (9.9, True)),
        ("portal_cached", {"p95_ms": 1.0, "rps": 80.0}, (0.8, True)),
        ("portal_cached", {"p95_ms": 1.0, "rps": 79.0}, (0.79, False)),
        ("iati_export", {"p95_ms": 1.0, "x_bare_lxml": 0.5}, (0.5, True)),
        ("iati_export", {"p95_ms": 1.0, "x_bare_lxml": 0.2}, (0.2, False)),
        ("iati_export", {"p95_ms": 1.0}, (None, None)),
        ("open_data", {"p95_ms": 30.0}, (3.0, None)),  # reported, no target
        ("floor", {"p95_ms": 10.0}, (1.0, None)),
    ],
)
def test_judge_applies_each_groups_target(
    group: str, row: dict[str, float], expected: tuple[float | None, bool | None]
) -> None:
    value, ok = http_stats.judge(group, row, FLOOR)
    if expected[0] is None:
        assert value is None
    else:
        assert value == pytest.approx(expected[0])
    assert ok is expected[1]


def test_judge_without_a_floor_decides_nothing() -> None:
    assert http_stats.judge("staff_list", {"p95_ms": 50.0}, None) == (None, None)


def test_render_table_puts_each_figure_beside_its_target_and_floor_ratio() -> None:
    rows = [
        {
            "group": "floor",
            "name": "/healthz",
            "concurrency": 8,
            "requests": 24,
            "errors": 0,
            "p50_ms": 4.0,
            "p95_ms": 10.0,
            "p99_ms": 12.0,
            "rps": 100.0,
        },
        {
            "group": "staff_list",
            "name": "actions",
            "concurrency": 8,
            "requests": 24,
            "errors": 2,
            "p50_ms": 30.0,
            "p95_ms": 60.0,
            "p99_ms": 70.0,
            "rps": 20.0,
        },
        {
            "group": "portal_cached",
            "name": "home",
            "concurrency": 8,
            "requests": 24,
            "errors": 0,
            "p50_ms": 3.0,
            "p95_ms": 9.0,
            "p99_ms": 9.5,
            "rps": 90.0,
        },
    ]
    table = http_stats.render_table(rows, {8: rows[0]})
    lines = table.strip().splitlines()
    assert len(lines) == 2 + 3
    assert lines[0].startswith("| group | page | c |")
    assert lines[2] == (
        "| floor | /healthz | 8 | 24 | 4.0 | 10.0 | 12.0 | 100.0 | 1.00× | — | — | — |"
    )
    assert lines[3] == (
        "| staff lists | actions | 8 | 24 (2 errors) | 30.0 | 60.0 | 70.0 | 20.0 | 6.00× "
        "| p95 ≤ 5× floor | 6.00× | **missed** |"
    )
    assert lines[4] == (
        "| public portal, cached | home | 8 | 24 | 3.0 | 9.0 | 9.5 | 90.0 | 0.90× "
        "| rps ≥ 0.8× floor | 0.90× | ok |"
    )
    assert http_stats.tally(rows, {8: rows[0]}) == {"met": 1, "missed": 1, "no_target": 1}


def test_plan_fills_ids_in_turn_and_makes_uncached_paths_unique() -> None:
    plan = harness.Plan(
        base="http://x",
        origin="https://x",
        username="u",
        tokens=["t"],
        ids={"action": [7, 8]},
        values={"slug": "villa", "word": "agua"},
    )
    detail = harness.Endpoint("staff_detail", "an action", "/actions/{action}/")
    assert [plan.path(detail, i) for i in range(3)] == ["/actions/7/", "/actions/8/", "/actions/7/"]
    search = harness.Endpoint("search", "s", "/?q={word}", "anon", unique=True)
    first, second = plan.path(search, 0), plan.path(search, 0)
    assert first.startswith("/?q=agua&bench=0-")
    assert first != second
    home = harness.Endpoint("portal_uncached", "home", "/{slug}/", "anon", unique=True)
    assert plan.path(home, 5).startswith("/villa/?bench=5-")
    cached = harness.Endpoint("portal_cached", "an action", "/{slug}/actions/{action}/", same=True)
    assert {plan.path(cached, i) for i in range(4)} == {"/villa/actions/7/"}


def test_every_endpoint_group_has_a_declared_target() -> None:
    for endpoint in [*harness.ENDPOINTS, harness.FLOOR]:
        assert endpoint.group in http_stats.TARGETS
        assert endpoint.auth in {"session", "token", "anon"}

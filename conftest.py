"""Test set-up shared by the whole suite.

Tests that need PostgreSQL, a browser or ../shared/data are marked and skip with the reason
on a machine without them, so ``make test`` passes anywhere. Under CI (CI=true) nothing may
skip: a skipped test is reported as a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from lazos.core.testing import TenantWorld

REPO = Path(__file__).resolve().parent
SHARED_DATA = Path(os.environ.get("LAZOS_SHARED_DATA", REPO.parent / "shared" / "data"))
CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def chromium_path() -> str | None:
    candidate = os.environ.get("LAZOS_CHROMIUM") or shutil.which("chromium")
    return candidate if candidate and Path(candidate).exists() else None


@pytest.fixture(autouse=True)
def _needs(request: pytest.FixtureRequest) -> None:
    node = request.node
    if node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://user@host/db (CI does)")
    if node.get_closest_marker("browser"):
        try:
            import playwright  # noqa: F401
        except ImportError:
            pytest.skip("needs the playwright package (make test installs it)")
        if chromium_path() is None:
            pytest.skip("needs Chromium: apt-get install chromium (or set LAZOS_CHROMIUM)")
    if node.get_closest_marker("shared_data") and not SHARED_DATA.is_dir():
        pytest.skip(f"needs the reference files in {SHARED_DATA}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"Skipped under CI, where every test must run: {reason}"


@pytest.fixture
def shared_data() -> Path:
    return SHARED_DATA


@pytest.fixture
def world(db: None) -> TenantWorld:
    from lazos.core.testing import build_world

    return build_world()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: cached portal pages, throttles and badge counts
    of one test must not answer in another (test data is often written without audit events,
    which are what invalidate the portal cache)."""
    from django.core.cache import cache

    cache.clear()

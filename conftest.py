"""Test set-up shared by the whole suite.

Tests that need PostgreSQL, a browser or ../shared/data are marked and skip with the reason
on a machine without them, so ``make test`` passes anywhere. Under CI (CI=true) nothing may
skip: a skipped test is reported as a failure.

What is expensive is built once per test process (``make test`` runs one per core with
pytest-xdist), never per test:

- the test database is copied from a template migrated once per machine
  (``lazos.core.testing.databases``);
- the demo is loaded once, by the first test asking for ``loaded_demo``, and shared by the
  demo tests, which run one after the other (``lazos.demo.testing``);
- one Chromium is launched for the browser tests that run together (tests/browser/conftest.py).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from lazos.core.testing import TenantWorld
    from lazos.demo.testing import SharedDemo

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
    if node.get_closest_marker("sqlite"):
        from django.db import connection

        if connection.vendor != "sqlite":
            pytest.skip("about SQLite: runs without DATABASE_URL (CI runs it in the SQLite pass)")
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


# Argon2 (the production hasher) spends a fifth of a second and 100 MiB on every password set
# or checked; tests set and check hundreds. They hash with MD5 instead, Argon2 staying in the
# list so an Argon2 hash still verifies; core/tests/test_security.py checks the production
# setting itself.
TEST_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=TEST_PASSWORD_HASHERS):
        yield


@pytest.fixture(autouse=True, scope="session")
def _inline_jobs() -> Iterator[None]:
    """Tests run background jobs inline (the immediate backend) and keep job progress in this
    process's memory; ``make run`` and production queue them for a worker (settings.py). A
    test that needs the queue says so (``settings.TASKS``); tests/jobs starts a real worker."""
    from django.conf import settings
    from django.test.utils import override_settings

    caches = {
        **settings.CACHES,
        "progress": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "lazos-progress",
        },
    }
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        CACHES=caches,
    ):
        yield


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the default language: a request in another language (the test
    client runs the locale middleware in this thread) must not change the next test's texts."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: cached portal pages, throttles and badge counts
    of one test must not answer in another (test data is often written without audit events,
    which are what invalidate the portal cache)."""
    from django.core.cache import cache, caches

    cache.clear()
    caches["progress"].clear()


# --- The test database: migrated once, copied for every process -------------------------------


# pytest-django's database blocker, for the hooks below that touch the database between tests.
_DB_BLOCKER = pytest.StashKey[Any]()


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest,
    django_test_environment: None,
    django_db_blocker: Any,
    django_db_modify_db_settings: None,
) -> Iterator[None]:
    """Replaces pytest-django's: copy a template instead of migrating in every process."""
    from lazos.core.testing.databases import setup_test_database, teardown_test_database

    request.config.stash[_DB_BLOCKER] = django_db_blocker
    with django_db_blocker.unblock():
        setup_test_database()
    yield
    with django_db_blocker.unblock():
        teardown_test_database()


# --- The demo: loaded once per process, shared by the tests that ask for it -------------------

DEMO_FIXTURE = "loaded_demo"
_shared_demo: SharedDemo | None = None


@pytest.fixture(scope="session")
def _demo_loader(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SharedDemo]:
    global _shared_demo
    from lazos.demo.testing import SharedDemo

    _shared_demo = SharedDemo(django_db_blocker, tmp_path_factory.mktemp("demo-media"))
    _shared_demo.ensure()
    yield _shared_demo
    _shared_demo.discard()
    _shared_demo = None


@pytest.fixture
def loaded_demo(_demo_loader: SharedDemo, db: None) -> dict[str, Any]:
    """The demo as ``lazos demo`` loads it (plus the GeoNames places of a few countries), with
    its governments by slug. What a test changes is rolled back after it."""
    from lazos.governments.models import Government

    return {g.slug: g for g in Government.objects.filter(is_demo=True).order_by("slug")}


def _uses(item: pytest.Item | None, fixture: str) -> bool:
    return item is not None and fixture in getattr(item, "fixturenames", ())


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Demo tests first and together, browser tests together at the end, so the demo and
    Chromium are each set up once per process. pytest-xdist's ``worksteal`` distribution
    (``make test``) hands each worker one run of consecutive tests, so the demo tests land on
    the first worker; a worker that runs out takes the second half of another's remaining
    tests, which near the end are browser tests: each worker then starts one Chromium."""
    demo = [item for item in items if _uses(item, DEMO_FIXTURE)]
    browser = [item for item in items if item.get_closest_marker("browser")]
    chosen = {id(item) for item in demo + browser}
    rest = [item for item in items if id(item) not in chosen]
    items[:] = demo + rest + browser


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if _shared_demo is not None and _uses(item, DEMO_FIXTURE):
        _shared_demo.ensure()  # a demo test after others: load it again before its transaction


def _transactional(item: pytest.Item | None) -> bool:
    """Whether pytest-django runs ``item`` outside a transaction (and flushes after it)."""
    if item is None:
        return False
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    if _transactional(item) and nextitem is not None and not _transactional(nextitem):
        # The flush after a transactional test also emptied the reference data that the
        # migrations load; a worker that takes over another's tests (worksteal) may run
        # ordinary tests after it, which expect them.
        from lazos.demo.testing import restore_reference_data

        blocker = item.session.config.stash.get(_DB_BLOCKER, None)
        if blocker is not None:
            with blocker.unblock():
                restore_reference_data()
    if _shared_demo is not None and not _uses(nextitem, DEMO_FIXTURE):
        _shared_demo.discard()  # no other test may see the demo
    browser = sys.modules.get("tests.browser.conftest")
    if browser is not None and not _uses(nextitem, "browser_page"):
        browser.CHROMIUM.stop()

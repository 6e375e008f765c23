"""Test databases built once from a migrated template, then copied for each test process.

Running the migrations is the slowest part of starting a test process (about 40 s on a
2-core machine), and with pytest-xdist every worker used to run them again. Here the first
process to arrive migrates a *template* and every process, including later runs on the same
machine, copies it:

- PostgreSQL: ``CREATE DATABASE <worker db> TEMPLATE <template>``;
- SQLite: the template is a file; each process copies it into its in-memory test database
  with SQLite's online backup.

The template's name carries a fingerprint of everything the migrations run (the migration
files, the code and the data files they load), so a change to any of them builds a new one;
stale PostgreSQL templates are dropped. Processes take turns through a file lock while the
template is built.
"""

from __future__ import annotations

import fcntl
import hashlib
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import DatabaseError, connections

PACKAGE = Path(__file__).resolve().parents[2]
TEMPLATE_PREFIX = "lazos_tpl_"


def fingerprint() -> str:
    """A hash of what building the schema depends on: Django's version and every source and
    data file of the package outside tests (migrations import loaders and read data files)."""
    digest = hashlib.sha256(django.get_version().encode())
    for path in sorted(PACKAGE.rglob("*")):
        if not path.is_file() or "tests" in path.parts or "__pycache__" in path.parts:
            continue
        if path.suffix in {".py", ".json", ".csv", ".tsv", ".txt", ".yaml", ".yml", ".xml"}:
            digest.update(str(path.relative_to(PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@contextmanager
def _exclusive(name: str) -> Iterator[None]:
    """Across processes of this machine: one at a time."""
    lock_path = Path(tempfile.gettempdir()) / f"{name}.lock"
    with lock_path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _migrate_into(connection: Any, test_name: str) -> None:
    """Create the database ``test_name`` and run every migration in it (Django's own
    ``create_test_db``, pointed at the template's name)."""
    connection.settings_dict.setdefault("TEST", {})
    saved = connection.settings_dict["TEST"].get("NAME")
    connection.settings_dict["TEST"]["NAME"] = test_name
    try:
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=False
        )
    finally:
        connection.settings_dict["TEST"]["NAME"] = saved
    connection.close()


def _point_at(connection: Any, alias: str, name: str) -> None:
    connection.close()
    connection.settings_dict["NAME"] = name
    settings.DATABASES[alias]["NAME"] = name


def _ensure_postgresql_template(connection: Any, alias: str, template: str) -> None:
    """Migrate ``template`` unless it exists (the caller holds the lock)."""
    original_name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
        exists = cursor.fetchone() is not None
    if not exists:
        _migrate_into(connection, template)
        _point_at(connection, alias, original_name)
        _drop_stale_templates(connection, keep=template)


def _setup_postgresql(connection: Any, alias: str) -> str:
    worker_name = connection.creation._get_test_db_name()
    template = f"{TEMPLATE_PREFIX}{fingerprint()}"
    with _exclusive(f"lazos-test-{template}"):
        # Twice at most: another run on this machine, of other code, may drop this template as
        # stale between its building and its copy (then it is built again).
        for attempt in (1, 2):
            _ensure_postgresql_template(connection, alias, template)
            try:
                with connection._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{worker_name}"')
                    cursor.execute(f'CREATE DATABASE "{worker_name}" TEMPLATE "{template}"')
                break
            except DatabaseError:
                if attempt == 2:
                    raise
        with connection._nodb_cursor() as cursor:
            # A test database is thrown away: a commit need not wait for the disk (live-server
            # and transactional tests commit at every save). Durability of real databases is
            # untouched: the setting belongs to this database only.
            cursor.execute(f'ALTER DATABASE "{worker_name}" SET synchronous_commit TO off')
    _point_at(connection, alias, worker_name)
    connection.ensure_connection()
    return str(worker_name)


def _drop_stale_templates(connection: Any, keep: str) -> None:
    """Templates of other fingerprints; one still in use by another run on this machine stays
    (PostgreSQL refuses to drop it) and goes next time."""
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
            [f"{TEMPLATE_PREFIX}%", keep],
        )
        stale = [name for (name,) in cursor.fetchall()]
    for name in stale:
        try:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        except DatabaseError:
            continue


def _sqlite_template() -> Path:
    return Path(tempfile.gettempdir()) / f"{TEMPLATE_PREFIX}{fingerprint()}.sqlite3"


def _ensure_sqlite_template(connection: Any, template: Path) -> None:
    with _exclusive(f"lazos-test-{template.stem}"):
        if not template.exists():
            building = template.with_suffix(".building")
            building.unlink(missing_ok=True)
            _migrate_into(connection, str(building))
            building.rename(template)
            for stale in template.parent.glob(f"{TEMPLATE_PREFIX}*.sqlite3"):
                if stale != template:
                    stale.unlink(missing_ok=True)


def _setup_sqlite(connection: Any, alias: str) -> str:
    template = _sqlite_template()
    _ensure_sqlite_template(connection, template)
    worker_name = connection.creation._get_test_db_name()  # an in-memory, shared-cache name
    _point_at(connection, alias, worker_name)
    connection.ensure_connection()
    source = sqlite3.connect(template)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    return str(worker_name)


def setup_test_database(alias: str = "default") -> str:
    """Give this process its own migrated test database; returns its name."""
    connection: Any = connections[alias]
    vendor = connection.vendor
    if vendor == "postgresql":
        return _setup_postgresql(connection, alias)
    if vendor == "sqlite" and connection.creation.is_in_memory_db(
        connection.creation._get_test_db_name()
    ):
        return _setup_sqlite(connection, alias)
    raise NotImplementedError(f"no template set-up for {vendor}")


def build_template(alias: str = "default") -> str:
    """Build the template of this database engine unless it exists, without a test database
    for this process; returns its name. ``make test-databases`` calls it, so that CI migrates
    while it lints, instead of while one test process waits for the other."""
    connection: Any = connections[alias]
    if connection.vendor == "postgresql":
        template = f"{TEMPLATE_PREFIX}{fingerprint()}"
        with _exclusive(f"lazos-test-{template}"):
            _ensure_postgresql_template(connection, alias, template)
        return template
    if connection.vendor == "sqlite":
        path = _sqlite_template()
        _ensure_sqlite_template(connection, path)
        return str(path)
    raise NotImplementedError(f"no template set-up for {connection.vendor}")


def teardown_test_database(alias: str = "default") -> None:
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return  # an in-memory database goes with the process
    name = connection.settings_dict["NAME"]
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

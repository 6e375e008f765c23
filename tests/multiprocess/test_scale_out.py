"""Two app servers and a job worker side by side, as production runs them (#15): nothing an app
process needs lives in its own memory.

Two gunicorn servers (A and B) and one ``lazos db_worker`` run against one PostgreSQL database
and one Redis, with production's shared stores: the Redis cache (``CACHE_URL``, cached-db
sessions), the database job queue, files in one storage folder, connections kept 60 s and the
web statement timeout. (Production's HTTPS settings are the deploy test's, tests/deploy.) Then:

- a session signed in on A is valid on B;
- a public page cached by B is served as it is by A (one cache), and an audited edit through
  A's API renews it on B; an edit behind the audit's back (plain SQL) does not;
- the API's rate limit per token counts the requests to A and to B together;
- a report requested on A is produced by the worker and read from B.

The database is a copy of the suite's migrated template, made for this test and dropped after
it (``lazos_scaleout_<pid>_<random>``); the cache keys carry a prefix of this run's own
(``CACHE_KEY_PREFIX``) and are deleted after it; the ports are free ones the system gives. So
runs in parallel (pytest-xdist, or two checkouts) do not meet. Needs PostgreSQL (the marker)
and Redis at ``LAZOS_TEST_REDIS_URL`` (default redis://127.0.0.1:6379/15): without Redis it
skips saying so, and under CI a skip is a failure.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
import redis
import requests
from django.conf import settings
from django.db import connections

from lazos.core.testing.databases import TEMPLATE_PREFIX, fingerprint
from lazos.core.testing.processes import REPO, last_json, run_python

pytestmark = pytest.mark.postgres

REDIS_URL = os.environ.get("LAZOS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
RATE_PER_TOKEN = 6  # requests a minute, per token, in this test's servers
START_TIMEOUT = 60
JOB_TIMEOUT = 60
PASSWORD = secrets.token_urlsafe(16)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def admin_connection() -> psycopg.Connection[Any]:
    """To the server's maintenance database, as the suite's own connection settings say."""
    db = settings.DATABASES["default"]
    return psycopg.connect(
        dbname="postgres",
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        autocommit=True,
    )


def database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    credentials = quote(db.get("USER") or "")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    where = db.get("HOST") or "127.0.0.1"
    if db.get("PORT"):
        where += f":{db['PORT']}"
    return f"postgres://{credentials}@{where}/{name}"


def copy_database(name: str) -> None:
    """Create ``name`` as a copy of the suite's migrated template or, when the template's name
    no longer matches the sources (a file changed since this run began), of this process's own
    test database, its connections closed first: PostgreSQL copies only a database no one is
    connected to."""
    connections.close_all()
    errors = []
    for template in (f"{TEMPLATE_PREFIX}{fingerprint()}", settings.DATABASES["default"]["NAME"]):
        try:
            with admin_connection() as admin:
                admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        except (psycopg.errors.InvalidCatalogName, psycopg.errors.ObjectInUse) as error:
            errors.append(f"{template}: {error}")
        else:
            return
    raise AssertionError(f"no database to copy: {errors}")


@dataclass
class Cluster:
    a: str
    b: str
    env: dict[str, str]
    database: str
    setup: dict[str, Any]
    logs: dict[str, Path] = field(default_factory=dict)

    def tail(self) -> str:
        return "\n".join(
            f"--- {name}\n{path.read_text(errors='replace')[-2500:]}"
            for name, path in self.logs.items()
        )

    def sql(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return list(cursor.fetchall()) if cursor.description else []


def wait_for(check: Callable[[], Any], timeout: float, what: str, cluster: Cluster) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"{what}: not within {timeout} s\n{cluster.tail()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def cluster(django_db_setup: None, tmp_path: Path) -> Iterator[Cluster]:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"needs Redis at {REDIS_URL} (set LAZOS_TEST_REDIS_URL; CI has it): {error}")

    name = f"lazos_scaleout_{os.getpid()}_{secrets.token_hex(3)}"
    copy_database(name)
    prefix = f"lazos-test-scaleout-{name}:"
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "CACHE_", "TASKS_", "API_RATE_", "LAZOS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lazos.settings",
        DATABASE_URL=database_url(name),
        DATABASE_CONN_MAX_AGE="60",
        CACHE_URL=REDIS_URL,
        CACHE_KEY_PREFIX=prefix,
        TASKS_BACKEND="database",
        LAZOS_VAR_DIR=str(var_dir),
        DEBUG="off",
        API_RATE_PER_TOKEN=f"{RATE_PER_TOKEN}/minute",
        API_RATE_PER_ADDRESS="10000/minute",
    )
    processes: list[subprocess.Popen[bytes]] = []
    clock = time.monotonic()
    try:
        ports = {"A": free_port(), "B": free_port()}
        cluster = Cluster(
            a=f"http://127.0.0.1:{ports['A']}",
            b=f"http://127.0.0.1:{ports['B']}",
            env=env,
            database=name,
            setup={},
        )
        commands = {
            **{
                f"app {label}": [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "lazos.wsgi:application",
                    f"--bind=127.0.0.1:{port}",
                    "--workers=1",
                    "--timeout=60",
                ]
                for label, port in ports.items()
            },
            "worker": [
                sys.executable,
                "-m",
                "lazos",
                "db_worker",
                "--no-startup-delay",
                "--no-reload",
                "--interval=0.2",
            ],
        }
        for label, command in commands.items():
            log = tmp_path / f"{label.replace(' ', '-')}.log"
            cluster.logs[label] = log
            with log.open("wb") as out:
                processes.append(
                    subprocess.Popen(
                        command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT
                    )
                )

        # The data, written while the servers start (they need none of it to start).
        cluster.setup = last_json(
            run_python(
                f"""
                import json
                import django
                django.setup()
                from lazos.actions.tests.factories import ActionFactory
                from lazos.api.services import create_api_token
                from lazos.core.testing import build_world

                world = build_world("scale")
                coordinator = world.users["coordinator"]
                coordinator.set_password({PASSWORD!r})
                coordinator.save()
                action = ActionFactory.create(
                    government=world.government, title="Twinning with Rosario", is_public=True,
                    public_summary="Exchanges between the two cities' cultural centres.",
                )
                keys = {{
                    name: create_api_token(world.government, acting_user=coordinator,
                                           name=name)[1]
                    for name in ("editing", "counting")
                }}
                print(json.dumps({{"username": coordinator.username, "slug": world.government.slug,
                                  "action": action.pk, "keys": keys}}))
                """,
                **env,
            )
        )

        def up() -> bool:
            for process in processes:
                assert process.poll() is None, cluster.tail()
            try:
                return all(
                    requests.get(f"{base}/healthz", timeout=10).status_code == 200
                    for base in (cluster.a, cluster.b)
                )
            except requests.RequestException:  # not listening yet, or still loading the app
                return False

        wait_for(up, START_TIMEOUT, "both app servers answering", cluster)
        print(f"servers up after {time.monotonic() - clock:.1f} s")
        yield cluster
    finally:
        clock = time.monotonic()
        for process in processes:  # all at once, then wait for each
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            stop(process)
        print(f"stopped in {time.monotonic() - clock:.1f} s")
        with admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        store = redis.Redis.from_url(REDIS_URL)
        stale = list(store.scan_iter(f"{prefix}*"))
        if stale:
            store.delete(*stale)


def sign_in(base: str, username: str) -> str:
    """Sign in through the form of the server at ``base``; the session cookie it gave."""
    browser = requests.Session()
    form = browser.get(f"{base}/accounts/login/", timeout=10)
    assert form.status_code == 200
    answer = browser.post(
        f"{base}/accounts/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[-2000:]
    return str(browser.cookies["sessionid"])


def api(key: str) -> dict[str, str]:
    return {"Authorization": f"Token {key}", "Accept": "application/json"}


def test_two_app_servers_and_a_worker_share_sessions_cache_limits_and_jobs(
    cluster: Cluster,
) -> None:
    a, b, setup = cluster.a, cluster.b, cluster.setup
    started = time.monotonic()

    # --- A session signed in on A is valid on B ----------------------------------------------
    session = sign_in(a, setup["username"])
    signed_in = {"sessionid": session}
    on_b = requests.get(f"{b}/dashboard/", cookies=signed_in, allow_redirects=False, timeout=10)
    assert on_b.status_code == 200, (on_b.status_code, on_b.headers.get("Location"))
    assert setup["username"] in on_b.text
    anonymous = requests.get(f"{b}/dashboard/", allow_redirects=False, timeout=10)
    assert anonymous.status_code == 302  # the same page without the session: sign in first

    # --- One cache: a page cached by B is A's too; an audited write through A renews it -------
    page = f"/{setup['slug']}/actions/{setup['action']}/"
    assert "Twinning with Rosario" in requests.get(f"{b}{page}", timeout=10).text
    cluster.sql(  # behind the audit's back: no audit event, so no new portal version
        "UPDATE actions_action SET title = %s WHERE id = %s",
        ("Changed behind the audit", setup["action"]),
    )
    for server in (a, b):  # A never drew the page: it answers from the cache B filled
        stale = requests.get(f"{server}{page}", timeout=10).text
        assert "Twinning with Rosario" in stale
        assert "Changed behind the audit" not in stale
    edited = requests.patch(
        f"{a}/api/v1/actions/{setup['action']}/",
        json={"title": "Twinned with Rosario since 2025"},
        headers=api(setup["keys"]["editing"]),
        timeout=10,
    )
    assert edited.status_code == 200, edited.text[-2000:]
    fresh = requests.get(f"{b}{page}", timeout=10).text
    assert "Twinned with Rosario since 2025" in fresh
    assert "Twinning with Rosario" not in fresh

    # --- A job requested on A runs on the worker; its result is read from B -------------------
    requested = requests.post(
        f"{a}/api/v1/reports/",
        json={"kind": "handover"},
        headers=api(setup["keys"]["editing"]),
        timeout=30,
    )
    assert requested.status_code == 201, requested.text[-2000:]
    report = requested.json()["id"]
    assert requested.json()["status"] == "queued"  # queued, not produced in A's request

    def produced() -> bool:
        html = requests.get(f"{b}/jobs/report/{report}/", cookies=signed_in, timeout=10).text
        assert 'status--failed"' not in html, html[-3000:]
        return 'status--done"' in html

    wait_for(produced, JOB_TIMEOUT, "the worker producing the report", cluster)
    pdf = requests.get(f"{b}/reports/{report}/pdf/", cookies=signed_in, timeout=30)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")

    def task() -> list[tuple[Any, ...]]:  # the queue's record, written once the job returned
        return cluster.sql(
            "SELECT worker_ids FROM django_tasks_database_dbtaskresult WHERE status = %s"
            " AND id = (SELECT task_id::uuid FROM reports_report WHERE id = %s)",
            ("SUCCESSFUL", report),
        )

    [(workers,)] = wait_for(task, 10, "the queue recording the job's success", cluster)
    assert workers  # taken from the queue by the worker process

    # --- The rate limit per token counts A's and B's requests together ------------------------
    counting = api(setup["keys"]["counting"])
    answers = [
        requests.get(f"{server}/api/v1/actions/", headers=counting, timeout=10).status_code
        for server in [a, b] * (RATE_PER_TOKEN // 2)
    ]
    assert answers == [200] * RATE_PER_TOKEN  # three on each: each server alone is under it
    for server in (a, b):
        over = requests.get(f"{server}/api/v1/actions/", headers=counting, timeout=10)
        assert over.status_code == 429, (server, over.status_code)
        assert int(over.headers["Retry-After"]) > 0
    # Another token is counted apart.
    assert (
        requests.get(
            f"{b}/api/v1/actions/", headers=api(setup["keys"]["editing"]), timeout=10
        ).status_code
        == 200
    )
    print(f"scale-out checks took {time.monotonic() - started:.1f} s after start-up")

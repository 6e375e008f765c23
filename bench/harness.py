"""HTTP benchmark harness (#15): the pages of Lazos over HTTP, against the floor, on gunicorn
with production settings, PostgreSQL and Redis.

    make bench                                  # the small preset, then the in-process benchmarks
    .venv/bin/python bench/harness.py --preset small
    .venv/bin/python bench/harness.py --preset full --workers 4 --name full-4w

What it does, in order (bench/README.md, "HTTP harness"):

1. exports the committed code (``--commit``, HEAD by default) to a temporary folder, as
   soak.py does, so that edits in progress in the checkout stay out of the measurement;
2. drops and recreates the PostgreSQL database (``BENCH_DATABASE_URL``, by default
   ``postgres://postgres@127.0.0.1:5432/lazos_bench_http``, a role that may create databases)
   with an application role that does not own the tables; migrates as the owner,
   ``grant_app_role``, ``collectstatic`` in production mode; empties its Redis database;
3. fills it (:func:`fill_database`): ``lazos synth`` with the preset's arguments, or the demo
   (``--data demo``, or when the synth command is not in the served code);
4. one coordinator of the largest government, signed in once per client (its own session,
   its own address in X-Forwarded-For; eight API tokens, taken by the clients in turn: a user
   may hold ten);
5. gunicorn as deploy/systemd/lazos-web.service runs it (``--workers``, 2 by default) and the
   job worker; every page is requested once (the public files wait for the job worker);
6. for each concurrency (1, 8 and 32 by default) and each page, a closed loop: that many
   clients each send the next request as soon as the previous one is answered, until the
   page has had its number of requests; p50/p95/p99 of the latencies and the throughput. The
   floor (``/healthz``) is measured first at each concurrency, and again at the end;
7. the resident memory of each gunicorn worker, then the server is stopped;
8. in this process (Django's test client, the same database): each page once more with its
   queries captured; the slowest query of each page is explained (``EXPLAIN (ANALYZE,
   BUFFERS)``, SELECTs only) and a sequential scan on a tenant table is flagged;
9. the IATI file built in this process against bare lxml building the same elements;
10. bench/results/<name>.json and bench/results/latest.md (every figure beside its target and
    its ratio to the floor's p95 at the same concurrency).

The exit status is 0 when the run completed, whatever the targets (they are reported, and
most need a quiet machine to mean anything); 1 when a page could not be measured at all.
"""

# The harness runs git, psql, tar and the virtualenv's own commands, with fixed arguments.
# ruff: noqa: S603, S607

from __future__ import annotations

import argparse
import datetime as dt
import io
import itertools
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, timed
from http_stats import TARGETS, judge, render_table, summarize, tally
from iati_import import bare_write
from soak import (
    create_production_database,
    export_source,
    free_port,
    post_form,
    production_environment,
    rss_kb,
    start_processes,
    stop_processes,
    wait_until_up,
    worker_pids,
)

RESULTS_DIR = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
PASSWORD = "bench-http-" + secrets.token_hex(8)
REQUEST_TIMEOUT_S = 90
TOKENS = 8  # API tokens of the benchmark's user (a user may hold 10), shared by the clients in turn
PUBLISH_WAIT_S = 240  # public files are built by the job worker: 503 + Retry-After until then

# The data of each preset, and how hard each page is pushed.
PRESETS: dict[str, dict[str, Any]] = {
    # lazos synth's presets (lazos/synth/generator.py): tiny 3 x 20 actions, small 20 x 200,
    # medium 100 x 1,000, full 500 x 2,000 (a million actions).
    "tiny": {"synth": ["--preset", "tiny"], "requests": lambda c: max(5, c), "max_s": 5.0},
    "small": {"synth": ["--preset", "small"], "requests": lambda c: max(20, 3 * c), "max_s": 15.0},
    "medium": {
        "synth": ["--preset", "medium"],
        "requests": lambda c: max(50, 4 * c),
        "max_s": 30.0,
    },
    "full": {"synth": ["--preset", "full"], "requests": lambda c: max(100, 6 * c), "max_s": 60.0},
}


# --- The pages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    group: str  # a key of http_stats.TARGETS
    name: str
    template: str  # "{action}" and the like are filled from Plan.ids / Plan.values
    auth: str = "session"  # "session" (signed in), "token" (API token), "anon"
    unique: bool = False  # a query string of its own per request: the portal cache misses
    same: bool = False  # the same path for every request (a cached page), not ids in turn


ENDPOINTS: list[Endpoint] = [
    # Staff lists: plain, filtered and sorted, text search, a deep page.
    Endpoint("staff_list", "actions", "/actions/"),
    Endpoint(
        "staff_list", "actions: status + sort", "/actions/?status=ongoing&ordering=-start_date"
    ),
    Endpoint("staff_list", "actions: text filter", "/actions/?q={word}"),
    Endpoint("staff_list", "actions: last page", "/actions/?ordering=title&page=last"),
    Endpoint("staff_list", "agreements", "/agreements/"),
    Endpoint(
        "staff_list",
        "agreements: status + sort",
        "/agreements/?status=in_force&ordering=valid_until",
    ),
    Endpoint("staff_list", "agreements: last page", "/agreements/?page=last"),
    Endpoint("staff_list", "partners", "/partners/"),
    Endpoint(
        "staff_list", "partners: country + sort", "/partners/?country={country}&ordering=name"
    ),
    Endpoint("staff_list", "partners: last page", "/partners/?ordering=-created&page=last"),
    Endpoint("staff_list", "commitments", "/commitments/"),
    Endpoint(
        "staff_list", "commitments: overdue + sort", "/commitments/?overdue=yes&ordering=due_date"
    ),
    Endpoint("staff_list", "commitments: last page", "/commitments/?page=last"),
    Endpoint("staff_list", "local actors", "/local-actors/"),
    Endpoint("staff_list", "networks", "/networks/"),
    Endpoint("staff_list", "indicators", "/results/"),
    Endpoint("staff_list", "evaluations", "/evaluations/"),
    Endpoint("staff_list", "strategies", "/strategy/"),
    Endpoint("staff_list", "consultations", "/consultations/"),
    Endpoint("staff_list", "good practices", "/practices/"),
    Endpoint("staff_list", "relationships", "/relationships/"),
    Endpoint("staff_list", "members", "/members/"),
    Endpoint("staff_list", "activity log", "/activity/"),
    Endpoint("staff_list", "calendar", "/calendar/"),
    # Staff pages of one object.
    Endpoint("staff_detail", "an action", "/actions/{action}/"),
    Endpoint("staff_detail", "an agreement", "/agreements/{agreement}/"),
    Endpoint("staff_detail", "a partner", "/partners/{partner}/"),
    Endpoint("staff_detail", "a commitment", "/commitments/{commitment}/"),
    # Search.
    Endpoint("search", "register search", "/search/?q={word}"),
    Endpoint("search", "portal search (uncached)", "/?q={word}", "anon", unique=True),
    # Dashboards and the staff home.
    Endpoint("dashboard", "home (dashboard)", "/dashboard/"),
    Endpoint("dashboard", "dashboards: activity", "/dashboards/"),
    Endpoint("dashboard", "dashboards: budget", "/dashboards/budget/"),
    Endpoint("dashboard", "dashboards: agreements", "/dashboards/agreements/"),
    Endpoint("dashboard", "dashboards: results", "/dashboards/results/"),
    Endpoint("dashboard", "dashboards: map", "/dashboards/map/"),
    # The public portal, each page uncached (a query string of its own) and cached.
    Endpoint("portal_uncached", "instance home", "/", "anon", unique=True),
    Endpoint("portal_uncached", "government site (partner map)", "/{slug}/", "anon", unique=True),
    Endpoint("portal_uncached", "public actions", "/{slug}/actions/", "anon", unique=True),
    Endpoint(
        "portal_uncached",
        "a public action",
        "/{slug}/actions/{public_action}/",
        "anon",
        unique=True,
    ),
    Endpoint("portal_cached", "instance home", "/", "anon", same=True),
    Endpoint("portal_cached", "government site (partner map)", "/{slug}/", "anon", same=True),
    Endpoint("portal_cached", "public actions", "/{slug}/actions/", "anon", same=True),
    Endpoint(
        "portal_cached", "a public action", "/{slug}/actions/{public_action}/", "anon", same=True
    ),
    # The API, with a token.
    Endpoint("api_list", "actions", "/api/v1/actions/", "token"),
    Endpoint(
        "api_list",
        "actions: status + sort",
        "/api/v1/actions/?status=ongoing&ordering=title",
        "token",
    ),
    Endpoint("api_list", "actions: last page", "/api/v1/actions/?page=last", "token"),
    Endpoint("api_list", "agreements", "/api/v1/agreements/", "token"),
    Endpoint("api_list", "partners", "/api/v1/partners/?ordering=name", "token"),
    Endpoint("api_list", "commitments", "/api/v1/commitments/?ordering=due_date", "token"),
    Endpoint("api_detail", "an action", "/api/v1/actions/{action}/", "token"),
    Endpoint("api_detail", "an agreement", "/api/v1/agreements/{agreement}/", "token"),
    Endpoint("api_detail", "a partner", "/api/v1/partners/{partner}/", "token"),
    # Peer pages.
    Endpoint("peer", "peers of the government", "/peers/"),
    Endpoint("peer", "peers of an action", "/peers/action/{public_action}/"),
    Endpoint("peer", "peers for a challenge", "/peers/challenge/?q={word}"),
    # Open data.
    Endpoint("open_data", "data package (zip)", "/{slug}/open-data/datapackage.zip", "anon"),
    Endpoint("open_data", "data package (json)", "/{slug}/open-data/datapackage.json", "anon"),
    Endpoint("iati_export", "IATI file (HTTP)", "/{slug}/open-data/iati-activities.xml", "anon"),
]
FLOOR = Endpoint("floor", "/healthz", "/healthz", "anon")


@dataclass
class Plan:
    base: str
    origin: str
    username: str
    tokens: list[str]
    ids: dict[str, list[int]]  # kind → ids of the government's objects
    values: dict[str, str]  # slug, word, country

    def path(self, endpoint: Endpoint, index: int) -> str:
        """The endpoint's path for the ``index``-th request: ids taken in turn."""
        if endpoint.same:
            index = 0

        def fill(match: re.Match[str]) -> str:
            key = match.group(1)
            if key in self.values:
                return self.values[key]
            ids = self.ids[key]
            return str(ids[index % len(ids)])

        path = re.sub(r"\{(\w+)\}", fill, endpoint.template)
        if endpoint.unique:
            path += ("&" if "?" in path else "?") + f"bench={index}-{secrets.token_hex(4)}"
        return path


# --- Clients ------------------------------------------------------------------------------------


class Client:
    """One browser (a signed-in session), one API client (its own token) and one anonymous
    visitor, all from the same address."""

    def __init__(self, index: int, plan: Plan) -> None:
        self.index = index
        self.plan = plan
        self.session = self._session()
        self.api = self._session()
        self.api.headers["Authorization"] = f"Token {plan.tokens[index % len(plan.tokens)]}"
        self.anon = self._session()

    def _session(self) -> requests.Session:
        session = requests.Session()
        session.headers.update(
            {
                "X-Forwarded-Proto": "https",  # as the TLS proxy reports it
                "X-Forwarded-For": f"10.88.{self.index // 250}.{self.index % 250 + 1}",
                "User-Agent": f"lazos-bench-http/{self.index}",
            }
        )
        return session

    def for_auth(self, auth: str) -> requests.Session:
        return {"session": self.session, "token": self.api, "anon": self.anon}[auth]

    def get(self, session: requests.Session, path: str) -> tuple[int | str, float]:
        began = time.perf_counter()
        try:
            response = session.get(
                self.plan.base + path, allow_redirects=False, timeout=REQUEST_TIMEOUT_S
            )
            _ = response.content
            status: int | str = response.status_code
            if session is self.session:
                unsecure(session)  # a refreshed session cookie comes back Secure
        except requests.RequestException as error:
            status = type(error).__name__
        return status, (time.perf_counter() - began) * 1000

    def sign_in(self) -> None:
        page = self.session.get(self.plan.base + "/accounts/login/", timeout=REQUEST_TIMEOUT_S)
        unsecure(self.session)
        form = post_form(page.text, "/accounts/login/")
        answer = self.session.post(
            self.plan.base + "/accounts/login/",
            data=form.data({"username": self.plan.username, "password": PASSWORD}),
            headers={"Origin": self.plan.origin, "Referer": self.plan.origin + "/accounts/login/"},
            allow_redirects=False,
            timeout=REQUEST_TIMEOUT_S,
        )
        if answer.status_code != 302:
            raise SystemExit(f"client {self.index}: sign-in answered {answer.status_code}")
        unsecure(self.session)


def unsecure(session: requests.Session) -> None:
    """The session and CSRF cookies are Secure: the TLS proxy of production, simulated with
    X-Forwarded-Proto, would carry them; requests keeps them off plain http."""
    for cookie in session.cookies:
        cookie.secure = False


def sign_in(client: Client) -> Client:
    client.sign_in()
    return client


def closed_loop(
    clients: list[Client], plan: Plan, endpoint: Endpoint, requests_total: int, max_s: float
) -> dict[str, Any]:
    """``len(clients)`` clients in a closed loop on one page until it had ``requests_total``
    requests (or ``max_s`` passed). Latencies of the 200 answers; the others are errors."""
    counter = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    last_end = [0.0]
    start = time.perf_counter()
    deadline = start + max_s

    def run(client: Client) -> None:
        session = client.for_auth(endpoint.auth)
        while True:
            index = next(counter)
            if index >= requests_total or time.perf_counter() > deadline:
                return
            status, ms = client.get(session, plan.path(endpoint, index))
            with lock:
                statuses[str(status)] += 1
                if status == 200:
                    latencies.append(ms)
                last_end[0] = max(last_end[0], time.perf_counter())

    threads = [threading.Thread(target=run, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = sum(n for s, n in statuses.items() if s != "200")
    row = summarize(latencies, max(last_end[0] - start, 1e-9), errors)
    row["statuses"] = dict(sorted(statuses.items()))
    return row


def preflight(client: Client, plan: Plan, endpoints: list[Endpoint]) -> dict[str, str]:
    """Every page once (the public files until the job worker has published them). Returns
    the pages that did not answer 200, with their status: they are left out of the run."""
    failed = {}
    for endpoint in endpoints:
        session = client.for_auth(endpoint.auth)
        deadline = time.monotonic() + PUBLISH_WAIT_S
        while True:
            response = session.get(
                plan.base + plan.path(endpoint, 0), allow_redirects=False, timeout=REQUEST_TIMEOUT_S
            )
            if not (
                response.status_code == 503
                and response.headers.get("Retry-After")
                and time.monotonic() < deadline
            ):
                break
            time.sleep(2)
        if response.status_code != 200:
            failed[key(endpoint)] = f"{response.status_code} {response.headers.get('Location', '')}"
            print(f"  preflight: {endpoint.group} / {endpoint.name}: {failed[key(endpoint)]}")
    return failed


def key(endpoint: Endpoint) -> str:
    return f"{endpoint.group}: {endpoint.name}"


# --- Setting up -----------------------------------------------------------------------------


@dataclass
class Environment:
    production: dict[str, str]
    owner_url: str
    cache_url: str
    source: Path
    work: Path
    settings: dict[str, Any] = field(default_factory=dict)


def prepare_database(args: argparse.Namespace, work: Path, port: int, source: Path) -> Environment:
    """An empty database migrated as the owner, its application role and production's
    environment for gunicorn (soak.py's set-up, with API rates that do not throttle the
    benchmark's clients)."""
    owner_url = args.database_url
    extra = {
        # The benchmark measures speed, not the limits: 32 clients from one machine.
        "API_RATE_PER_TOKEN": "1000000/minute",
        "API_RATE_PER_ADDRESS": "1000000/minute",
    }
    if args.conn_max_age is not None:
        extra["DATABASE_CONN_MAX_AGE"] = str(args.conn_max_age)
    production, cache_url = production_environment(
        owner_url, port=port, redis_db=args.redis_db, work=work, source=source, extra=extra
    )
    subprocess.run(
        ["redis-cli", "-n", str(args.redis_db), "FLUSHDB"], check=True, stdout=subprocess.DEVNULL
    )
    create_production_database(owner_url, production, work)
    environment = Environment(production, owner_url, cache_url, source, work)
    environment.settings = server_settings(environment)
    return environment


def server_settings(environment: Environment) -> dict[str, Any]:
    """The settings the server runs with, read by Django itself in production mode."""
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "d = s.DATABASES['default']; print(json.dumps({"
        "'CONN_MAX_AGE': d.get('CONN_MAX_AGE'), 'CONN_HEALTH_CHECKS': d.get('CONN_HEALTH_CHECKS'), "
        "'DEBUG': s.DEBUG, 'cache': s.CACHES['default']['BACKEND'], "
        "'SESSION_ENGINE': s.SESSION_ENGINE, 'TASKS_BACKEND': "
        "s.TASKS['default']['BACKEND'] if hasattr(s, 'TASKS') else None}))"
    )
    env = {**environment.production, "DJANGO_SETTINGS_MODULE": "lazos.settings"}
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=environment.work,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def synth_available(source: Path) -> bool:
    """Whether the served code has the ``synth`` command (issue #15, lazos/synth)."""
    return any((source / "lazos").glob("*/management/commands/synth.py"))


def fill_database(environment: Environment, data: str, synth_args: list[str]) -> str:
    """Fill the database; returns what was loaded. ``data``: "synth" (``lazos synth`` with
    ``synth_args``), "demo" (``lazos demo``) or "auto" (synth when the served code has it,
    otherwise the demo). Development settings, as the owner (the demo refuses production)."""
    if data == "auto":
        data = "synth" if synth_available(environment.source) else "demo"
    command = (
        [str(BIN / "lazos"), "synth", *synth_args]
        if data == "synth"
        else [
            str(BIN / "lazos"),
            "demo",
        ]
    )
    env = {
        **environment.production,
        "LAZOS_ENV": "development",
        "DEBUG": "off",
        "DATABASE_URL": environment.owner_url,
        "TASKS_BACKEND": "immediate",
    }
    timed(
        " ".join(["lazos", *command[1:]]),
        lambda: subprocess.run(
            command, env=env, cwd=environment.work, check=True, stdout=subprocess.DEVNULL
        ),
    )
    return " ".join(["lazos", *command[1:]])


def setup_django_here(environment: Environment) -> None:
    """This process on the same database (as the owner) and cache, development settings."""
    os.environ.update(
        {
            "LAZOS_ENV": "development",
            "DATABASE_URL": environment.owner_url,
            "LAZOS_VAR_DIR": str(environment.work),
            "CACHE_URL": environment.cache_url,
            "TASKS_BACKEND": "immediate",
            "DJANGO_SETTINGS_MODULE": "lazos.settings",
        }
    )
    os.environ.pop("DATABASE_MIGRATION_URL", None)
    sys.path.insert(0, str(environment.source))
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's "testserver" host, for the query replay


def accounts_and_ids(
    clients: int,
) -> tuple[Any, str, list[str], dict[str, list[int]], dict[str, str], dict[str, int]]:
    """A coordinator of the government with the most actions, one API token per client, the
    ids of its objects and the words the pages are asked for; and the size of the data."""
    from django.db.models import Count

    from lazos.accounts.models import User
    from lazos.actions.models import Action, Commitment
    from lazos.agreements.models import Agreement
    from lazos.api.services import create_api_token
    from lazos.governments.choices import Role
    from lazos.governments.models import Government
    from lazos.governments.services import add_member, update_government
    from lazos.partners.models import Partner

    largest = (
        Action.objects.values("government_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "government_id")
        .first()
    )
    if largest is None:
        raise SystemExit("the database holds no action: nothing to measure")
    government = Government.objects.get(pk=largest["government_id"])
    user = User.objects.create_user("bench-http", password=PASSWORD)
    add_member(government, acting_user=None, user=user, role=Role.COORDINATOR)
    if not government.iati_organisation_identifier:  # without one, no public IATI file
        update_government(
            government, acting_user=user, iati_organisation_identifier=f"XM-BENCH-{government.pk}"
        )
    tokens = [
        create_api_token(government, acting_user=user, name=f"bench {i}")[1]
        for i in range(min(clients, TOKENS))
    ]
    actions = Action.objects.for_tenant(government)
    ids = {
        "action": list(actions.order_by("pk").values_list("pk", flat=True)[:500]),
        "public_action": list(actions.public().order_by("pk").values_list("pk", flat=True)[:500]),
        "agreement": list(
            Agreement.objects.for_tenant(government)
            .order_by("pk")
            .values_list("pk", flat=True)[:500]
        ),
        "partner": list(
            Partner.objects.for_tenant(government).order_by("pk").values_list("pk", flat=True)[:500]
        ),
        "commitment": list(
            Commitment.objects.for_tenant(government)
            .order_by("pk")
            .values_list("pk", flat=True)[:500]
        ),
    }
    title = actions.order_by("pk").values_list("title", flat=True).first() or "agua"
    word = next((w for w in re.findall(r"\w+", title) if len(w) >= 4), "agua").lower()
    country = (
        Partner.objects.for_tenant(government)
        .exclude(country="")
        .values_list("country", flat=True)
        .first()
        or "FR"
    )
    values = {"slug": government.slug, "word": word, "country": str(country)}
    size = {
        "governments": Government.objects.count(),
        "actions": Action.objects.count(),
        "agreements": Agreement.objects.count(),
        "partners": Partner.objects.count(),
        "commitments": Commitment.objects.count(),
        "government_actions": actions.count(),
        "government_public_actions": actions.public().count(),
        "government_agreements": Agreement.objects.for_tenant(government).count(),
        "government_partners": Partner.objects.for_tenant(government).count(),
        "government_commitments": Commitment.objects.for_tenant(government).count(),
    }
    return government, user.username, tokens, ids, values, size


# --- After the run: queries and the IATI baseline ------------------------------------------


def tenant_tables() -> set[str]:
    from django.apps import apps

    return {
        model._meta.db_table
        for model in apps.get_models()
        if any(f.name == "government" for f in model._meta.concrete_fields)
    }


def explain(connection: Any, sql: str) -> dict[str, Any]:
    """``EXPLAIN (ANALYZE, BUFFERS)`` of one SELECT: its plan and its execution time (ms)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            lines = [row[0] for row in cursor.fetchall()]
    except Exception as error:  # a statement that cannot be replayed alone
        return {"plan": [f"EXPLAIN failed: {error}"], "execution_ms": None}
    found = [re.search(r"Execution Time: ([\d.]+) ms", line) for line in lines]
    times = [float(m.group(1)) for m in found if m]
    return {"plan": lines, "execution_ms": times[-1] if times else None}


class QueryTimer:
    """An execute wrapper (``connection.execute_wrapper``) that times every statement with
    perf_counter and keeps it as sent, parameters in place."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - began
            try:
                sent = self.connection.ops.last_executed_query(context["cursor"], sql, params)
            except Exception:
                sent = None
            self.queries.append((elapsed, sent or sql))


def explain_pages(
    plan: Plan, endpoints: list[Endpoint], user: Any, token: str
) -> dict[str, dict[str, Any]]:
    """Each page through Django's test client with its queries timed (an execute wrapper,
    perf_counter): the count, the slowest SELECT and its plan; a sequential scan on a tenant
    table is flagged."""
    from django.db import connection
    from django.test import Client as TestClient

    tables = tenant_tables()
    seq_scan = re.compile(r"Seq Scan on (\w+)")
    staff, api, anon = TestClient(), TestClient(), TestClient()
    staff.force_login(user)
    out: dict[str, dict[str, Any]] = {}
    for endpoint in endpoints:
        client = {"session": staff, "token": api, "anon": anon}[endpoint.auth]
        headers = {"Authorization": f"Token {token}"} if endpoint.auth == "token" else {}
        path = plan.path(endpoint, 1)
        client.get(
            path, headers=headers
        )  # warm: the first request's one-off queries are not the page's
        path = plan.path(endpoint, 2)  # (a new query string for the uncached pages)
        timer = QueryTimer(connection)
        with connection.execute_wrapper(timer):
            response = client.get(path, headers=headers)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        entry: dict[str, Any] = {
            "path": path,
            "status": response.status_code,
            "queries": len(timer.queries),
        }
        timings = [
            (elapsed, sql)
            for elapsed, sql in timer.queries
            if sql.lstrip().upper().startswith(("SELECT", "WITH"))
        ]
        if timings:
            entry["total_query_ms"] = round(sum(t for t, _ in timings) * 1000, 2)
            # Every SELECT explained (ANALYZE runs it again): the slowest is the one with the
            # longest execution in PostgreSQL, not the longest wall time here (on a loaded
            # machine that is mostly waiting for a core).
            explained = [
                explain(connection, sql) | {"wall_ms": round(t * 1000, 2), "sql": sql}
                for t, sql in timings
            ]
            slowest = max(explained, key=lambda e: e["execution_ms"] or 0.0)
            entry["explain_total_ms"] = round(sum(e["execution_ms"] or 0.0 for e in explained), 3)
            entry["slowest_execution_ms"] = slowest["execution_ms"]
            entry["slowest_wall_ms"] = slowest["wall_ms"]
            entry["slowest_sql"] = slowest["sql"]
            entry["plan"] = slowest["plan"]
            entry["seq_scans_on_tenant_tables"] = sorted(
                {t for line in slowest["plan"] for t in seq_scan.findall(line) if t in tables}
            )
            entry["seq_scans_on_tenant_tables_any_query"] = sorted(
                {
                    t
                    for e in explained
                    for line in e["plan"]
                    for t in seq_scan.findall(line)
                    if t in tables
                }
            )
        out[key(endpoint)] = entry
    return out


def iati_baseline(government: Any, runs: int = 3) -> dict[str, Any]:
    """The government's IATI file built as the job worker builds it (median of ``runs``)
    against bare lxml building and serialising the same elements (median of ``runs``)."""
    from lxml import etree

    from lazos.iati.export import ExportError, write_file

    def lazos_build() -> bytes:
        output = io.BytesIO()
        write_file(government, output, base_url="https://bench.example")
        return output.getvalue()

    try:
        lazos_build()
    except ExportError as error:
        return {"error": str(error)}
    lazos_times, bare_times = [], []
    data = b""
    for _ in range(runs):
        began = time.perf_counter()
        data = lazos_build()
        lazos_times.append(time.perf_counter() - began)
    document = etree.fromstring(data)
    for _ in range(runs):
        began = time.perf_counter()
        bare_write(document)
        bare_times.append(time.perf_counter() - began)
    lazos_ms = statistics.median(lazos_times) * 1000
    bare_ms = statistics.median(bare_times) * 1000
    return {
        "activities": len(document),
        "elements": sum(1 for _ in document.iter()),
        "bytes": len(data),
        "lazos_build_ms": round(lazos_ms, 2),
        "bare_lxml_ms": round(bare_ms, 2),
        "x_bare_lxml": round(bare_ms / lazos_ms, 4),
    }


def git_commit(ref: str = "HEAD") -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", ref], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()


def interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


# --- Reporting -------------------------------------------------------------------------------


def markdown(result: dict[str, Any]) -> str:
    floors = {int(c): row for c, row in result["floor"].items()}
    s = result["settings"]
    size = result["data"]["size"]
    lines = [
        f"# HTTP harness: {result['name']}",
        "",
        f"Run {result['date']} by `bench/harness.py --preset {result['preset']}` "
        f"(commit {result['commit']}), {result['duration_s']:.0f} s in all "
        f"({result['measure_s']:.0f} s of measurement).",
        "",
        "| setting | value |",
        "|---|---|",
        f"| data | `{result['data']['command']}`{' (fallback: the synth command was not in the served code)' if result['data']['fallback'] else ''} |",
        f"| data size | {size['governments']} governments, {size['actions']:,} actions, "
        f"{size['agreements']:,} agreements, {size['partners']:,} partners, {size['commitments']:,} commitments; "
        f"the signed-in government: {size['government_actions']:,} actions "
        f"({size['government_public_actions']:,} public), {size['government_agreements']:,} agreements, "
        f"{size['government_partners']:,} partners, {size['government_commitments']:,} commitments |",
        f"| server | gunicorn, {s['workers']} sync workers, production settings (DEBUG {s['DEBUG']}) |",
        f"| database | PostgreSQL {s['postgresql']}, CONN_MAX_AGE {s['CONN_MAX_AGE']}, health checks {s['CONN_HEALTH_CHECKS']} |",
        f"| cache / sessions | {s['cache']} / {s['SESSION_ENGINE']} |",
        f"| API rate limits | {s['api_rates']} (raised: the benchmark measures speed) |",
        f"| machine | {result['machine']['cpus']} CPUs; load average before {result['machine']['load_before']}, "
        f"after {result['machine']['load_after']} |",
        f"| requests per page | {result['requests_per_page']} (closed loop; at most {result['max_s_per_page']:.0f} s per page and concurrency) |",
        "",
        "Ratios: `p95 ÷ floor p95` divides the page's p95 by the p95 of `/healthz` at the same "
        "concurrency in the same run; `measured against target` is the figure the target is about "
        "(p95 ratio, throughput ratio, or speed against bare lxml).",
        "",
        render_table(result["rows"], floors),
    ]
    t = result["tally"]
    lines += [
        f"Targets: {t['met']} met, {t['missed']} missed, {t['no_target']} without a target.",
        "",
    ]
    end = result.get("floor_at_end") or {}
    if end:
        lines += [
            "Floor again at the end of the run (drift check): "
            + ", ".join(f"c={c}: p95 {r['p95_ms']} ms, {r['rps']} req/s" for c, r in end.items()),
            "",
        ]
    iati = result.get("iati_baseline") or {}
    if "x_bare_lxml" in iati:
        lines += [
            f"IATI: the signed-in government's file ({iati['activities']} activities, "
            f"{iati['elements']:,} elements, {iati['bytes'] / 1e6:.2f} MB) built in-process as the job "
            f"worker builds it: {iati['lazos_build_ms']:.1f} ms; bare lxml building and serialising "
            f"the same elements: {iati['bare_lxml_ms']:.1f} ms, so {iati['x_bare_lxml']:.3f}× bare lxml "
            "(target ≥ 0.5×). The HTTP rows serve the file the job worker published: at one client "
            "their ratio is bare lxml's build time over the download's p50 (not judged at more "
            "clients, where the download waits for a worker).",
            "",
        ]
    elif iati:
        lines += [f"IATI baseline: {iati.get('error')}", ""]
    lines += ["## Worker memory after the run", "", "| worker pid | VmRSS MB |", "|---:|---:|"]
    lines += [f"| {w['pid']} | {w['rss_mb']} |" for w in result["workers_rss"]]
    lines += ["", "## Slowest query of each page", ""]
    flagged = {k: v for k, v in result["queries"].items() if v.get("seq_scans_on_tenant_tables")}
    lines += [
        "Sequential scans on tenant tables in the slowest query's plan: "
        + (
            ", ".join(
                f"{k} ({', '.join(v['seq_scans_on_tenant_tables'])})" for k, v in flagged.items()
            )
            or "none"
        ),
        "",
        "| page | queries | SQL wall ms (all) | SQL execution ms (all, EXPLAIN ANALYZE) "
        "| slowest query: execution ms | Seq Scan on a tenant table: slowest query "
        "| … any query of the page | slowest query's plan (first line) |",
        "|---|---:|---:|---:|---:|---|---|---|",
    ]
    for name, q in result["queries"].items():
        first = (q.get("plan") or ["—"])[0].replace("|", "\\|")
        lines.append(
            f"| {name} | {q['queries']} | {q.get('total_query_ms', '—')} "
            f"| {q.get('explain_total_ms', '—')} | {q.get('slowest_execution_ms', '—')} "
            f"| {', '.join(q.get('seq_scans_on_tenant_tables') or []) or '—'} "
            f"| {', '.join(q.get('seq_scans_on_tenant_tables_any_query') or []) or '—'} "
            f"| `{first[:90]}` |"
        )
    if result["skipped"]:
        lines += ["", "Pages left out (did not answer 200 before the run):", ""]
        lines += [f"- {k}: {v}" for k, v in result["skipped"].items()]
    lines += ["", f"Full plans and SQL: `bench/results/{result['name']}.json`.", ""]
    return "\n".join(lines)


# --- Main ---------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--preset", choices=sorted(PRESETS), default=os.environ.get("BENCH_PRESET", "small")
    )
    parser.add_argument(
        "--data",
        choices=["auto", "synth", "demo"],
        default=os.environ.get("BENCH_DATA", "auto"),
        help="what fills the database: lazos synth, the demo, or synth when available (auto)",
    )
    parser.add_argument(
        "--synth-args",
        default=None,
        help="arguments of lazos synth instead of the preset's, e.g. \"--governments 50 "
        '--actions-per-government 2000 --seed 1"',
    )
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", 2)))
    parser.add_argument(
        "--concurrency",
        default=os.environ.get("BENCH_CONCURRENCY", "1,8,32"),
        help="comma-separated numbers of clients",
    )
    parser.add_argument(
        "--requests", type=int, default=None, help="requests per page and concurrency"
    )
    parser.add_argument("--max-seconds", type=float, default=None, help="per page and concurrency")
    parser.add_argument("--conn-max-age", type=int, default=None, help="DATABASE_CONN_MAX_AGE")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lazos_bench_http"
        ),
    )
    parser.add_argument("--redis-db", type=int, default=int(os.environ.get("BENCH_REDIS_DB", 12)))
    parser.add_argument(
        "--commit",
        default=os.environ.get("BENCH_COMMIT", "HEAD"),
        help="the commit to serve (default HEAD); empty: the checkout as it is",
    )
    parser.add_argument("--only", default="", help="only the pages whose group or name holds this")
    parser.add_argument("--name", default=None, help="results file name (default: the time)")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    preset = PRESETS[args.preset]
    levels = [int(c) for c in args.concurrency.split(",") if c.strip()]
    synth_args = args.synth_args.split() if args.synth_args else preset["synth"]
    endpoints = [
        e for e in ENDPOINTS if not args.only or args.only in e.group or args.only in e.name
    ]

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    began = time.monotonic()
    now = dt.datetime.now(dt.UTC)
    name = args.name or now.strftime("http-%Y%m%dT%H%M%SZ")
    work = Path(tempfile.mkdtemp(prefix="lazos-bench-http-"))
    port = free_port()
    print(f"bench/harness.py: preset {args.preset}, files in {work}", flush=True)
    if args.commit:
        source, commit = export_source(args.commit, work)
    else:
        source, commit = ROOT, git_commit() + " + uncommitted changes"
    environment = prepare_database(args, work, port, source)
    fallback = args.data == "auto" and not synth_available(source)
    if fallback:
        print("  lazos synth is not in the served code: the demo fills the database (fallback)")
    command = fill_database(environment, args.data, synth_args)
    setup_django_here(environment)
    from django.core.cache import cache
    from django.db import connection

    clients_needed = max(levels)
    government, username, tokens, ids, values, size = accounts_and_ids(clients_needed)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgresql = cursor.fetchone()[0]
    cache.clear()  # the server starts cold
    connection.close()
    plan = Plan(
        base=f"http://127.0.0.1:{port}",
        origin=f"https://127.0.0.1:{port}",
        username=username,
        tokens=tokens,
        ids=ids,
        values=values,
    )
    for kind, found in ids.items():
        if not found:
            endpoints = [e for e in endpoints if "{" + kind + "}" not in e.template]
            print(f"  no {kind} in the government: its pages are left out")

    processes: list[subprocess.Popen[bytes]] = []
    rows: list[dict[str, Any]] = []
    floors: dict[str, dict[str, Any]] = {}
    floor_end: dict[str, dict[str, Any]] = {}
    workers_rss: list[dict[str, Any]] = []
    try:
        processes = start_processes(environment.production, work, port, args.workers)
        timed("gunicorn up", lambda: wait_until_up(plan.base, processes))
        clients = [Client(i, plan) for i in range(clients_needed)]
        timed(f"{len(clients)} sign-ins", lambda: [sign_in(c) for c in clients])
        skipped = timed("preflight", lambda: preflight(clients[0], plan, endpoints))
        assert isinstance(skipped, dict)
        measured = [e for e in endpoints if key(e) not in skipped]
        load_before = os.getloadavg()
        measure_began = time.monotonic()
        for c in levels:
            n = args.requests or preset["requests"](c)
            max_s = args.max_seconds or preset["max_s"]
            chosen = clients[:c]
            floors[str(c)] = closed_loop(chosen, plan, FLOOR, n, max_s)
            rows.append({"group": "floor", "name": FLOOR.name, "concurrency": c, **floors[str(c)]})
            print(
                f"c={c:>2} floor: p95 {floors[str(c)]['p95_ms']} ms, {floors[str(c)]['rps']} req/s",
                flush=True,
            )
            for endpoint in measured:
                row = closed_loop(chosen, plan, endpoint, n, max_s)
                row = {"group": endpoint.group, "name": endpoint.name, "concurrency": c, **row}
                rows.append(row)
                print(
                    f"c={c:>2} {endpoint.group:16} {endpoint.name:34} p50 {row['p50_ms']} "
                    f"p95 {row['p95_ms']} p99 {row['p99_ms']} ms, {row['rps']} req/s"
                    + (f", statuses {row['statuses']}" if row["errors"] else ""),
                    flush=True,
                )
        for c in levels:
            n = args.requests or preset["requests"](c)
            floor_end[str(c)] = closed_loop(
                clients[:c], plan, FLOOR, n, args.max_seconds or preset["max_s"]
            )
        measure_s = time.monotonic() - measure_began
        load_after = os.getloadavg()
        for pid in worker_pids(processes[0].pid):
            kb = rss_kb(pid)
            if kb is not None:
                workers_rss.append({"pid": pid, "rss_mb": round(kb / 1024, 1)})
    finally:
        stop_processes(processes)

    print("replaying each page in-process for its queries…", flush=True)
    from lazos.accounts.models import User

    queries = explain_pages(plan, measured, User.objects.get(username=username), tokens[0])
    iati = iati_baseline(government)
    if "x_bare_lxml" in iati:
        for row in rows:  # one client: the wait of one download against bare lxml's build
            if row["group"] == "iati_export" and row.get("p50_ms") and row["concurrency"] == 1:
                row["x_bare_lxml"] = round(iati["bare_lxml_ms"] / row["p50_ms"], 4)
        rows.append(
            {
                "group": "iati_export",
                "name": "IATI file built in-process (job worker's work)",
                "concurrency": 1,
                "requests": 3,
                "errors": 0,
                "p50_ms": iati["lazos_build_ms"],
                "p95_ms": None,
                "p99_ms": None,
                "rps": None,
                "x_bare_lxml": iati["x_bare_lxml"],
            }
        )
    floor_by_c = {int(c): r for c, r in floors.items()}
    settings = {
        **environment.settings,
        "workers": args.workers,
        "postgresql": postgresql,
        "api_rates": "1000000/minute per token and per address",
    }
    result: dict[str, Any] = {
        "benchmark": "http",
        "name": name,
        "date": now.isoformat(timespec="seconds"),
        "commit": commit,
        "preset": args.preset,
        "data": {
            "command": command,
            "fallback": fallback,
            "size": size,
            "government": values["slug"],
        },
        "settings": settings,
        "machine": {
            "cpus": os.cpu_count(),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in load_after],
        },
        "concurrency": levels,
        "requests_per_page": ", ".join(
            f"c={c}: {args.requests or preset['requests'](c)}" for c in levels
        ),
        "max_s_per_page": args.max_seconds or preset["max_s"],
        "floor": floors,
        "floor_at_end": floor_end,
        "rows": rows,
        "tally": tally(rows, floor_by_c),
        "verdicts": {
            f"{r['group']}: {r['name']} @ {r['concurrency']}": judge(
                r["group"], r, floor_by_c.get(int(r["concurrency"]))
            )[1]
            for r in rows
            if TARGETS.get(r["group"]) is not None
        },
        "workers_rss": workers_rss,
        "queries": queries,
        "iati_baseline": iati,
        "skipped": skipped,
        "measure_s": round(measure_s, 1),
        "duration_s": round(time.monotonic() - began, 1),
    }
    text = markdown(result)
    print("\n" + text)
    shutil.rmtree(work / "src", ignore_errors=True)
    shutil.rmtree(work / "static", ignore_errors=True)
    if not args.no_save:
        RESULTS_DIR.mkdir(exist_ok=True)
        path = RESULTS_DIR / f"{name}.json"
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
        (RESULTS_DIR / "latest.md").write_text(text)
        print(f"wrote {path.relative_to(ROOT)} and bench/results/latest.md")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except KeyboardInterrupt:
        print(
            "\nbench/harness.py: interrupted; the server was stopped, nothing saved",
            file=sys.stderr,
        )
        raise SystemExit(130) from None

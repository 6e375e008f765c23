"""Soak: a mixed read/write load against a production-configured server on PostgreSQL.

    make soak                                   # 10 minutes, 16 clients
    make soak DURATION=60 CLIENTS=4             # a quick run
    .venv/bin/python bench/soak.py --duration 600 --clients 16

What it does, in order (see bench/README.md, "Soak"):

0. exports the committed code (``--commit``, HEAD by default) to a temporary folder, so that
   edits in progress in the checkout stay out of the measurement;
1. drops and recreates the PostgreSQL database ``lazos_soak`` (``SOAK_DATABASE_URL``: the
   tables' owner) and an application role that does not own the tables, as
   docs/deployment.md sets them up; migrates as the owner, ``grant_app_role``,
   ``collectstatic``, all in production mode (``LAZOS_ENV=production``, DEBUG off, a random
   SECRET_KEY, ``LAZOS_VAR_DIR`` a temporary folder, Redis cache and sessions);
2. loads the demo (development settings: the demo refuses production) and one coordinator
   account per client, each with an API token;
3. starts gunicorn as deploy/systemd/lazos-web.service does (3 workers, timeout 60,
   forwarded-allow-ips 127.0.0.1) and the job worker, except ``--max-requests 0``: recycling
   workers would hide the memory growth the soak is looking for;
4. runs CLIENTS threads for DURATION seconds, each with its own ``requests.Session``, its own
   address (X-Forwarded-For, as nginx would send it) and HTTPS as the proxy reports it
   (X-Forwarded-Proto): staff pages signed in with the sign-in form, writes through the web
   forms (CSRF token from the form, Origin and Referer as a browser sends them) and through
   the API (token, ETag/If-Match), public portal pages and open-data downloads;
5. samples the resident memory of every gunicorn worker from /proc every few seconds;
6. stops the server, then checks in the database every object it created or changed.

Pass criteria: no 5xx answer (nor a dropped connection); each worker's memory floor (lowest
sample) over the last minute of the run at most 10 % above its floor over the last minute of
the warm-up; every write that was answered as done
found in the database (and none refused). The results are appended to
bench/results/soak.json; the exit status is non-zero when a criterion fails.
"""

# The harness runs git, psql, tar and the virtualenv's own commands, with fixed arguments.
# ruff: noqa: S603, S607

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, timed

RESULTS = ROOT / "bench" / "results" / "soak.json"
BIN = Path(sys.executable).parent
PASSWORD = "soak-password-" + secrets.token_hex(8)
GROWTH_LIMIT_PCT = 10.0
REQUEST_TIMEOUT_S = 90  # above gunicorn's timeout (60 s): a stuck worker shows as a 5xx/error
GOVERNMENTS = ("villa-esperanza", "rio-claro-do-sul")

# What a client does next, and how often (weights).
OPERATIONS = {
    "staff_page": 34,
    "portal_page": 22,
    "open_data": 8,
    "api_read": 16,
    "form_write": 10,
    "api_write": 10,
}


# --- A browser's view of forms ----------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    selects: dict[str, list[str]] = field(default_factory=dict)  # name → option values

    def data(self, overrides: dict[str, str | list[str]]) -> list[tuple[str, str]]:
        """The fields as a browser submits them, with ``overrides`` replacing values."""
        kept = [(k, v) for k, v in self.fields if k not in overrides]
        for key, value in overrides.items():
            kept += [(key, v) for v in value] if isinstance(value, list) else [(key, value)]
        return kept

    def first_option(self, name: str) -> str:
        return next(v for v in self.selects.get(name, []) if v)


class FormParser(HTMLParser):
    """The POST forms of a page with the values a browser would submit unchanged."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: tuple[str, bool] | None = None  # (name, multiple)
        self.select_values: list[str] = []
        self.select_first: str | None = None
        self.option_value: str | None = None
        self.option_selected = False
        self.option_text = ""
        self.textarea: str | None = None
        self.textarea_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.form = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self.form)
        if self.form is None or "disabled" in a:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.form.fields.append((name, a.get("value", "on")))
                return
            self.form.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self.select = (name, "multiple" in a)
            self.select_values, self.select_first = [], None
            self.form.selects[name] = []
        elif tag == "option" and self.select:
            self.option_value = a.get("value")
            self.option_selected = "selected" in a
            self.option_text = ""
        elif tag == "textarea" and name:
            self.textarea, self.textarea_text = name, ""

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea_text += data
        elif self.option_value is None and self.select is not None:
            self.option_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self.select:
            self._end_option()
        elif tag == "select" and self.select and self.form:
            if self.option_value is not None or self.option_text:
                self._end_option()
            name, multiple = self.select
            values = self.select_values
            if not values and not multiple and self.select_first is not None:
                values = [self.select_first]  # a single select submits its first option
            self.form.fields += [(name, v) for v in values]
            self.select = None
        elif tag == "textarea" and self.textarea is not None and self.form:
            # A browser drops the one newline that follows <textarea>.
            self.form.fields.append((self.textarea, self.textarea_text.removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.form = None

    def _end_option(self) -> None:
        assert self.select is not None
        assert self.form is not None
        value = self.option_value if self.option_value is not None else self.option_text.strip()
        self.form.selects[self.select[0]].append(value)
        if self.select_first is None:
            self.select_first = value
        if self.option_selected:
            self.select_values.append(value)
        self.option_value, self.option_selected, self.option_text = None, False, ""


def post_form(html: str, page_path: str) -> Form:
    """The page's own POST form (the one submitting to the page itself: not the sign-out
    form of the header)."""
    parser = FormParser()
    parser.feed(html)
    forms = [f for f in parser.forms if f.method == "post"]
    own = [
        f for f in forms if urlsplit(urljoin(page_path, f.action or page_path)).path == page_path
    ]
    if not own:
        raise RuntimeError(f"no form posting to {page_path} in the page")
    return max(own, key=lambda f: len(f.fields))


# --- The load -----------------------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    name: str
    status: str  # the HTTP status, or the exception's name
    ms: float
    at: float  # seconds since the start of the run


@dataclass
class Write:
    """One write answered as done, and how to find it in the database."""

    kind: str  # form_create_partner, form_edit_partner, form_add_note, api_create_partner…
    model: str  # partner, partner_note, contact
    channel: str  # web, api
    pk: int | None
    marker: str  # a unique text the write put in the object


@dataclass
class Plan:
    """What the clients need to know: addresses, accounts, tokens, object ids."""

    base: str
    origin: str  # the public origin the proxy serves (https://…)
    users: list[tuple[str, str, str]]  # (username, government slug, API token)
    staff_paths: dict[str, list[str]]  # per government; "{partner}" etc. filled at random
    ids: dict[str, dict[str, list[int]]]  # government → kind → ids
    portal_paths: list[str]
    open_data_paths: list[str]
    api_paths: list[str]


def fill_ids(template: str, pick: Callable[[str], int]) -> str:
    """``template`` with each "{kind}" replaced by an id ``pick(kind)`` chooses."""
    return re.sub(r"\{(\w+)\}", lambda match: str(pick(match.group(1))), template)


class Client:
    def __init__(self, index: int, plan: Plan, start: float, stop: threading.Event, think_ms: int):
        self.index = index
        self.plan = plan
        self.username, self.government, self.token = plan.users[index]
        self.start = start
        self.stop = stop
        self.think_ms = think_ms
        self.rng = random.Random(index)
        self.samples: list[Sample] = []
        self.writes: list[Write] = []
        self.refused: list[dict[str, object]] = []
        self.own_partners: list[int] = []
        self.counter = 0
        self.session = self.new_session()
        self.api = requests.Session()
        self.api.headers.update(self.proxy_headers())
        self.api.headers["Authorization"] = f"Token {self.token}"

    def proxy_headers(self) -> dict[str, str]:
        return {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": f"10.77.{self.index // 250}.{self.index % 250 + 1}",
            "User-Agent": f"lazos-soak/{self.index}",
        }

    def new_session(self) -> requests.Session:
        session = requests.Session()
        session.headers.update(self.proxy_headers())
        return session

    # Requests, timed and recorded.
    def request(self, kind: str, name: str, method: str, path: str, **kwargs: Any) -> Any:
        client = self.api if kind.startswith("api") else self.session
        if method == "POST" and not kind.startswith("api"):
            kwargs.setdefault("headers", {}).update(
                {"Origin": self.plan.origin, "Referer": self.plan.origin + path}
            )
        began = time.perf_counter()
        try:
            response = client.request(
                method,
                self.plan.base + path,
                allow_redirects=False,
                timeout=REQUEST_TIMEOUT_S,
                **kwargs,
            )
            _ = response.content  # the whole body, as a browser downloads it
            # The session and CSRF cookies are Secure: the TLS proxy of production, simulated
            # with X-Forwarded-Proto, would carry them; requests keeps them off plain http.
            for cookie in client.cookies:
                cookie.secure = False
            status = str(response.status_code)
        except requests.RequestException as error:
            response, status = None, type(error).__name__
        ms = (time.perf_counter() - began) * 1000
        self.samples.append(Sample(kind, name, status, ms, time.monotonic() - self.start))
        return response

    def marker(self, what: str) -> str:
        self.counter += 1
        return f"soak c{self.index:02d} {what} {self.counter:05d} {secrets.token_hex(4)}"

    def refuse(self, kind: str, response: Any, detail: str = "") -> None:
        status = response.status_code if response is not None else "error"
        text = response.text[:300] if response is not None else ""
        self.refused.append({"kind": kind, "status": status, "detail": detail or text})

    # Signing in, as the sign-in form does.
    def sign_in(self) -> bool:
        self.session = self.new_session()
        page = self.request("login", "sign-in form", "GET", "/accounts/login/")
        if page is None or page.status_code != 200:
            return False
        form = post_form(page.text, "/accounts/login/")
        data = form.data({"username": self.username, "password": PASSWORD})
        answer = self.request("login", "sign in", "POST", "/accounts/login/", data=data)
        return answer is not None and answer.status_code == 302

    def fill(self, template: str) -> str:
        ids = self.plan.ids[self.government]
        return fill_ids(template, lambda kind: self.rng.choice(ids[kind]))

    # Operations.
    def staff_page(self) -> None:
        template = self.rng.choice(self.plan.staff_paths[self.government])
        response = self.request("staff_page", template, "GET", self.fill(template))
        if (
            response is not None
            and response.status_code == 302
            and "/login/" in response.headers.get("Location", "")
        ):
            self.sign_in()  # the session ended: sign in again, as a person would

    def portal_page(self) -> None:
        path = self.rng.choice(self.plan.portal_paths)
        self.request("portal_page", path, "GET", path)

    def open_data(self) -> None:
        path = self.rng.choice(self.plan.open_data_paths)
        self.request("open_data", path, "GET", path)

    def api_read(self) -> None:
        template = self.rng.choice(self.plan.api_paths)
        self.request("api_read", template, "GET", self.fill(template))

    def form_write(self) -> None:
        choice = self.rng.random()
        if choice < 0.4 or not self.own_partners:
            self.form_create_partner()
        elif choice < 0.7:
            self.form_edit_partner()
        else:
            self.form_add_note()

    def api_write(self) -> None:
        choice = self.rng.random()
        if choice < 0.4 or not self.own_partners:
            self.api_create_partner()
        elif choice < 0.7:
            self.api_edit_partner()
        else:
            self.api_create_contact()

    def submit(self, kind: str, path: str, overrides: dict[str, Any]) -> Any:
        """GET the form page, fill the form in and POST it; the answer, or None if refused."""
        page = self.request("form_page", kind, "GET", path)
        if page is None or page.status_code != 200:
            self.refuse(kind, page, "form page")
            return None
        form = post_form(page.text, path)
        overrides = {k: (v(form) if callable(v) else v) for k, v in overrides.items()}
        target = urlsplit(urljoin(path, form.action or path)).path
        answer = self.request("form_post", kind, "POST", target, data=form.data(overrides))
        if answer is None or answer.status_code != 302:
            errors = re.findall(
                r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', answer.text if answer else "", re.S
            )
            self.refuse(kind, answer, " | ".join(errors)[:300])
            return None
        return answer

    def form_create_partner(self) -> None:
        marker = self.marker("web partner")
        answer = self.submit(
            "form_create_partner",
            "/partners/new/",
            {
                "name": marker,
                "kind": lambda form: form.first_option("kind"),
                "country": "FR",
                "description": marker,
            },
        )
        if answer is None:
            return
        match = re.search(r"/partners/(\d+)/", answer.headers.get("Location", ""))
        pk = int(match.group(1)) if match else None
        self.writes.append(Write("form_create_partner", "partner", "web", pk, marker))
        if pk is not None:
            self.own_partners.append(pk)

    def form_edit_partner(self) -> None:
        pk = self.rng.choice(self.own_partners)
        marker = self.marker("web edit")
        answer = self.submit("form_edit_partner", f"/partners/{pk}/edit/", {"description": marker})
        if answer is not None:
            self.writes.append(Write("form_edit_partner", "partner", "web", pk, marker))

    def form_add_note(self) -> None:
        pk = self.rng.choice(self.own_partners + self.plan.ids[self.government]["partner"])
        marker = self.marker("web note")
        today = dt.date.today().isoformat()
        answer = self.submit(
            "form_add_note", f"/partners/{pk}/notes/add/", {"date": today, "text": marker}
        )
        if answer is not None:
            self.writes.append(Write("form_add_note", "partner_note", "web", pk, marker))

    def api_create_partner(self) -> None:
        marker = self.marker("api partner")
        body = {"name": marker, "kind": "city_network", "country": "PT", "description": marker}
        response = self.request(
            "api_write", "POST /api/v1/partners/", "POST", "/api/v1/partners/", json=body
        )
        if response is None or response.status_code != 201:
            self.refuse("api_create_partner", response)
            return
        pk = int(response.json()["id"])
        self.writes.append(Write("api_create_partner", "partner", "api", pk, marker))
        self.own_partners.append(pk)

    def api_edit_partner(self) -> None:
        pk = self.rng.choice(self.own_partners)
        path = f"/api/v1/partners/{pk}/"
        current = self.request("api_read", "/api/v1/partners/{own}/", "GET", path)
        if current is None or current.status_code != 200:
            self.refuse("api_edit_partner", current, "read before the change")
            return
        marker = self.marker("api edit")
        headers = {"If-Match": current.headers.get("ETag", "")}
        response = self.request(
            "api_write",
            "PATCH /api/v1/partners/{id}/",
            "PATCH",
            path,
            json={"description": marker},
            headers=headers,
        )
        if response is None or response.status_code != 200:
            self.refuse("api_edit_partner", response)
            return
        self.writes.append(Write("api_edit_partner", "partner", "api", pk, marker))

    def api_create_contact(self) -> None:
        pk = self.rng.choice(self.own_partners)
        marker = self.marker("api contact")
        body = {"partner": pk, "name": marker, "email": f"c{self.index}.{self.counter}@example.org"}
        response = self.request(
            "api_write", "POST /api/v1/contacts/", "POST", "/api/v1/contacts/", json=body
        )
        if response is None or response.status_code != 201:
            self.refuse("api_create_contact", response)
            return
        self.writes.append(
            Write("api_create_contact", "contact", "api", int(response.json()["id"]), marker)
        )

    def run(self) -> None:
        if not self.sign_in():
            self.refused.append({"kind": "login", "status": "failed", "detail": self.username})
        operations = list(OPERATIONS)
        weights = list(OPERATIONS.values())
        while not self.stop.is_set():
            operation = self.rng.choices(operations, weights)[0]
            try:
                getattr(self, operation)()
            except Exception as error:  # an answer the client could not read: keep going
                self.refused.append(
                    {"kind": operation, "status": "unreadable", "detail": repr(error)}
                )
            if self.think_ms:
                self.stop.wait(self.rng.uniform(0, 2 * self.think_ms) / 1000)


# --- The server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def psql(owner_url: str, sql: str) -> None:
    parts = urlsplit(owner_url)
    maintenance = parts._replace(path="/postgres").geturl()
    subprocess.run(
        [
            "psql",
            maintenance,
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
            "-c",
            sql,
        ],
        check=True,
    )


def worker_pids(master: int) -> list[int]:
    children: list[int] = []
    for task in Path(f"/proc/{master}/task").glob("*/children"):
        children += [int(p) for p in task.read_text().split()]
    return sorted(children)


def rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class MemorySampler(threading.Thread):
    def __init__(self, master: int, start: float, every_s: float) -> None:
        super().__init__(daemon=True)
        self.master = master
        self.start_at = start
        self.every_s = every_s
        self.series: dict[int, list[tuple[float, int]]] = defaultdict(list)
        self.halt = threading.Event()

    def sample(self) -> None:
        at = time.monotonic() - self.start_at
        for pid in worker_pids(self.master):
            kb = rss_kb(pid)
            if kb is not None:
                self.series[pid].append((at, kb))

    def run(self) -> None:
        while not self.halt.is_set():
            self.sample()
            self.halt.wait(self.every_s)


def start_processes(
    env: dict[str, str], work: Path, port: int, workers: int
) -> list[subprocess.Popen[bytes]]:
    log = open(work / "gunicorn.log", "ab")  # noqa: SIM115 (kept open for the process)
    web = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "lazos.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--max-requests",
            "0",
            "--forwarded-allow-ips",
            "127.0.0.1",
            "--control-socket",
            str(work / "gunicorn.ctl"),
            "--access-logfile",
            str(work / "access.log"),
        ],
        env=env,
        cwd=work,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    job_log = open(work / "worker.log", "ab")  # noqa: SIM115
    jobs = subprocess.Popen(
        [str(BIN / "lazos"), "db_worker", "--interval", "1", "--no-reload"],
        env=env,
        cwd=work,
        stdout=job_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return [web, jobs]


def stop_processes(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_up(base: str, processes: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if processes[0].poll() is not None:
            raise SystemExit("gunicorn stopped while starting: see gunicorn.log")
        try:
            if requests.get(base + "/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz within 90 s")


# --- Setting up -------------------------------------------------------------------------------


def export_source(commit: str, work: Path) -> tuple[Path, str]:
    """The committed tree of ``commit``, extracted under ``work``: edits in progress in the
    checkout do not enter the measurement. Returns the folder and the commit's short id."""
    sha = subprocess.run(
        ["git", "rev-parse", "--short", commit],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    source = work / "src"
    source.mkdir()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", sha], cwd=ROOT, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
    return source, sha


def production_environment(
    owner_url: str, *, port: int, redis_db: int, work: Path, source: Path, extra: dict[str, str]
) -> tuple[dict[str, str], str]:
    """Production's environment for gunicorn and the job worker, connected as the application
    role of ``owner_url``'s database (which does not own the tables), with the Redis cache of
    database ``redis_db``; and that cache's address. ``extra`` adds or overrides settings."""
    parts = urlsplit(owner_url)
    app_role = f"{parts.path.lstrip('/')}_app"
    app_url = parts._replace(netloc=f"{app_role}@{parts.hostname}:{parts.port or 5432}").geturl()
    origin = f"https://127.0.0.1:{port}"
    cache_url = f"redis://127.0.0.1:6379/{redis_db}"
    base_env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "LAZOS_", "DJANGO_"))
    }
    production = {
        **base_env,
        "LAZOS_ENV": "production",
        "DEBUG": "off",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "LAZOS_BASE_URL": origin,
        "CSRF_TRUSTED_ORIGINS": origin,
        "LAZOS_VAR_DIR": str(work),
        "DATABASE_URL": app_url,
        "TRUSTED_PROXIES": "127.0.0.1",
        "CACHE_URL": cache_url,
        "TASKS_BACKEND": "database",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(source),  # before the editable install of the checkout
        **extra,
    }
    return production, cache_url


def create_production_database(owner_url: str, production: dict[str, str], work: Path) -> None:
    """An empty database of ``owner_url``'s name (dropped first), its application role,
    migrated as the owner as docs/deployment.md says, with the static files collected."""
    parts = urlsplit(owner_url)
    database = parts.path.lstrip("/")
    app_role = f"{database}_app"
    owner = {**production, "DATABASE_MIGRATION_URL": owner_url}
    lazos = str(BIN / "lazos")

    def step(label: str, command: list[str], env: dict[str, str]) -> None:
        timed(
            label,
            lambda: subprocess.run(
                command, env=env, cwd=work, check=True, stdout=subprocess.DEVNULL
            ),
        )

    psql(owner_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    psql(
        owner_url,
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{app_role}') "
        f'THEN CREATE ROLE "{app_role}" LOGIN; END IF; END $$',
    )
    psql(owner_url, f'CREATE DATABASE "{database}"')
    step("migrate (production, as the owner)", [lazos, "migrate", "--no-input"], owner)
    step("grant_app_role", [lazos, "grant_app_role"], owner)
    step("collectstatic", [lazos, "collectstatic", "--no-input"], production)


def prepare(
    args: argparse.Namespace, work: Path, port: int, source: Path
) -> tuple[dict[str, str], Plan]:
    owner_url = args.database_url
    production, cache_url = production_environment(
        owner_url,
        port=port,
        redis_db=args.redis_db,
        work=work,
        source=source,
        extra={"LAZOS_REQUIRE_2FA_FOR_ADMINS": "on"},
    )
    create_production_database(owner_url, production, work)

    # The demo and the soak accounts, in this process with development settings (the demo
    # refuses production), as the owner; the same process checks the writes at the end.
    os.environ.update(
        {
            "LAZOS_ENV": "development",
            "DATABASE_URL": owner_url,
            "LAZOS_VAR_DIR": str(work),
            "CACHE_URL": cache_url,
            "TASKS_BACKEND": "immediate",
            "DJANGO_SETTINGS_MODULE": "lazos.settings",
        }
    )
    os.environ.pop("DATABASE_MIGRATION_URL", None)
    sys.path.insert(0, str(source))
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection

    from lazos.demo.builders import load_demo

    timed("demo", load_demo)
    users, ids = soak_accounts(args.clients)
    cache.clear()  # the server starts cold
    connection.close()

    return production, build_plan(port, users, ids)


def build_plan(
    port: int, users: list[tuple[str, str, str]], ids: dict[str, dict[str, list[int]]]
) -> Plan:
    """The pages of the mix: "{partner}" and the like are filled with a random id of the
    client's government."""
    staff = [
        "/dashboard/",
        "/government/",
        "/partners/",
        "/partners/?q=a",
        "/partners/{partner}/",
        "/actions/",
        "/actions/{action}/",
        "/agreements/",
        "/agreements/{agreement}/",
        "/commitments/",
        "/calendar/",
        "/search/?q=agua",
        "/activity/",
    ]
    portal = ["/", "/?q=agua"]
    open_data = []
    for slug in GOVERNMENTS:
        portal += [f"/{slug}/", f"/{slug}/actions/", f"/{slug}/agreements/", f"/{slug}/missions/"]
        portal += [f"/{slug}/actions/{pk}/" for pk in ids[slug]["public_action"][:10]]
        open_data += [
            f"/{slug}/open-data/",
            f"/{slug}/open-data/iati-activities.xml",
            f"/{slug}/open-data/datapackage.zip",
            f"/{slug}/open-data/datapackage.json",
            f"/{slug}/events.ics",
            f"/{slug}/feed.atom",
        ]
    api = [
        "/api/v1/me/",
        "/api/v1/partners/",
        "/api/v1/partners/?q=a&page_size=100",
        "/api/v1/partners/{partner}/",
        "/api/v1/actions/",
        "/api/v1/actions/{action}/",
        "/api/v1/agreements/",
        "/api/v1/commitments/?ordering=due_date",
    ]
    plan = Plan(
        base=f"http://127.0.0.1:{port}",
        origin=f"https://127.0.0.1:{port}",
        users=users,
        staff_paths={slug: staff for slug in GOVERNMENTS},
        ids=ids,
        portal_paths=portal,
        open_data_paths=open_data,
        api_paths=api,
    )
    return plan


def soak_accounts(
    clients: int,
) -> tuple[list[tuple[str, str, str]], dict[str, dict[str, list[int]]]]:
    """One coordinator per client (governments in turn), each with an API token; the ids of
    the objects the pages show."""
    from lazos.accounts.models import User
    from lazos.actions.models import Action
    from lazos.agreements.models import Agreement
    from lazos.api.services import create_api_token
    from lazos.governments.choices import Role
    from lazos.governments.models import Government
    from lazos.governments.services import add_member
    from lazos.partners.models import Partner

    governments = {g.slug: g for g in Government.objects.filter(slug__in=GOVERNMENTS)}
    users = []
    for index in range(clients):
        slug = GOVERNMENTS[index % len(GOVERNMENTS)]
        government = governments[slug]
        user = User.objects.create_user(f"soak{index:02d}", password=PASSWORD)
        add_member(government, acting_user=None, user=user, role=Role.COORDINATOR)
        _, key = create_api_token(government, acting_user=user, name="soak")
        users.append((user.username, slug, key))
    ids = {}
    for slug, government in governments.items():
        ids[slug] = {
            "partner": list(Partner.objects.for_tenant(government).values_list("pk", flat=True)),
            "action": list(Action.objects.for_tenant(government).values_list("pk", flat=True)),
            "public_action": list(
                Action.objects.for_tenant(government)
                .public()
                .order_by("pk")
                .values_list("pk", flat=True)
            ),
            "agreement": list(
                Agreement.objects.for_tenant(government).values_list("pk", flat=True)
            ),
        }
    return users, ids


def first_id(ids: dict[str, list[int]], kind: str) -> int:
    return ids[kind][0]


def preflight(plan: Plan) -> None:
    """Every page of the mix once per government, before the clock starts: a page that does
    not answer 200 is a mistake of this harness (or a broken page), not load."""
    stop = threading.Event()
    problems = []
    for index in range(min(len(plan.users), len(GOVERNMENTS))):
        client = Client(index, plan, time.monotonic(), stop, 0)
        if not client.sign_in():
            raise SystemExit(f"preflight: {client.username} could not sign in")
        ids = plan.ids[client.government]
        checks = [("staff_page", p) for p in plan.staff_paths[client.government]]
        checks += [("api_read", p) for p in plan.api_paths]
        if index == 0:
            checks += [("portal_page", p) for p in plan.portal_paths]
            checks += [("open_data", p) for p in plan.open_data_paths]
        for kind, template in checks:
            path = fill_ids(template, partial(first_id, ids))
            response = client.request(kind, template, "GET", path)
            # Public files are built by the job worker: the first request answers 503 "being
            # prepared" (with Retry-After) until the worker has published them.
            deadline = time.monotonic() + 120
            while (
                response is not None
                and response.status_code == 503
                and response.headers.get("Retry-After")
                and time.monotonic() < deadline
            ):
                time.sleep(2)
                response = client.request(kind, template, "GET", path)
            if response is None or response.status_code != 200:
                problems.append(
                    f"{kind} {path}: {response.status_code if response is not None else 'error'}"
                )
        for ref in client.refused:
            problems.append(f"{ref}")
    if problems:
        raise SystemExit("preflight failed:\n  " + "\n  ".join(problems))


# --- Checking and reporting ---------------------------------------------------------------


def verify(writes: list[Write]) -> tuple[Counter[str], list[dict[str, object]]]:
    """Find every write in the database; returns the counts found per kind and the missing."""
    from django.contrib.contenttypes.models import ContentType

    from lazos.core.models import AuditEvent
    from lazos.partners.models import Contact, Partner, PartnerNote

    partners = {
        p.pk: p
        for p in Partner.objects.filter(pk__in={w.pk for w in writes if w.model == "partner"})
    }
    contacts = {
        c.pk: c
        for c in Contact.objects.filter(pk__in={w.pk for w in writes if w.model == "contact"})
    }
    notes = set(
        PartnerNote.objects.filter(
            text__in=[w.marker for w in writes if w.model == "partner_note"]
        ).values_list("partner_id", "text")
    )
    partner_type = ContentType.objects.get_for_model(Partner)
    events: dict[str, list[str]] = defaultdict(list)
    edited = {str(w.pk) for w in writes if w.kind.endswith("edit_partner")}
    for object_id, channel, changes in AuditEvent.objects.filter(
        content_type=partner_type, object_id__in=edited, action="update"
    ).values_list("object_id", "channel", "changes"):
        events[object_id].append(channel + " " + json.dumps(changes, ensure_ascii=False))
    last_edit = {w.pk: w.marker for w in writes if w.kind.endswith("edit_partner")}
    found: Counter[str] = Counter()
    missing: list[dict[str, object]] = []
    for w in writes:
        if w.model == "partner" and w.kind.endswith("create_partner"):
            p = partners.get(w.pk or 0)
            ok = p is not None and p.name == w.marker
        elif w.model == "partner":
            p = partners.get(w.pk or 0)
            ok = any(e.startswith(w.channel + " ") and w.marker in e for e in events[str(w.pk)])
            if last_edit.get(w.pk) == w.marker:  # the last change of the object is its value now
                ok = ok and p is not None and p.description == w.marker
        elif w.model == "contact":
            c = contacts.get(w.pk or 0)
            ok = c is not None and c.name == w.marker
        else:
            ok = (w.pk, w.marker) in notes
        if ok:
            found[w.kind] += 1
        else:
            missing.append({"kind": w.kind, "pk": w.pk, "marker": w.marker})
    return found, missing


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def memory_summary(
    series: dict[int, list[tuple[float, int]]], warm_s: float, end_s: float, window_s: float
) -> list[dict[str, object]]:
    """Each worker's memory: its floor (the lowest sample) over the last ``window_s`` of the
    warm-up against its floor over the last ``window_s`` of the run. A leak raises the floor;
    one heavy request in progress at the last sample (a data package being zipped) does not.
    """
    workers = []
    for pid, points in sorted(series.items()):
        warm = [kb for at, kb in points if warm_s - window_s <= at <= warm_s]
        end = [kb for at, kb in points if at >= end_s - window_s]
        entry: dict[str, object] = {
            "pid": pid,
            "samples": len(points),
            "first_mb": round(points[0][1] / 1024, 1),
            "last_mb": round(points[-1][1] / 1024, 1),
            "min_mb": round(min(kb for _, kb in points) / 1024, 1),
            "max_mb": round(max(kb for _, kb in points) / 1024, 1),
        }
        if warm and end and points[0][0] <= max(0.0, warm_s - window_s) + window_s / 2:
            entry["warmed_up_floor_mb"] = round(min(warm) / 1024, 1)
            entry["end_floor_mb"] = round(min(end) / 1024, 1)
            entry["growth_pct"] = round((min(end) - min(warm)) / min(warm) * 100, 2)
        else:
            entry["growth_pct"] = None  # started or stopped mid-run: a replaced worker
        workers.append(entry)
    return workers


def interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # stopped like Ctrl-C: the server is stopped on the way out


def git_commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return result.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--duration", type=int, default=int(os.environ.get("DURATION", 600)), help="seconds of load"
    )
    parser.add_argument("--clients", type=int, default=int(os.environ.get("CLIENTS", 16)))
    parser.add_argument(
        "--warmup",
        type=int,
        default=None,
        help="seconds at the start not judged for memory (default: 20 %%, at most 120)",
    )
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (the unit's 3)")
    parser.add_argument(
        "--think-ms", type=int, default=100, help="mean pause of a client between operations"
    )
    parser.add_argument(
        "--sample-every", type=float, default=5.0, help="seconds between memory samples"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "SOAK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lazos_soak"
        ),
        help="PostgreSQL database (dropped and recreated) as a role that may create databases",
    )
    parser.add_argument("--redis-db", type=int, default=int(os.environ.get("SOAK_REDIS_DB", 13)))
    parser.add_argument(
        "--commit",
        default=os.environ.get("SOAK_COMMIT", "HEAD"),
        help="the commit to serve, exported from git (default HEAD); empty: the checkout as it is",
    )
    parser.add_argument(
        "--no-save", action="store_true", help="do not append to bench/results/soak.json"
    )
    args = parser.parse_args()
    warmup = args.warmup if args.warmup is not None else min(120, max(5, args.duration // 5))

    signal.signal(signal.SIGTERM, interrupt)
    # Ctrl-C too, even when started in the background, where SIGINT comes ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    work = Path(tempfile.mkdtemp(prefix="lazos-soak-"))
    port = free_port()
    print(
        f"soak: {args.clients} clients, {args.duration} s (warm-up {warmup} s); files in {work}",
        flush=True,
    )
    if args.commit:
        source, commit = export_source(args.commit, work)
    else:
        source, commit = ROOT, git_commit() + " + uncommitted changes"
    env, plan = prepare(args, work, port, source)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        processes = start_processes(env, work, port, args.workers)
        timed("gunicorn up", lambda: wait_until_up(plan.base, processes))
        preflight(plan)
        load_before = os.getloadavg()
        stop = threading.Event()
        start = time.monotonic()
        sampler = MemorySampler(processes[0].pid, start, args.sample_every)
        sampler.start()
        clients = [Client(i, plan, start, stop, args.think_ms) for i in range(args.clients)]
        threads = [threading.Thread(target=c.run, daemon=True) for c in clients]
        for thread in threads:
            thread.start()
        try:
            while time.monotonic() - start < args.duration:
                time.sleep(max(0.0, min(15.0, args.duration - (time.monotonic() - start))))
                done = sum(len(c.samples) for c in clients)
                elapsed = time.monotonic() - start
                print(
                    f"  {elapsed:5.0f} s  {done} requests  load {os.getloadavg()[0]:.2f}",
                    flush=True,
                )
        finally:
            sampler.sample()  # the last sample at the end of the load
            ended = time.monotonic() - start
            sampler.halt.set()
            stop.set()
            for thread in threads:
                thread.join(timeout=REQUEST_TIMEOUT_S + 5)
        load_after = os.getloadavg()
    finally:
        stop_processes(processes)

    samples = [s for c in clients for s in c.samples]
    writes = [w for c in clients for w in c.writes]
    refused = [r for c in clients for r in c.refused]
    found, missing = verify(writes)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]

    per_kind: dict[str, dict[str, object]] = {}
    for kind in sorted({s.kind for s in samples}):
        mine = [s for s in samples if s.kind == kind]
        timings = [s.ms for s in mine]
        per_kind[kind] = {
            "count": len(mine),
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            "max_ms": round(max(timings), 1),
            "statuses": dict(sorted(Counter(s.status for s in mine).items())),
        }
    statuses = Counter(s.status for s in samples)
    server_errors = [s for s in samples if s.status.isdigit() and int(s.status) >= 500]
    transport_errors = [s for s in samples if not s.status.isdigit()]
    window = max(3 * args.sample_every, min(60.0, ended / 10))
    workers = memory_summary(sampler.series, warmup, ended, window)
    judged = [w for w in workers if w["growth_pct"] is not None]
    replaced = [w for w in workers if w["growth_pct"] is None]
    memory_ok = (
        bool(judged)
        and not replaced
        and all(float(str(w["growth_pct"])) <= GROWTH_LIMIT_PCT for w in judged)
    )
    criteria = {
        "no_5xx": not server_errors and not transport_errors,
        "memory_flat": memory_ok,
        "writes_found": not missing and not refused and len(writes) > 0,
    }
    result = {
        "benchmark": "soak",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "machine": {
            "cpus": os.cpu_count(),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in load_after],
        },
        "server": {
            "settings": "LAZOS_ENV=production, DEBUG off, PostgreSQL as an application role, Redis cache and sessions, TASKS_BACKEND=database with a job worker",
            "postgresql": server_version,
            "gunicorn": f"{args.workers} workers, timeout 60, max-requests 0",
        },
        "duration_s": round(ended, 1),
        "warmup_s": warmup,
        "clients": args.clients,
        "think_ms": args.think_ms,
        "requests": len(samples),
        "requests_per_s": round(len(samples) / ended, 1) if ended else None,
        "per_kind": per_kind,
        "statuses": dict(sorted(statuses.items())),
        "server_errors": len(server_errors),
        "transport_errors": len(transport_errors),
        "memory": {
            "sample_every_s": args.sample_every,
            "floor_window_s": window,
            "limit_pct": GROWTH_LIMIT_PCT,
            "workers": workers,
        },
        "writes": {
            "made": len(writes),
            "found": sum(found.values()),
            "per_kind": {
                k: {"made": v, "found": found[k]}
                for k, v in sorted(Counter(w.kind for w in writes).items())
            },
            "refused": len(refused),
            "missing": missing[:20],
            "refused_examples": refused[:10],
        },
        "criteria": criteria,
        "passed": all(criteria.values()),
    }
    print_summary(result, server_errors, work)
    for rebuilt in ("src", "static"):  # the logs stay; the exported code and static files go
        shutil.rmtree(work / rebuilt, ignore_errors=True)
    if not args.no_save:
        runs = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
        runs.append(result)
        RESULTS.write_text(json.dumps(runs, indent=2, ensure_ascii=False) + "\n")
        print(f"appended to {RESULTS.relative_to(ROOT)}")
    return 0 if result["passed"] else 1


def print_summary(result: dict[str, Any], server_errors: list[Sample], work: Path) -> None:
    print(
        f"\nSoak: {result['clients']} clients, {result['duration_s']} s, {result['requests']} requests "
        f"({result['requests_per_s']}/s); load {result['machine']['load_before']} → {result['machine']['load_after']}"
    )
    print(f"{'kind':14} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  statuses")
    for kind, k in result["per_kind"].items():
        print(
            f"{kind:14} {k['count']:7d} {k['p50_ms']:8.1f} {k['p95_ms']:8.1f} {k['max_ms']:8.1f}  {k['statuses']}"
        )
    for w in result["memory"]["workers"]:
        print(
            f"worker {w['pid']}: floor {w.get('warmed_up_floor_mb')} MB after warm-up → "
            f"{w.get('end_floor_mb')} MB at the end "
            f"({w['growth_pct']} %), min {w['min_mb']} max {w['max_mb']}"
        )
    writes = result["writes"]
    print(f"writes: {writes['made']} made, {writes['found']} found, {writes['refused']} refused")
    for example in writes["refused_examples"][:5]:
        print(f"  refused: {example}")
    for example in writes["missing"][:5]:
        print(f"  missing: {example}")
    for s in server_errors[:10]:
        print(f"  {s.status} {s.kind} {s.name} at {s.at:.0f} s")
    if server_errors:
        print(f"server log: {work / 'gunicorn.log'}")
    print(
        "criteria: "
        + ", ".join(f"{k} {'ok' if v else 'FAILED'}" for k, v in result["criteria"].items())
    )


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except KeyboardInterrupt:
        print("\nsoak: interrupted; the server was stopped, nothing was saved", file=sys.stderr)
        raise SystemExit(130) from None

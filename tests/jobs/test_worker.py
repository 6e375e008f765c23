"""Jobs off the request with the settings of ``make run`` (#13): SQLite, no Redis, no
TASKS_BACKEND in the environment, and ``lazos run`` serving the site with a worker beside it.

The site runs in real processes against a file copy of the migrated test database: a request
that applies an import answers at once with the import queued, the worker applies it, the
job's page follows it; the demo's report step queues its reports and the worker produces them;
SIGTERM stops the web server and the worker together. Progress written by one process is read
by another through the embedded default's file cache.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from django.db import connection

from lazos.core.testing.processes import REPO, last_json, run_python
from lazos.spreadsheets.tests.helpers import write_xlsx

pytestmark = pytest.mark.sqlite

HEADERS = ["External id", "Title", "Modality", "Start", "End", "Partners"]
ROWS = 400
# The apply request must answer well before the import could have run (it takes seconds).
QUICK_SECONDS = 3.0
JOB_TIMEOUT = 180


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def make_run_environment(var_dir: Path) -> dict[str, str]:
    """What ``make run`` has: the embedded defaults, files under one folder."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"TASKS_BACKEND", "CACHE_URL", "DATABASE_URL", "LAZOS_PROGRESS_DIR"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lazos.settings",
        DATABASE_URL=f"sqlite:///{var_dir / 'lazos.sqlite3'}",
        LAZOS_VAR_DIR=str(var_dir),
    )
    return env


def in_site(var_dir: Path, code: str) -> Any:
    """Run ``code`` in a fresh process with the site's settings; its last printed JSON."""
    env = make_run_environment(var_dir)
    return last_json(
        run_python(
            code,
            DATABASE_URL=env["DATABASE_URL"],
            LAZOS_VAR_DIR=env["LAZOS_VAR_DIR"],
            TASKS_BACKEND="database",
        )
    )


@pytest.fixture
def site(django_db_setup: None, django_db_blocker: Any, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """``lazos run`` on a file copy of this process's migrated test database, with a
    government, a coordinator signed in (their session cookie) and a partner the import
    links to."""
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(var_dir / "lazos.sqlite3")
        connection.connection.backup(target)
        target.close()
    setup = in_site(
        var_dir,
        """
        import json
        import django
        django.setup()
        from django.test import Client
        from lazos.core.testing import build_world
        from lazos.partners.models import Partner

        world = build_world()
        Partner.objects.create(government=world.government, name="Rosario",
                               kind="local_government", external_id="P-1")
        client = Client()
        client.force_login(world.users["coordinator"])
        print(json.dumps({"session": client.cookies["sessionid"].value,
                          "government": world.government.pk}))
        """,
    )
    port = free_port()
    log = (tmp_path / "run.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "lazos", "run", f"127.0.0.1:{port}", "--noreload"],
        cwd=REPO,
        env=make_run_environment(var_dir),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    http = requests.Session()
    http.cookies.set("sessionid", setup["session"], domain="127.0.0.1")
    deadline = time.monotonic() + 60
    while True:
        try:
            if http.get(f"{base}/healthz", timeout=5).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        assert process.poll() is None, (tmp_path / "run.log").read_text()[-3000:]
        assert time.monotonic() < deadline, "lazos run did not answer within 60 s"
        time.sleep(0.3)
    try:
        yield {
            "base": base,
            "http": http,
            "var": var_dir,
            "process": process,
            "tmp": tmp_path,
            **setup,
        }
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()


def csrf(http: requests.Session, base: str, path: str) -> str:
    page = http.get(f"{base}{path}", timeout=10)
    assert page.status_code == 200, (path, page.status_code)
    return str(http.cookies.get("csrftoken"))


def wait_for(check: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"{what}: not within {timeout} s")


def child_pids(log: Path) -> list[int]:
    return [int(pid) for pid in re.findall(r": pid (\d+)", log.read_text())]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return (
        Path(f"/proc/{pid}").exists()
        and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
    )


def test_make_run_applies_an_import_in_the_worker_not_in_the_request(site):
    base, http = site["base"], site["http"]
    rows = [
        [f"A-{i}", f"Action {i}", "mission abroad", "2024-03-01", "2024-03-05", "P-1"]
        for i in range(ROWS)
    ]
    sheet = write_xlsx(site["tmp"] / "actions.xlsx", HEADERS, rows)
    token = csrf(http, base, "/spreadsheets/import/")
    with sheet.open("rb") as handle:
        preview = http.post(
            f"{base}/spreadsheets/import/",
            data={"kind": "actions", "csrfmiddlewaretoken": token},
            files={"file": ("actions.xlsx", handle)},
            headers={"Referer": f"{base}/spreadsheets/import/"},
            allow_redirects=False,
            timeout=60,
        )
    assert preview.status_code == 302, preview.text[-2000:]
    run_path = preview.headers["Location"]
    run_id = int(re.findall(r"/(\d+)/", run_path)[-1])

    token = csrf(http, base, run_path)
    started = time.monotonic()
    applied = http.post(
        f"{base}/spreadsheets/import/{run_id}/apply/",
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}{run_path}"},
        allow_redirects=False,
        timeout=60,
    )
    answered_in = time.monotonic() - started
    assert applied.status_code == 302
    assert answered_in < QUICK_SECONDS, f"the apply request took {answered_in:.1f} s"
    # What the request saw: the import queued, not applied (its message says so).
    page = http.get(f"{base}{applied.headers['Location']}", timeout=10).text
    assert "The import is running; this page shows its progress." in page
    assert "The import was applied." not in page

    job_page = f"{base}/jobs/spreadsheet-import/{run_id}/"
    seen: list[str] = []

    def finished() -> bool:
        html = http.get(job_page, timeout=10).text
        seen.extend(re.findall(r'<progress id="job-progress-bar" value="(\d+)"', html))
        return 'status--done"' in html or 'status--failed"' in html

    wait_for(finished, JOB_TIMEOUT, "the worker applying the import")
    done_page = http.get(job_page, timeout=10).text
    assert 'status--done"' in done_page, done_page[-3000:]
    assert f'value="{ROWS}" max="{ROWS}"' in done_page
    assert 'hx-trigger="every' not in done_page  # finished: nothing polls
    # How long it took, from the queue's record of the worker's start and end.
    assert "<dt>Elapsed</dt><dd>—</dd>" not in done_page
    assert re.search(r"<dt>Elapsed</dt><dd>\d+:\d\d</dd>", done_page)
    listing = http.get(f"{base}/jobs/", timeout=10).text
    assert "actions.xlsx" in listing

    outcome = in_site(
        site["var"],
        f"""
        import json
        import django
        django.setup()
        from django_tasks_db.models import DBTaskResult
        from lazos.actions.models import Action
        from lazos.spreadsheets.models import ImportRun

        run = ImportRun.objects.get(pk={run_id})
        task = DBTaskResult.objects.get(id=run.task_id)
        print(json.dumps({{"status": run.status, "actions": Action.objects.count(),
                           "task": task.status, "workers": task.worker_ids}}))
        """,
    )
    assert outcome["status"] == "applied"
    assert outcome["actions"] == ROWS
    # Run by the worker's process: the queue recorded which worker took it.
    assert outcome["task"] == "SUCCESSFUL"
    assert outcome["workers"]
    print(
        f"apply answered in {answered_in:.2f} s; the worker applied {ROWS} rows;",
        "progress values seen while it ran:",
        sorted(set(seen), key=int),
    )


def test_the_demos_reports_are_queued_and_produced_by_the_worker(site):
    queued = in_site(
        site["var"],
        f"""
        import json
        import django
        django.setup()
        from django.db import transaction
        from lazos.demo.kit import DemoReport
        from lazos.governments.models import Government
        from lazos.reports.demo import load_reports
        from lazos.reports.models import Report

        government = Government.objects.get(pk={site["government"]})
        with transaction.atomic():
            load_reports(government, DemoReport())
        print(json.dumps([[r.pk, r.status, r.task_id] for r in Report.objects.order_by("pk")]))
        """,
    )
    assert len(queued) == 2
    assert {status for _pk, status, _task in queued} == {"queued"}  # not produced in the step
    assert all(task for _pk, _status, task in queued)
    http, base = site["http"], site["base"]
    for pk, _status, _task in queued:

        def ready(pk: int = pk) -> bool:
            html = http.get(f"{base}/jobs/report/{pk}/", timeout=10).text
            assert 'status--failed"' not in html, html[-3000:]
            return 'status--done"' in html

        wait_for(ready, JOB_TIMEOUT, f"the worker producing report {pk}")
        assert http.get(f"{base}/reports/{pk}/pdf/", timeout=30).content.startswith(b"%PDF")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_a_signal_stops_the_web_server_and_the_worker_together(site, signum):
    process = site["process"]
    pids = child_pids(site["tmp"] / "run.log")
    assert len(pids) == 2
    assert all(alive(pid) for pid in pids)
    process.send_signal(signum)
    process.wait(timeout=30)
    wait_for(lambda: not any(alive(pid) for pid in pids), 15, "both children ending")


def test_progress_written_by_one_process_is_read_by_another(tmp_path):
    """The embedded default (no CACHE_URL): the worker's reports reach the web process."""
    env = {"LAZOS_VAR_DIR": str(tmp_path), "TASKS_BACKEND": "database"}
    wrote = run_python(
        """
        import django
        django.setup()
        from lazos.core.progress import ProgressReporter
        ProgressReporter(None, cache_key="lazos:test-progress")(7, 20)
        print("{}")
        """,
        **env,
    )
    last_json(wrote)
    read = run_python(
        """
        import json
        import django
        django.setup()
        from lazos.core.progress import live_entry, live_progress
        print(json.dumps([live_progress("lazos:test-progress", (0, 20)),
                          live_entry("lazos:test-progress") is not None]))
        """,
        **env,
    )
    assert last_json(read) == [[7, 20], True]
    assert any((tmp_path / "progress").iterdir())

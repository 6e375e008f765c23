"""The deployment of docs/deployment.md, done for real: the wheel in a fresh virtualenv.

Builds the wheel from this checkout (a copy, so the shared tree gets no build/ folder), creates
a virtualenv with the host's Python, upgrades pip first (the pip bundled with Python 3.11
refuses the lock), installs requirements/lock.txt with hashes and the wheel with --no-deps,
then, in production mode with LAZOS_VAR_DIR in a temporary folder, runs
``lazos check --deploy --fail-level WARNING``, ``lazos migrate`` and ``lazos collectstatic``,
starts gunicorn on ``lazos.wsgi:application`` and asks it for /healthz, the portal's home page
and one of its static files.

Nothing of this checkout is importable by the installed Lazos: the commands run from the
temporary folder with a clean environment, so a file missing from the wheel (a template, a
migration, a static file) fails here.

Needs the package index (or pip's cache, which it reuses): without it, the test skips saying
so; under CI a skip is a failure (conftest.py). About a minute on 2 cores, most of it in
installing the lock and in migrating.
"""

from __future__ import annotations

import http.client
import itertools
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# The Python the virtualenv is made with: this one, or another given by its path (e.g. to try
# Ubuntu 24.04's 3.12 on a Debian 12 machine: LAZOS_DEPLOY_PYTHON=/usr/bin/python3.12).
DEPLOY_PYTHON = os.environ.get("LAZOS_DEPLOY_PYTHON") or sys.executable

# The deployment runs on its own embedded database (an SQLite file under LAZOS_VAR_DIR),
# whatever the suite's engine, so CI runs it once, in its SQLite pass.
pytestmark = [pytest.mark.deploy, pytest.mark.engine_independent]

# What pip says when it cannot reach the index: the test then skips (locally) instead of failing.
NETWORK_ERRORS = (
    "NewConnectionError",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Name or service not known",
    "Network is unreachable",
    "ConnectTimeoutError",
    "ReadTimeoutError",
)

# Everything the copy of the checkout leaves out: only the sources go into the wheel.
NOT_SOURCES = shutil.ignore_patterns(
    ".git",
    ".venv",
    "var",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    "node_modules",
    "test-results",
)


def clean_environment(**extra: str) -> dict[str, str]:
    """The host's environment minus anything of this checkout or of the test run."""
    kept = {"HOME", "PATH", "LANG", "LC_ALL", "TMPDIR", "SSL_CERT_FILE", "SSL_CERT_DIR"}
    proxies = {"http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"}
    env = {
        name: value
        for name, value in os.environ.items()
        if name in kept or name in proxies or name.startswith("PIP_")
    }
    return {**env, **extra}


def run(
    command: list[str], *, cwd: Path, env: dict[str, str], timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def require_success(step: str, result: subprocess.CompletedProcess[str]) -> None:
    """Fail with the step's output, or skip when pip could not reach the index (not under CI)."""
    if result.returncode == 0:
        return
    output = result.stdout + result.stderr
    if any(error in output for error in NETWORK_ERRORS):
        pytest.skip(f"{step}: the package index is unreachable and pip's cache lacks a package")
    pytest.fail(f"{step} failed ({result.returncode}):\n{output[-4000:]}")


def get(address: str, path: str, *, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    host, port = address.removeprefix("http://").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_for_address(process: subprocess.Popen[str], log: Path, seconds: float = 60) -> str:
    """The address gunicorn says it listens at (it picks a free port: --bind 127.0.0.1:0)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", log.read_text())
        if found:
            return found.group(1)
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited ({process.returncode}):\n{log.read_text()[-4000:]}")
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not listen within {seconds} s:\n{log.read_text()[-4000:]}")


def test_the_wheel_deploys_into_a_fresh_virtualenv_and_serves_pages(tmp_path: Path) -> None:
    marks = [("start", time.monotonic())]
    source, dist, venv, var = (tmp_path / name for name in ("src", "dist", "venv", "var"))
    shutil.copytree(REPO, source, ignore=NOT_SOURCES)
    host_env = clean_environment()

    # The wheel and the virtualenv are independent: build one while making the other.
    wheel_build = subprocess.Popen(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", dist, "."],
        cwd=source,
        env=host_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    require_success(
        "python -m venv", run([DEPLOY_PYTHON, "-m", "venv", str(venv)], cwd=tmp_path, env=host_env)
    )
    python, bin_dir = venv / "bin" / "python", venv / "bin"
    env = clean_environment(PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    require_success(
        "python -m pip install --upgrade pip",
        run(
            [str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
            cwd=tmp_path,
            env=env,
        ),
    )
    build_output, _ = wheel_build.communicate(timeout=300)
    require_success(
        "pip wheel --no-deps .",
        subprocess.CompletedProcess(wheel_build.args, wheel_build.returncode, build_output, ""),
    )
    (wheel,) = dist.glob("lazos-*.whl")
    marks.append(("wheel built, venv with pip upgraded", time.monotonic()))

    lock = REPO / "requirements" / "lock.txt"
    require_success(
        "pip install --require-hashes -r requirements/lock.txt",
        run(
            [str(python), "-m", "pip", "install", "--quiet", "--require-hashes", "-r", str(lock)],
            cwd=tmp_path,
            env=env,
        ),
    )
    require_success(
        "pip install --no-deps lazos.whl",
        run(
            [str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
            cwd=tmp_path,
            env=env,
        ),
    )
    installed = run(
        [str(python), "-c", "import lazos, sys; sys.stdout.write(lazos.__file__)"],
        cwd=tmp_path,
        env=env,
    )
    assert Path(installed.stdout).is_relative_to(venv), installed.stdout + installed.stderr
    marks.append(("lock and wheel installed", time.monotonic()))

    production = {
        **env,
        "LAZOS_ENV": "production",
        "LAZOS_VAR_DIR": str(var),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "LAZOS_BASE_URL": "https://lazos.example.org",
        "DATABASE_URL": f"sqlite:///{var / 'lazos.sqlite3'}",
    }
    lazos = str(bin_dir / "lazos")
    # collectstatic (every file compressed with gzip and Brotli) writes only the static
    # folder, so check and migrate run while it does.
    collect = subprocess.Popen(
        [lazos, "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=tmp_path,
        env=production,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    check = run(
        [lazos, "check", "--deploy", "--fail-level", "WARNING"], cwd=tmp_path, env=production
    )
    require_success("lazos check --deploy --fail-level WARNING", check)
    assert "System check identified no issues" in check.stdout
    require_success(
        "lazos migrate",
        run([lazos, "migrate", "--no-input", "--verbosity", "0"], cwd=tmp_path, env=production),
    )
    collect_output, _ = collect.communicate(timeout=300)
    require_success(
        "lazos collectstatic",
        subprocess.CompletedProcess(collect.args, collect.returncode, collect_output, ""),
    )
    assert (var / "static" / "staticfiles.json").is_file()
    assert (var / "lazos.sqlite3").is_file()
    marks.append(("checked, migrated, static collected", time.monotonic()))

    log = tmp_path / "gunicorn.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [
                str(bin_dir / "gunicorn"),
                "lazos.wsgi:application",
                "--bind",
                "127.0.0.1:0",
                "--workers",
                "1",
                "--no-control-socket",  # not in the HOME of whoever runs the tests
            ],
            cwd=tmp_path,
            env=production,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            address = wait_for_address(server, log)
            # /healthz answers over plain HTTP (the load balancer's check); pages come through
            # the TLS proxy, which says so with X-Forwarded-Proto.
            status, body = get(address, "/healthz")
            assert (status, body) == (200, b'{"status": "ok", "database": "ok"}')
            status, _ = get(address, "/")
            assert status == 301  # plain HTTP is sent to HTTPS
            status, page = get(address, "/", headers={"X-Forwarded-Proto": "https"})
            assert status == 200, page[-2000:]
            assert b"https://lazos.example.org" in page
            assert re.search(rb'href="/static/[^"]+\.css"', page), "no stylesheet linked"
            # Only the hashed copies of static files are kept: every file a page names (the
            # portal, and the API documentation with Swagger UI's own files) must be served.
            status, docs = get(address, "/api/docs/", headers={"X-Forwarded-Proto": "https"})
            assert status == 200, docs[-2000:]
            named = set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', page + docs))
            assert any(b"swagger-ui" in path for path in named), docs[-2000:]
            for path in sorted(named):
                status, body = get(address, path.decode(), headers={"X-Forwarded-Proto": "https"})
                assert (status, bool(body)) == (200, True), path
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert server.returncode == 0, log.read_text()[-4000:]
    marks.append(("served and stopped", time.monotonic()))
    steps = ", ".join(
        f"{name} {end - begin:.0f} s" for (_, begin), (name, end) in itertools.pairwise(marks)
    )
    print(f"wheel deployment: {marks[-1][1] - marks[0][1]:.0f} s ({steps})")

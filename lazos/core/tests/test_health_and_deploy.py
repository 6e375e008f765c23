import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from lazos.core.testing.processes import run_python

REPO = Path(__file__).resolve().parents[3]


def test_healthz_reports_the_database(client, db):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_down(tmp_path):
    code = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    # An address where no PostgreSQL listens: connecting fails for real.
    result = run_python(code, DATABASE_URL="postgres://nobody@127.0.0.1:9/none")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer == {"status": 503, "body": {"status": "error", "database": "unavailable"}}


def _production_env(tmp_path: Path) -> dict[str, str]:
    return {
        "LAZOS_ENV": "production",
        "SECRET_KEY": "a-production-secret-key-of-sufficient-length-0123456789-abcdefghijkl",
        "ALLOWED_HOSTS": "lazos.example.org",
        "LAZOS_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
    }


def test_check_deploy_reports_no_issue_in_production_mode(tmp_path):
    env = {**os.environ, **_production_env(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "lazos", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_mode_requires_a_secret_key(tmp_path):
    env = {**os.environ, **_production_env(tmp_path)}
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "-m", "lazos", "check"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("var_dir", [None, "", "var", "./lazos-files"])
def test_production_mode_requires_an_absolute_var_dir(tmp_path, var_dir):
    # Installed from a wheel, the default var/ would be inside site-packages (#16).
    env = {**os.environ, **_production_env(tmp_path)}
    env.pop("LAZOS_VAR_DIR")
    if var_dir is not None:
        env["LAZOS_VAR_DIR"] = var_dir
    result = subprocess.run(
        [sys.executable, "-m", "lazos", "check"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "LAZOS_ENV=production requires LAZOS_VAR_DIR, an absolute path" in result.stderr
    assert not (tmp_path / "var").exists()
    assert not (tmp_path / "lazos-files").exists()


def test_production_mode_keeps_every_file_under_var_dir(tmp_path):
    code = (
        "import json, django; django.setup(); from django.conf import settings;"
        "print(json.dumps([str(settings.VAR_DIR), str(settings.MEDIA_ROOT),"
        " str(settings.STATIC_ROOT)]))"
    )
    result = run_python(code, **_production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    var_dir, media, static = json.loads(result.stdout.strip().splitlines()[-1])
    assert (var_dir, media, static) == (
        str(tmp_path),
        str(tmp_path / "media"),
        str(tmp_path / "static"),
    )


def test_the_demo_refuses_a_production_configuration(tmp_path):
    env = {**os.environ, **_production_env(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "lazos", "demo"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "refuses to load into a production configuration" in result.stderr


@pytest.mark.parametrize("top", ["healthz", "accounts", "reference", "dashboard", "members"])
def test_application_paths_are_reserved_slugs(top):
    from lazos.governments.models import RESERVED_SLUGS

    assert top in RESERVED_SLUGS


def _routes(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if hasattr(entry, "url_patterns"):
            yield from _routes(entry.url_patterns, route)
        else:
            yield route


def test_every_top_level_path_is_a_reserved_slug():
    from django.urls import get_resolver

    from lazos.governments.models import RESERVED_SLUGS

    tops = {route.split("/")[0] for route in _routes(get_resolver().url_patterns)}
    tops = {top for top in tops if top and "<" not in top}
    assert "healthz" in tops
    assert tops <= RESERVED_SLUGS, tops - RESERVED_SLUGS


@pytest.mark.postgres
def test_a_web_process_cannot_run_a_statement_longer_than_its_timeout():
    """The WSGI entry point marks the process as "web"; on PostgreSQL its statements are then
    cut off after LAZOS_WEB_STATEMENT_TIMEOUT_MS, while a command (the same settings, not
    marked) is not limited."""
    from django.db import connection

    code = (
        "import json, lazos.wsgi;"
        "from django.db import connection, OperationalError;"
        "c = connection.cursor();"
        "c.execute('SHOW statement_timeout'); shown = c.fetchone()[0];"
        'exec(\'try:\\n c.execute("SELECT pg_sleep(2)")\\n cut = False\\n'
        "except OperationalError:\\n cut = True');"
        "print(json.dumps({'shown': shown, 'cut': cut}))"
    )
    url = "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(
        **{k: connection.settings_dict[k] or "" for k in ("USER", "HOST", "PORT", "NAME")}
    )
    web = run_python(code, DATABASE_URL=url, LAZOS_WEB_STATEMENT_TIMEOUT_MS="500")
    assert web.returncode == 0, web.stderr
    assert json.loads(web.stdout.strip().splitlines()[-1]) == {"shown": "500ms", "cut": True}

    command = run_python(
        "import json, django; django.setup();"
        "from django.db import connection; c = connection.cursor();"
        "c.execute('SHOW statement_timeout'); print(json.dumps(c.fetchone()[0]))",
        DATABASE_URL=url,
        LAZOS_WEB_STATEMENT_TIMEOUT_MS="500",
    )
    assert command.returncode == 0, command.stderr
    assert json.loads(command.stdout.strip().splitlines()[-1]) == "0"


def test_production_keeps_database_connections_and_checks_them(tmp_path):
    code = (
        "import json, django; django.setup(); from django.conf import settings;"
        "d = settings.DATABASES['default'];"
        "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
    )
    production = run_python(
        code,
        LAZOS_ENV="production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="lazos.example.org",
        LAZOS_BASE_URL="https://lazos.example.org",
        LAZOS_VAR_DIR=str(tmp_path),
    )
    assert production.returncode == 0, production.stderr
    assert json.loads(production.stdout.strip().splitlines()[-1]) == [60, True]
    development = run_python(code)
    assert json.loads(development.stdout.strip().splitlines()[-1]) == [0, True]

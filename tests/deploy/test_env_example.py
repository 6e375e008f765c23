"""deploy/lazos.env.example stays complete and valid as settings change."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "deploy" / "lazos.env.example"

# Read by settings.py but not the operator's to set: the WSGI/ASGI entry points set
# LAZOS_PROCESS; the tables' owner belongs only in the shell that runs an upgrade (SECURITY.md).
NOT_IN_THE_EXAMPLE = {"LAZOS_PROCESS", "DATABASE_MIGRATION_URL"}


def example_names() -> set[str]:
    return set(re.findall(r"^#?([A-Z][A-Z0-9_]*)=", EXAMPLE.read_text(), flags=re.MULTILINE))


def test_the_example_names_every_variable_settings_read():
    settings = (REPO / "lazos" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', settings))
    assert read - NOT_IN_THE_EXAMPLE - example_names() == set()


def test_the_example_names_every_variable_of_the_readme_table():
    readme = (REPO / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    documented = {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", row)}
    assert documented - NOT_IN_THE_EXAMPLE - example_names() == set()


def test_the_example_passes_check_deploy_once_its_secret_is_set(tmp_path):
    # Read the file as systemd and the documented shell do (set -a; . file), then change only
    # what an operator must: the secret, and an SQLite database so no server is needed.
    script = (
        f"set -a; . {EXAMPLE}; set +a; "
        f'export SECRET_KEY="{secrets.token_urlsafe(50)}" LAZOS_VAR_DIR="{tmp_path}" '
        f'DATABASE_URL="sqlite:///{tmp_path / "db.sqlite3"}"; '
        f'exec "{sys.executable}" -m lazos check --deploy --fail-level WARNING'
    )
    result = subprocess.run(
        ["/bin/sh", "-c", script],
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout

"""Run Python code in a fresh process with its own environment: for what a test cannot do
in its own process, such as importing the settings again or reaching a database that is down."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[3]


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``code`` (dedented) in a new interpreter at the checkout's root, with the settings
    module and ``env`` added to this process's environment."""
    return subprocess.run(  # noqa: S603 - this interpreter, running the test's own code
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lazos.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def last_json(result: subprocess.CompletedProcess[str]) -> Any:
    """The JSON the code printed last; the process must have succeeded."""
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])

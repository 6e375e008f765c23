"""Schemathesis against the live server: every operation of /api/schema/, with a
coordinator's token, must never answer 5xx and always conform to the schema.

This is the CI acceptance check "CI starts a live server and runs schemathesis over every
operation". It runs schemathesis' own command line (``st run``) against pytest-django's live
server, bounded (ten examples per operation, deterministic generation) to stay within CI's budget
(about a minute and a half for a hundred operations). ``LAZOS_FUZZ_EXAMPLES=100`` digs deeper.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.utils.module_loading import autodiscover_modules

from lazos.api.services import create_api_token
from lazos.core.testing.builders import (
    OBJECT_BUILDERS,
    DepartmentFactory,
    GovernmentFactory,
    MembershipFactory,
    UserFactory,
)
from lazos.governments.choices import Role

if TYPE_CHECKING:
    from lazos.governments.models import Government

pytestmark = [pytest.mark.api_fuzz, pytest.mark.django_db(transaction=True)]

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
    ]
)
MAX_EXAMPLES = os.environ.get("LAZOS_FUZZ_EXAMPLES", "10")


def _one_of_everything(government: Government) -> None:
    """One object of every kind the apps address by id (their registered builders)."""
    autodiscover_modules("tests.factories")
    for build in OBJECT_BUILDERS.values():
        build(government)


def _populate() -> str:
    """A government with some of everything, another one beside it; a coordinator's key."""
    government = GovernmentFactory.create(name="Fuzz City", slug="fuzz-city")
    other = GovernmentFactory.create(name="Other City", slug="other-city", country="BR")
    for name in ("Culture", "Economy", "Environment"):
        DepartmentFactory.create(government=government, name=name)
    DepartmentFactory.create(government=other, name="Their culture")
    coordinator = UserFactory.create(username="fuzz-coordinator")
    MembershipFactory.create(government=government, user=coordinator, role=Role.COORDINATOR)
    for target in (government, other, government):
        _one_of_everything(target)
    _token, key = create_api_token(government, acting_user=coordinator, name="schemathesis")
    return key


def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    live_server: Any, settings: Any, tmp_path: Path
) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "100000/minute", "address": "100000/minute"},
    }
    key = _populate()
    st = Path(sys.executable).with_name("st")
    command = [
        str(st),
        "run",
        f"{live_server.url}/api/schema/",
        "--checks",
        CHECKS,
        "--header",
        f"Authorization: Token {key}",
        "--phases",
        "examples,fuzzing",
        "--max-examples",
        MAX_EXAMPLES,
        "--generation-deterministic",  # the same cases on every run: no flaky CI
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--no-color",
        "--warnings",
        "off",
    ]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        check=False,
        env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"schemathesis found problems:\n{output[-20000:]}"

"""Schemathesis against the live server: every operation of the schema, with the token of
each role, stateful (operations chained through the links schemathesis infers from responses
and Location headers), must never answer 5xx, always conform to the schema, and never carry
another government's private data.

This is the CI acceptance check "the stateful schemathesis run passes for each role". It runs
schemathesis' own command line (``st run``) against pytest-django's live server, one test per
role (pytest-xdist spreads them), bounded (few examples per operation, deterministic generation)
to stay within CI's budget. ``LAZOS_FUZZ_EXAMPLES=20 LAZOS_FUZZ_SCENARIOS=300`` digs deeper,
``LAZOS_FUZZ_INCLUDE=<path regex>`` tests one resource, ``LAZOS_FUZZ_REPORT=<directory>`` keeps
every request and response.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.apps import apps
from django.db import models
from django.utils.module_loading import autodiscover_modules

from lazos.api.services import create_api_token
from lazos.api.tests.fuzz_checks import FORBIDDEN_ENV
from lazos.api.tests.helpers import SCHEMA_FILE
from lazos.core.testing.builders import (
    OBJECT_BUILDERS,
    DepartmentFactory,
    GovernmentFactory,
    MembershipFactory,
    UserFactory,
)
from lazos.governments.choices import Role
from lazos.governments.models import Government
from lazos.search.indexing import INDEXED

if TYPE_CHECKING:
    from collections.abc import Iterator

# On PostgreSQL only (production's database; CI's PostgreSQL pass): the run costs minutes and
# what it checks (the API's answers) does not depend on the database engine.
pytestmark = [
    pytest.mark.api_fuzz,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
        "no_other_governments_data",  # lazos/api/tests/fuzz_checks.py
    ]
)
# Test cases per operation in the fuzzing phase, and scenarios of the stateful phase.
EXAMPLES = int(os.environ.get("LAZOS_FUZZ_EXAMPLES", "3"))
SCENARIOS = int(os.environ.get("LAZOS_FUZZ_SCENARIOS", "100"))
# A regular expression of the paths to test (all when empty), to dig into one resource.
INCLUDE = os.environ.get("LAZOS_FUZZ_INCLUDE", "")
# A directory where to keep every request and response of the run (none when empty).
REPORT = os.environ.get("LAZOS_FUZZ_REPORT", "")
# The shortest text counted as distinctive of the other government (shorter ones are words).
DISTINCTIVE_LENGTH = 8
ROLES = [Role.ADMINISTRATOR, Role.COORDINATOR, Role.EDITOR, Role.VIEWER]
SeenRows = Callable[[Any, Government], Any]
# The other government's rows that our members see through the web by design (model label →
# those rows), whose texts may therefore appear in our responses. Besides these, the rows
# marked is_public are published by the portal and the open data to everyone.
SEEN_ACROSS_GOVERNMENTS: dict[str, SeenRows] = {
    # The experts' community: every signed-in member of the instance reads its threads and
    # published profiles (hidden ones excepted, which stay forbidden).
    "community.Question": lambda rows, ours: rows.visible(),
    "community.Answer": lambda rows, ours: rows.visible(),
    "community.ExpertProfile": lambda rows, ours: rows.published(),
    # The practice library: published practices, and their transfer logs, are read by all.
    "practices.GoodPractice": lambda rows, ours: rows.published(),
    "practices.PracticeTransfer": lambda rows, ours: rows.filter(
        practice__in=rows.model._meta.get_field("practice").related_model.objects.published()
    ),
    # The peer network: published positions, public endorsements, memberships and posts.
    "networks.Position": lambda rows, ours: rows.published(),
    "networks.Endorsement": lambda rows, ours: rows.public(),
    "networks.NetworkMembership": lambda rows, ours: rows.public(),
    "networks.NetworkPost": lambda rows, ours: rows.public(),
    # The solidarity board: emergencies and needs of tied governments, offers made to ours.
    "solidarity.Emergency": lambda rows, ours: rows.visible_to(ours),
    "solidarity.Need": lambda rows, ours: rows.visible_to(ours),
    "solidarity.Offer": lambda rows, ours: rows.involving(ours),
    # The search entry of a public object holds what the portal shows of it: its public title
    # and its address, which the peer pages link to.
    "search.SearchEntry": lambda rows, ours: _entries_of_public_objects(rows),
}


def _entries_of_public_objects(rows: Any) -> Any:
    public = models.Q(pk__in=[])
    for model, indexed in INDEXED.items():
        if any(f.name == "is_public" for f in model._meta.concrete_fields):
            ids = model._default_manager.filter(is_public=True).values("pk")
            public |= models.Q(kind=indexed.kind, object_id__in=ids)
    return rows.filter(public)


def _one_of_everything(government: Government) -> None:
    """One object of every kind the apps address by id (their registered builders)."""
    autodiscover_modules("tests.factories")
    for build in OBJECT_BUILDERS.values():
        build(government)


def _populate(role: str) -> tuple[str, Government, Government]:
    """A government with some of everything, another one beside it; a key of a member of the
    first with ``role`` (an editor of one department)."""
    government = GovernmentFactory.create(name="Fuzz City", slug="fuzz-city")
    other = GovernmentFactory.create(name="Other City", slug="other-city", country="BR")
    departments = [
        DepartmentFactory.create(government=government, name=name)
        for name in ("Culture", "Economy", "Environment")
    ]
    DepartmentFactory.create(government=other, name="Their culture")
    user = UserFactory.create(username=f"fuzz-{role}")
    membership = MembershipFactory.create(government=government, user=user, role=role)
    if role == Role.EDITOR:
        membership.departments.set(departments[:1])
    for target in (government, other, government):
        _one_of_everything(target)
    _token, key = create_api_token(government, acting_user=user, name="schemathesis")
    return key, government, other


def _texts(row: models.Model) -> Iterator[str]:
    for field in row._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
            value = getattr(row, field.attname)
            if isinstance(value, str):
                yield value.strip()


def _government_field(model: type[models.Model]) -> str | None:
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.related_model is Government:
            return field.name
    return None


def distinctive_strings_of(other: Government, ours: Government) -> list[str]:
    """Texts of the other government's own private objects (rows whose government is
    ``other``, not seen across governments by design) that appear nowhere in the rest of the
    database, so none may reach a response to a member of ``ours``.

    The Government rows themselves (names, slugs, countries) are not counted: the list of
    governments is public by design (the portal, the peer network and /api/v1/public/ name
    every publishing government)."""
    theirs: set[str] = set()
    rest: list[str] = []
    for model in apps.get_models():
        field = _government_field(model)
        seen: set[Any] = set()
        if field is not None:
            rows = model._default_manager.filter(**{field: other})
            if model._meta.label in SEEN_ACROSS_GOVERNMENTS:
                rows = SEEN_ACROSS_GOVERNMENTS[model._meta.label](rows, ours)
                seen = set(rows.values_list("pk", flat=True))
            elif any(f.name == "is_public" for f in model._meta.concrete_fields):
                seen = set(rows.filter(is_public=True).values_list("pk", flat=True))
        for row in model._default_manager.all():
            owned = (
                field is not None and getattr(row, f"{field}_id") == other.pk and row.pk not in seen
            )
            for text in _texts(row):
                if owned and len(text) >= DISTINCTIVE_LENGTH and "\n" not in text:
                    theirs.add(text)
                else:
                    rest.append(text)
    everything_else = "\n".join(rest)
    return sorted(text for text in theirs if text not in everything_else)


def _config(path: Path) -> Path:
    path.write_text(
        "\n".join(
            [
                "[generation]",
                "deterministic = true",  # the same cases on every run: no flaky CI
                'database = "none"',
                "[cache]",
                "enabled = false",
                "[phases.fuzzing.generation]",
                f"max-examples = {EXAMPLES}",
                "[phases.stateful.generation]",
                f"max-examples = {SCENARIOS}",
                # valid inputs, so that objects get created and the links from them followed
                'mode = "positive"',
                "[phases.stateful]",
                "max-steps = 6",
                "",
            ]
        )
    )
    return path


@pytest.mark.parametrize("role", ROLES)
def test_stateful_schemathesis_per_role(
    role: str, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "100000/minute", "address": "100000/minute"},
    }
    key, government, other = _populate(role)
    forbidden = distinctive_strings_of(other, government)
    assert len(forbidden) >= 20, forbidden  # the check has something to look for
    forbidden_file = tmp_path / "forbidden.json"
    forbidden_file.write_text(json.dumps(forbidden))
    st = Path(sys.executable).with_name("st")
    command = [
        str(st),
        "--config-file",
        str(_config(tmp_path / "schemathesis.toml")),
        "run",
        str(SCHEMA_FILE),  # the committed contract (test_core_schema: it is current)
        "--url",
        live_server.url,
        "--checks",
        CHECKS,
        "--header",
        f"Authorization: Token {key}",
        "--phases",
        "examples,fuzzing,stateful",
        "--generation-deterministic",
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--no-color",
        "--warnings",
        "off",
    ]
    if REPORT:  # every request and response, in a VCR cassette per role
        command += ["--report", "vcr", "--report-dir", str(Path(REPORT) / role)]
    if INCLUDE:
        command += ["--include-path-regex", INCLUDE]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
        check=False,
        env={
            **os.environ,
            "SCHEMATHESIS_HOOKS": "lazos.api.tests.fuzz_checks",
            FORBIDDEN_ENV: str(forbidden_file),
        },
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"schemathesis found problems as {role}:\n{output[-20000:]}"
    stateful = re.search(r"Stateful.*", output)
    assert stateful, output[-5000:]
    assert "skipped" not in stateful.group(0).lower(), output[-5000:]
    links = re.search(r"API Links:\s+(\d+) covered / \d+ selected / (\d+) total", output)
    assert links, output[-5000:]
    if not INCLUDE:
        assert int(links.group(2)) > 100, "schemathesis inferred few links between operations"
    print(f"{len(forbidden)} texts of the other government looked for", output[-3000:])

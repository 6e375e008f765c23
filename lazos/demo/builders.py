"""The demo loader: fictional governments with departments and one account per role, then
the steps the apps register (see ``lazos.demo.kit``).

Loading is idempotent: every object is looked up by a natural key first, so a second run
changes nothing and writes no audit record. Everything is created through the services, so
the first run is audited like any other change (channel "command").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from lazos.accounts.models import User
from lazos.core import events
from lazos.core.deferred import deferred_work
from lazos.demo import peers, register  # noqa: F401 - the demo app's own steps register on import
from lazos.demo.kit import (
    GOVERNMENT_SHAPE,
    USER_SHAPE,
    DataFile,
    DemoReport,
    ensure_department_of,
    ensure_government,
    ensure_membership,
    ensure_user_of,
    government_steps,
    instance_steps,
)
from lazos.governments.choices import Role
from lazos.governments.models import Government

GOVERNMENTS = DataFile(
    "demo",
    "governments",
    {"users": [USER_SHAPE], "governments": [{**GOVERNMENT_SHAPE, "editor_departments": [str]}]},
)


def discover_steps() -> None:
    """Import every app's ``demo`` module, so that its steps are registered."""
    autodiscover_modules("demo")


def ensure_allowed() -> None:
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured(
            "The demo refuses to load into a production configuration (LAZOS_ENV=production)."
        )


@transaction.atomic
def load_demo() -> DemoReport:
    """Load the demo: each main demo government with its people, then its steps; then the
    steps across governments. A second run creates nothing."""
    ensure_allowed()
    discover_steps()
    report = DemoReport()
    data = GOVERNMENTS.load()
    # Derived data (the search index) is built once, in bulk, at the end. Workflow events of
    # the fictional work reach the demo people's inboxes but send no email.
    with deferred_work(), events.quietly():
        users = {spec["username"]: ensure_user_of(spec, report) for spec in data["users"]}
        for spec in data["governments"]:
            government = ensure_demo_government(spec, data["users"], users, report)
            for step in government_steps():
                step(government, report)
        for instance_step in instance_steps():
            instance_step(report)
    return report


def ensure_demo_government(
    spec: Mapping[str, Any],
    user_specs: list[dict[str, Any]],
    users: Mapping[str, User],
    report: DemoReport,
) -> Government:
    """A main demo government of ``governments.yaml`` with its departments and every demo
    account as a member with its role (the editor edits the ``editor_departments``)."""
    government = ensure_government(spec, report)
    departments = {
        department["name"]: ensure_department_of(government, department, report)
        for department in spec["departments"]
    }
    for user_spec in user_specs:
        role = user_spec["role"]
        editor_departments = (
            [departments[name] for name in spec["editor_departments"]]
            if role == Role.EDITOR
            else []
        )
        ensure_membership(
            government, users[user_spec["username"]], role, editor_departments, report
        )
    return government


def ensure_demo_governments(report: DemoReport) -> list[Government]:
    """The three demo governments and their people, without any step (for tests that build
    one step on top of them)."""
    data = GOVERNMENTS.load()
    users = {spec["username"]: ensure_user_of(spec, report) for spec in data["users"]}
    governments = [
        ensure_demo_government(spec, data["users"], users, report) for spec in data["governments"]
    ]
    return [*governments, peers.ensure_peer_government(report)]


def demo_accounts() -> list[str]:
    """The usernames of the demo accounts, as ``lazos demo`` lists them."""
    users = [*GOVERNMENTS.load()["users"], *peers.PEER.load()["users"]]
    return list(dict.fromkeys(spec["username"] for spec in users))

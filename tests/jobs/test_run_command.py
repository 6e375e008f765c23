"""``lazos run``: what it starts, and that it refuses to run without a queue."""

from __future__ import annotations

import sys

import pytest
from django.core.management import CommandError, call_command

from lazos.core.management.commands.run import child_commands


def test_it_starts_the_web_server_and_a_database_worker():
    commands = child_commands("127.0.0.1:8123", reload=False)
    assert commands["web server"] == [
        sys.executable,
        "-m",
        "lazos",
        "runserver",
        "127.0.0.1:8123",
        "--noreload",
    ]
    assert commands["job worker"][:4] == [sys.executable, "-m", "lazos", "db_worker"]
    assert "--no-reload" in commands["job worker"]
    assert "--reload" in child_commands("127.0.0.1:8123", reload=True)["job worker"]


def test_it_refuses_the_immediate_backend():
    """The tests run jobs inline (conftest.py): a worker would have nothing to do."""
    with pytest.raises(CommandError, match="TASKS_BACKEND must be 'database'"):
        call_command("run", "127.0.0.1:8123")

"""``lazos run [addrport]``: the web server and a job worker, started and stopped together.

What ``make run`` starts. Imports, reports and exports are background jobs (settings.py
``TASKS_BACKEND=database``, the default): the web request queues them and answers at once, and
the worker started here runs them. Both are child processes, each in its own process group;
Ctrl-C (SIGINT) or SIGTERM stops both, and when one of them ends the other is stopped too.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

# How long a child may take to stop after SIGTERM (the worker finishes the job's current
# step; a job cut short writes nothing and can be run again) before it is killed.
STOP_GRACE_SECONDS = 10.0
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


class Stop(Exception):
    """SIGTERM or SIGINT received."""


def _on_signal(signum: int, frame: Any) -> None:
    raise Stop


def child_commands(addrport: str, *, reload: bool) -> dict[str, list[str]]:
    """The two processes: the development web server and the database job worker."""
    lazos = [sys.executable, "-m", "lazos"]
    reload_flag = [] if reload else ["--noreload"]
    worker_reload = ["--reload"] if reload else ["--no-reload"]
    return {
        "web server": [*lazos, "runserver", addrport, *reload_flag],
        "job worker": [*lazos, "db_worker", "--no-startup-delay", *worker_reload],
    }


class Command(BaseCommand):
    help = (
        "Serve Lazos for development and run a job worker beside it (one command; Ctrl-C "
        "stops both). Imports, reports and exports run on the worker, never in the request."
    )
    requires_system_checks: list[str] = []  # the children run them

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "addrport", nargs="?", default="127.0.0.1:8000", help="address:port to serve on"
        )
        parser.add_argument(
            "--noreload",
            action="store_false",
            dest="use_reloader",
            help="Do not restart the server and the worker when the code changes.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        if backend != DATABASE_BACKEND:
            raise CommandError(
                f"TASKS_BACKEND must be 'database' for a worker (it is {backend}): unset it, "
                "or use `lazos runserver` to run jobs inside the requests."
            )
        commands = child_commands(options["addrport"], reload=options["use_reloader"])
        env = {**os.environ, "TASKS_BACKEND": "database", "PYTHONUNBUFFERED": "1"}
        children: dict[str, subprocess.Popen[bytes]] = {}
        # Ctrl-C too: a process started in the background inherits SIGINT ignored, and
        # Python then raises no KeyboardInterrupt.
        previous = {
            signum: signal.signal(signum, _on_signal) for signum in (signal.SIGTERM, signal.SIGINT)
        }
        status = 0
        try:
            for name, command in commands.items():
                # Its own process group: the reloader's child goes with its parent.
                children[name] = subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603
                self.stdout.write(f"{name}: pid {children[name].pid}")
            self.stdout.flush()
            while True:
                ended = {name: child.poll() for name, child in children.items()}
                finished = {name: code for name, code in ended.items() if code is not None}
                if finished:
                    name, code = next(iter(finished.items()))
                    self.stderr.write(f"The {name} stopped (exit status {code}): stopping.")
                    status = code or 1
                    break
                time.sleep(0.5)
        except (KeyboardInterrupt, Stop):
            self.stdout.write("Stopping the web server and the job worker…")
        finally:
            stop_all(children)
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if status:
            sys.exit(status)


def stop_all(children: dict[str, subprocess.Popen[bytes]]) -> None:
    """SIGTERM to each child's process group, then SIGKILL to what is left after the grace."""
    for child in children.values():
        _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for child in children.values():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(child, signal.SIGKILL)
            child.wait()
        # What the reloader started in the group may outlive its parent.
        _signal_group(child, signal.SIGKILL)


def _signal_group(child: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signum)

"""``lazos synth``: write a synthetic network of fictional governments, for benchmarks.

    lazos synth --preset small
    lazos synth --governments 500 --actions-per-government 2000 --seed 1

See docs/synthetic-network.md for the presets and what is generated.
"""

from __future__ import annotations

import os
import time
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.db import connection, transaction

from lazos.core.management.base import LazosCommand
from lazos.governments.models import Government
from lazos.synth.generator import PRESETS, SynthReport, generate, record_run

BAR_WIDTH = 30
MAX_AUTO_JOBS = 4


def default_jobs(governments: int, *, vendor: str, in_transaction: bool, cores: int | None) -> int:
    """Processes when ``--jobs`` is not given: one per core (at most four) on PostgreSQL, the
    database server working beside them; one on another database, for a single government,
    or inside a transaction (workers write through their own connections, outside it)."""
    if vendor != "postgresql" or in_transaction or governments < 2:
        return 1
    return max(1, min(MAX_AUTO_JOBS, cores or 1))


class Command(LazosCommand):
    help = (
        "Write a synthetic network of fictional governments (partners, agreements, actions, "
        "missions, commitments, indicators, audit history, users…) in bulk, for benchmarks. "
        "Deterministic for a seed. Refuses a database that already holds governments unless "
        "--append, and a production configuration unless --force. Presets: "
        + "; ".join(f"{name}: {preset.description}" for name, preset in PRESETS.items())
        + "."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--preset", choices=sorted(PRESETS), help="A size by name.")
        parser.add_argument(
            "--governments",
            type=int,
            metavar="N",
            help="How many governments (overrides the preset).",
        )
        parser.add_argument(
            "--actions-per-government",
            type=int,
            metavar="M",
            help="Actions of each government; everything else is in proportion.",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Seed of the random choices (default 1)."
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="Add to a database that already holds governments (left as they are).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even in a production configuration (LAZOS_ENV=production). Don't.",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            metavar="J",
            help=(
                "On PostgreSQL: J processes write the governments side by side (same data). "
                f"Default: the machine's cores (at most {MAX_AUTO_JOBS}) on PostgreSQL, "
                "1 elsewhere or inside a transaction."
            ),
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Leave the search index alone (run `lazos rebuild_search_index` later).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        preset = PRESETS[options["preset"] or "small"]
        governments = options["governments"]
        if governments is None:
            governments = preset.governments
        actions = options["actions_per_government"]
        if actions is None:
            actions = preset.actions_per_government
        if options["jobs"] is None:
            options["jobs"] = default_jobs(
                governments,
                vendor=connection.vendor,
                in_transaction=connection.in_atomic_block,
                cores=os.cpu_count(),
            )
        if governments < 1 or actions < 1 or options["jobs"] < 1:
            raise CommandError(
                "--governments, --actions-per-government and --jobs must be at least 1."
            )
        if getattr(settings, "PRODUCTION", False) and not options["force"]:
            raise CommandError(
                "This is a production configuration (LAZOS_ENV=production): lazos synth writes "
                "fictional governments and refuses to run here. Use --force only on a "
                "throw-away copy."
            )
        existing = Government.objects.count()
        if existing and not options["append"]:
            raise CommandError(
                f"The database already holds {existing} government(s): lazos synth writes into "
                "an empty database. Use --append to add the synthetic network to them, or "
                "start from a fresh database (lazos flush)."
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # each government is one transaction
                cursor.execute("SET synchronous_commit TO off")

        self.stdout.write(
            f"Synthetic network: {governments} governments × {actions} actions, seed "
            f"{options['seed']}, on {connection.vendor}"
            + (f", {options['jobs']} processes." if options["jobs"] > 1 else ".")
        )
        self.started = time.monotonic()
        self.interactive = self.stdout.isatty()
        self.last_line = 0.0
        report = generate(
            governments,
            actions,
            seed=options["seed"],
            progress=self.progress,
            index=not options["no_index"],
            jobs=options["jobs"],
        )
        with transaction.atomic():
            flags = [flag for flag in ("append", "force", "no_index") if options[flag]]
            record_run(
                report,
                command_line=(
                    f"lazos synth --governments {governments} --actions-per-government "
                    f"{actions} --seed {options['seed']}"
                    + "".join(f" --{flag.replace('_', '-')}" for flag in flags)
                ),
            )
        elapsed = time.monotonic() - self.started
        if self.interactive:
            self.stdout.write("")
        for kind, count in sorted(report.counts.items()):
            self.stdout.write(f"  {kind}: {count:,}")
        self.stdout.write(
            f"Done in {elapsed:.1f} s (writing {report.seconds_writing:.1f} s, search index "
            f"{report.seconds_indexing:.1f} s"
            + (", summed over the processes" if options["jobs"] > 1 else "")
            + "). Every account's password: lazos-synth."
        )

    def progress(self, done: int, total: int, report: SynthReport) -> None:
        elapsed = time.monotonic() - self.started
        remaining = elapsed / done * (total - done)
        filled = BAR_WIDTH * done // total
        line = (
            f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} governments, "
            f"{report.counts['actions']:,} actions, {elapsed:.0f} s, ~{remaining:.0f} s left"
        )
        if self.interactive:
            self.stdout.write("\r" + line, ending="")
            self.stdout.flush()
        elif done == total or time.monotonic() - self.last_line >= 10 or done == 1:
            self.stdout.write(line)
            self.last_line = time.monotonic()

"""``lazos backup PATH``: one archive of the database and the uploaded files, with a manifest.

See ``lazos/core/backup.py`` for what the archive holds and docs/operations.md for daily
backups, retention and the restore drill.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from lazos.core.backup import BackupError, create_backup
from lazos.core.management.base import LazosCommand


class Command(LazosCommand):
    help = (
        "Write one consistent backup archive (ZIP) of the database and the uploaded files, "
        "with a manifest of row counts and checksums per table and a checksum per file. "
        "Restore it with `lazos restore PATH` (see docs/operations.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The archive to write, e.g. lazos-2026-12-07.zip.")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The connection to back up."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] >= 2
        try:
            result = create_backup(
                Path(options["path"]),
                using=options["database"],
                progress=self.stdout.write if verbose else None,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        for name in manifest.missing_files:
            self.stderr.write(
                self.style.WARNING(f"A row names the file {name}, which is not in the storage.")
            )
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Backup written to {result.path}: {len(manifest.tables)} tables, "
                    f"{sum(t.rows for t in manifest.tables)} rows, {len(manifest.files)} files "
                    f"({manifest.engine}, Lazos {manifest.lazos_version}, {manifest.created_at})."
                )
            )

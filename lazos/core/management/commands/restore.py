"""``lazos restore PATH``: load a backup archive into an empty instance and prove it whole.

On PostgreSQL run it as the tables' owner (``DATABASE_MIGRATION_URL``, as ``migrate``): the
sequences are reset after loading, which the application's role may not do. See
``lazos/core/backup.py`` and docs/operations.md (the restore drill).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from lazos.core.backup import BackupError, restore_backup
from lazos.core.management.base import LazosCommand


class Command(LazosCommand):
    help = (
        "Restore a backup archive made by `lazos backup` into this instance, which must be "
        "migrated and empty. Checks every checksum before loading and every table and file "
        "after, in one transaction: on any failure nothing is left behind."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The archive to restore.")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The connection to restore into."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] >= 2
        try:
            result = restore_backup(
                Path(options["path"]),
                using=options["database"],
                progress=self.stdout.write if verbose else None,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restored the backup of {manifest.created_at} (Lazos "
                    f"{manifest.lazos_version}, {manifest.engine}): {result.rows} rows in "
                    f"{len(manifest.tables)} tables and {result.files} files, every count and "
                    "checksum verified. The restore is recorded in the audit trail."
                )
            )

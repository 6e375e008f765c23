"""``lazos export_iati --government SLUG --output PATH``."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from lazos.core.management.base import LazosCommand
from lazos.iati.export import ExportError, build_file, write_document
from lazos.iati.ruleset import organisation_identifier_item, publisher_checklist

if TYPE_CHECKING:
    from lazos.governments.models import Government


def _mode_for(target: Path) -> int:
    """The permissions the file keeps: those of the file it replaces, else the usual ones."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class Command(LazosCommand):
    help = (
        "Write the government's public cooperation actions as an IATI 2.03 iati-activities "
        "file (the same file as /<government>/open-data/iati-activities.xml). The file is "
        "built and checked in a temporary file next to PATH and takes its place only when "
        "whole: on a failure PATH is left as it was and the command exits with code 1. "
        "The publisher's checklist (a missing IATI organisation identifier, the IATI rules "
        "the activities break) is printed to stderr as warnings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--government", required=True, help="The government's slug.")
        parser.add_argument("--output", required=True, help="The file to write; “-” for stdout.")
        parser.add_argument(
            "--base-url", help="Address of this instance for links (default: LAZOS_BASE_URL)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from lazos.governments.models import Government

        government = Government.objects.filter(slug=options["government"]).first()
        if government is None:
            raise CommandError(f"No government with the address {options['government']!r}.")
        base_url = options["base_url"]
        root = (base_url or settings.LAZOS_BASE_URL).rstrip("/")
        missing = organisation_identifier_item(government)
        if missing is not None:  # said first, whether the file can be built or not
            self.stderr.write(
                f"Warning {government.slug}: {missing.message} Fix it at {root}{missing.url}"
            )
        try:
            if options["output"] == "-":
                with build_file(government, base_url=base_url) as built:
                    shutil.copyfileobj(built, sys.stdout.buffer)
                    sys.stdout.buffer.flush()
                self._warn(government, base_url, root)
                return
            count = self._replace(government, Path(options["output"]), base_url)
        except ExportError as error:
            raise CommandError(
                f"The IATI file of {government.slug} could not be built, nothing was "
                f"written: {error}",
                returncode=1,
            ) from error
        except OSError as error:
            raise CommandError(
                f"Cannot write {options['output']!r}, nothing was written: {error}", returncode=1
            ) from error
        self.stderr.write(f"Written {options['output']} ({count} activities).")
        self._warn(government, base_url, root)

    def _warn(self, government: Government, base_url: str | None, root: str) -> None:
        """The rest of the publisher's checklist (the rules the written activities break), one
        warning a line, with the page where each is fixed."""
        for item in publisher_checklist(government, base_url=base_url):
            if item.action_id is None:
                continue  # the organisation identifier, already said
            where = f"{item.activity} ({item.identifier})"
            rule = f" [IATI rule {item.rule}]" if item.rule else ""
            self.stderr.write(f"Warning{rule} {where}: {item.message} Fix it at {root}{item.url}")

    def _replace(self, government: Government, target: Path, base_url: str | None) -> int:
        """Build into a temporary file in the target's directory, then rename it over the
        target (atomic on one file system); the temporary file never outlives a failure."""
        directory = target.parent
        if not directory.is_dir():
            raise CommandError(f"The directory {str(directory)!r} does not exist.")
        mode = _mode_for(target)
        try:
            handle, name = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".partial", dir=directory
            )
        except OSError as error:
            raise CommandError(f"Cannot write in {str(directory)!r}: {error}") from error
        try:
            with os.fdopen(handle, "w+b") as output:
                count = write_document(government, output, base_url=base_url)
                output.flush()
                os.fsync(output.fileno())
            os.chmod(name, mode)
            os.replace(name, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)
            raise
        return count

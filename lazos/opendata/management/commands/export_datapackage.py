"""``lazos export_datapackage --government SLUG --output PATH``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from lazos.core.management.base import LazosCommand
from lazos.governments.models import Government
from lazos.opendata.datapackage import TABLES, build_zip, freshness


class Command(LazosCommand):
    help = (
        "Write the government's open data package (datapackage.json and one CSV per table, "
        "in a zip file) to PATH: the same file as /<slug>/open-data/datapackage.zip, with "
        "only public items and public fields."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--government", required=True, help="The government's slug.")
        parser.add_argument("--output", required=True, help="The zip file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        government = Government.objects.filter(slug=options["government"]).first()
        if government is None:
            raise CommandError(f"No government with the address {options['government']!r}.")
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"No directory {str(output.parent)!r}.")
        fresh = freshness(government)
        output.write_bytes(build_zip(government, created=fresh.last_modified))
        self.stdout.write(
            f"{output}: data package of {government.slug} ({len(TABLES)} tables, "
            f"updated {fresh.last_modified.isoformat()})."
        )

"""``lazos export_iati --government SLUG --output PATH``."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandError, CommandParser

from lazos.core.management.base import LazosCommand
from lazos.iati.export import write_file


class Command(LazosCommand):
    help = (
        "Write the government's public cooperation actions as an IATI 2.03 iati-activities "
        "file (the same file as /<government>/open-data/iati-activities.xml)."
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
        if options["output"] == "-":
            write_file(government, sys.stdout.buffer, base_url=options["base_url"])
            return
        with open(options["output"], "wb") as output:
            write_file(government, output, base_url=options["base_url"])
        self.stderr.write(f"Written {options['output']}.")

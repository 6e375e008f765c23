"""``lazos load_reference [--cities [--country XX ...]]``: load or refresh reference data."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lazos.reference.loaders import (
    SyncCounts,
    load_cities,
    sync_sdgs,
    sync_subdivisions,
    sync_themes,
)
from lazos.reference.models import City, SdgGoal, SdgTarget, Subdivision, Theme


class Command(BaseCommand):
    help = (
        "Load or refresh the SDG goals and targets and the ISO 3166-2 subdivisions; with "
        "--cities, also the GeoNames places of 15,000+ inhabitants. Safe to run again: "
        "rows are created or updated, never deleted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--cities",
            action="store_true",
            help="Also load the GeoNames cities (about 34,000 places).",
        )
        parser.add_argument(
            "--country",
            action="append",
            default=[],
            metavar="XX",
            help="With --cities: load only this country (ISO 3166-1 alpha-2); repeatable.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        countries = {code.strip().upper() for code in options["country"]}
        if countries and not options["cities"]:
            raise CommandError("--country only applies together with --cities.")
        if invalid := sorted(c for c in countries if len(c) != 2 or not c.isalpha()):
            raise CommandError(f"Not an ISO 3166-1 alpha-2 country code: {', '.join(invalid)}")

        sdgs = sync_sdgs(SdgGoal, SdgTarget)
        self._report("SDG goals", sdgs.goals)
        self._report("SDG targets", sdgs.targets)
        self._report("Subdivisions", sync_subdivisions(Subdivision))
        self._report("Themes", sync_themes(Theme))
        if options["cities"]:
            started = time.monotonic()
            counts = load_cities(City, countries or None)
            self._report("Cities", counts, seconds=time.monotonic() - started)

    def _report(self, what: str, counts: SyncCounts, seconds: float | None = None) -> None:
        line = f"{what}: {counts.created} created, {counts.updated} updated"
        if seconds is not None:
            line += f" ({seconds:.1f} s)"
        self.stdout.write(line)

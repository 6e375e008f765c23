import time
from typing import Any

from django.core.management.base import CommandParser

from lazos.core.management.base import LazosCommand
from lazos.matching.profiles import BUILD_CHUNK, rebuild_profiles


class Command(LazosCommand):
    help = (
        "Build every government's peer profile again from its public data (after a bulk load "
        "that bypassed the services, or an upgrade that changes what a profile holds). The "
        "peer pages otherwise keep profiles fresh by themselves."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--chunk",
            type=int,
            default=BUILD_CHUNK,
            help="Governments built together, in one transaction.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        built = rebuild_profiles(chunk=max(1, options["chunk"]))
        self.stdout.write(f"{built} peer profiles built in {time.perf_counter() - start:.1f} s.")

from typing import Any

from lazos.core.management.base import LazosCommand
from lazos.practices.services import reindex_practices


class Command(LazosCommand):
    help = (
        "Compute again the search terms of every good practice (after an upgrade that changes "
        "the stemming or the shared vocabulary)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = reindex_practices()
        self.stdout.write(f"Search terms updated for {count} practice(s).")

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import transaction

from lazos.core.management.base import LazosCommand
from lazos.governments.models import Government
from lazos.search.indexing import reindex_government


class Command(LazosCommand):
    help = (
        "Rebuild the search index (partners, agreements, actions, city networks, local actors) "
        "of one government, or of every government. The index is derived data: nothing else "
        "changes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--government", metavar="SLUG", help="Only this government (its address)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        governments = Government.objects.order_by("name")
        if options["government"]:
            governments = governments.filter(slug=options["government"])
            if not governments.exists():
                raise CommandError(f"No government with the address {options['government']!r}.")
        for government in governments:
            with transaction.atomic():
                count = reindex_government(government)
            self.stdout.write(f"{government.slug}: {count} entries indexed.")

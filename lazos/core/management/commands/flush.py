"""``lazos flush``: Django's flush, which also empties the append-only audit trail.

On SQLite the audit rows are protected by triggers that refuse DELETE; a flush (the test
runner's, the benchmarks', an operator's) lifts them for its own length and puts them back.
On PostgreSQL the flush truncates, which only the tables' owner may do, so the application's
own role cannot run it (see SECURITY.md).
"""

from typing import Any

from django.core.management.commands import flush
from django.db import connections

from lazos.core.audit import audit_triggers_lifted


class Command(flush.Command):
    help = (
        "Removes ALL DATA from the database, the audit trail included, including data added "
        'during migrations. Does not achieve a "fresh install" state.'
    )

    def handle(self, **options: Any) -> None:
        database = options["database"]
        if connections[database].vendor != "sqlite":
            super().handle(**options)
            return
        # Ask before lifting the triggers: the lifting holds SQLite's write lock, which other
        # processes must not wait on while a person reads the question.
        if options["interactive"] and not self._confirmed(database):
            self.stdout.write("Flush cancelled.")
            return
        with audit_triggers_lifted(database):
            super().handle(**{**options, "interactive": False})

    def _confirmed(self, database: str) -> bool:
        answer = input(
            "You have requested a flush of the database.\n"
            f"This will IRREVERSIBLY DESTROY all data currently in the {database!r} database,\n"
            "the audit trail included, and return each table to an empty state.\n"
            "Are you sure you want to do this?\n\n"
            "    Type 'yes' to continue, or 'no' to cancel: "
        )
        return answer == "yes"

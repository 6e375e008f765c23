from typing import Any

from lazos.accounts.services import apply_retention
from lazos.core.management.base import LazosCommand


class Command(LazosCommand):
    help = (
        "Remove the personal data kept longer than its retention setting "
        "(LAZOS_CONTRIBUTION_RETENTION_DAYS, LAZOS_SIGNIN_RECORD_RETENTION_DAYS): old sign-in "
        "records are deleted, old contributions lose their name and email; the values are "
        "erased from the audit trail too. Run daily (deploy/systemd/lazos-retention.timer); "
        "audited as a command."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = apply_retention()
        if options["verbosity"] >= 1:
            if not counts:
                self.stdout.write("Nothing kept past its retention.")
            for label, count in counts.items():
                self.stdout.write(f"{label}: {count} past their retention, removed.")

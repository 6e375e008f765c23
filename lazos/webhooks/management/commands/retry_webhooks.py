"""``lazos retry_webhooks``: queue the webhook deliveries that are due, delete old ones."""

from __future__ import annotations

from typing import Any

from lazos.core.management.base import LazosCommand
from lazos.webhooks.jobs import delete_old_deliveries, queue_due_deliveries


class Command(LazosCommand):
    help = (
        "Queue every webhook delivery whose attempt is due (a retry the job queue could not "
        "defer, or a job lost), and delete the deliveries older than "
        "WEBHOOK_LOG_RETENTION_DAYS with their attempts. With TASKS_BACKEND=database the "
        "worker retries by itself; run this every few minutes (cron or a systemd timer) as "
        "a safety net."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        queued = queue_due_deliveries()
        deleted = delete_old_deliveries()
        self.stdout.write(f"{queued} deliveries queued, {deleted} old rows deleted.")

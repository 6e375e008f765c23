"""Background jobs of the webhooks: each delivery is sent by the job worker, never in the
request; a failed attempt queues the next one for later (exponential backoff) where the
queue can defer a job (``TASKS_BACKEND=database``), and ``lazos retry_webhooks`` queues the
deliveries that are due otherwise (and deletes old ones)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from lazos.core.jobs import job
from lazos.webhooks import conf
from lazos.webhooks.models import WebhookDelivery
from lazos.webhooks.sending import attempt_delivery


@job
def send_webhook(delivery_id: int) -> str:
    """Make the next attempt of a delivery; queue the retry when it failed."""
    result = attempt_delivery(delivery_id)
    if result.retry_at is not None and result.status != "not due":
        schedule(delivery_id, result.retry_at)
    return result.status


def schedule(delivery_id: int, when: datetime) -> bool:
    """Queue the attempt for ``when`` if the queue can defer it (else the sweep will)."""
    if not send_webhook.get_backend().supports_defer:
        return False
    send_webhook.using(run_after=when).enqueue(delivery_id)
    return True


def queue_due_deliveries() -> int:
    """Queue every delivery whose attempt is due (deliveries whose job was lost, or whose
    retry the queue could not defer). Returns how many."""
    ids = list(WebhookDelivery.objects.due().values_list("pk", flat=True)[:1000])
    for delivery_id in ids:
        send_webhook.enqueue(delivery_id)
    return len(ids)


def delete_old_deliveries() -> int:
    """Delete the deliveries (with their attempts) older than the log's retention."""
    limit = timezone.now() - timedelta(days=conf.log_retention_days())
    deleted, _by_model = WebhookDelivery.objects.filter(occurred_at__lt=limit).delete()
    return deleted

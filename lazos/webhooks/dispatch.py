"""From events to deliveries: a recorded change (the audit trail's ``post_save``) or a workflow
event (a listener of ``core/events.py``) of a government becomes one delivery per active
subscription of *that* government that asked for its kind, created once the change has
committed, then sent by the job worker (``jobs.send_webhook``).

The core knows nothing of this module: it sends the signal and calls the listeners. A
failure here is logged and never fails the write already committed.
"""

from __future__ import annotations

import logging
import threading
import uuid
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from lazos.core.events import Event
from lazos.core.models import AuditEvent
from lazos.webhooks.choices import EventFamily
from lazos.webhooks.jobs import send_webhook
from lazos.webhooks.kinds import audit_kind, deliverable, object_type_of, workflow_kind
from lazos.webhooks.models import WebhookDelivery, WebhookSubscription
from lazos.webhooks.payloads import audit_object_type, workflow_payload

logger = logging.getLogger(__name__)

CHUNK = 500  # audit events read at once


# The audit events recorded by this thread and not delivered yet, by government. Each event
# registers its own callback after the commit (so a savepoint rolled back drops its callback
# and nothing else); the first callback to run after a commit delivers every pending event at
# once, the others find nothing left: one query per government and transaction, not per
# event. An id left by a transaction rolled back names no committed event and is dropped.
_pending = threading.local()


def _pending_ids() -> dict[int, set[int]]:
    ids: dict[int, set[int]] | None = getattr(_pending, "ids", None)
    if ids is None:
        ids = _pending.ids = {}
    return ids


def on_audit_event(sender: Any, instance: AuditEvent, created: bool, **kwargs: Any) -> None:
    """``post_save`` of an audit event: after the commit, deliver it. Nothing is read now
    (a write pays nothing for webhooks until it commits)."""
    if not created or kwargs.get("raw") or instance.government_id is None:
        return
    if instance.pk is not None:
        _pending_ids().setdefault(instance.government_id, set()).add(instance.pk)
        callback: Any = deliver_pending_audit_events
    else:  # recorded in bulk: one signal per government stands for the whole batch
        callback = partial(
            deliver_audit_batch,
            instance.government_id,
            {
                "occurred_at": instance.occurred_at,
                "action": instance.action,
                "channel": instance.channel,
                "request_id": instance.request_id,
                "actor_id": instance.actor_id,
            },
        )
    transaction.on_commit(callback, robust=True)


def deliver_pending_audit_events() -> list[WebhookDelivery]:
    pending = _pending_ids()
    delivered: list[WebhookDelivery] = []
    while pending:
        government_id, ids = pending.popitem()
        delivered += deliver_audit_events(government_id, sorted(ids))
    return delivered


def active_subscriptions(government_id: int) -> list[WebhookSubscription]:
    return list(WebhookSubscription.objects.for_tenant(government_id).active())


def deliver_audit_events(government_id: int, event_ids: list[int]) -> list[WebhookDelivery]:
    subscriptions = [s for s in active_subscriptions(government_id) if s.audit_actions]
    if not subscriptions:
        return []
    delivered: list[WebhookDelivery] = []
    for start in range(0, len(event_ids), CHUNK):
        events = AuditEvent.objects.filter(
            pk__in=event_ids[start : start + CHUNK], government_id=government_id
        ).order_by("id")
        delivered += _audit_deliveries(
            government_id, subscriptions, events.select_related("content_type")
        )
    return delivered


def deliver_audit_batch(government_id: int, batch: dict[str, Any]) -> list[WebhookDelivery]:
    """The events of one bulk recording (same government, moment, action, channel, request
    and actor)."""
    subscriptions = [s for s in active_subscriptions(government_id) if s.audit_actions]
    if not subscriptions:
        return []
    events = AuditEvent.objects.filter(government_id=government_id, **batch).order_by("id")
    return _audit_deliveries(government_id, subscriptions, events.select_related("content_type"))


def _audit_deliveries(
    government_id: int, subscriptions: list[WebhookSubscription], events: Any
) -> list[WebhookDelivery]:
    rows = []
    for event in events:
        object_type = audit_object_type(event)
        if not deliverable(object_type):
            continue
        event_id = uuid.uuid4()
        for subscription in subscriptions:
            if subscription.wants_audit(object_type, event.action):
                rows.append(
                    WebhookDelivery(
                        government_id=government_id,
                        subscription=subscription,
                        event_id=event_id,
                        family=EventFamily.AUDIT,
                        kind=audit_kind(object_type, event.action),
                        occurred_at=event.occurred_at,
                        object_type=object_type,
                        object_id=event.object_id,
                        audit_event=event,
                    )
                )
    return queue(rows)


def on_workflow_event(event: Event) -> None:
    """A listener of ``core/events.py`` (called after the event's transaction committed)."""
    try:
        deliver_workflow_event(event)
    except Exception:  # never keep the other listeners from their work
        logger.exception("Webhook deliveries of the event %s failed", event.kind.code)


def deliver_workflow_event(event: Event) -> list[WebhookDelivery]:
    government = event.government
    subscriptions = [
        s for s in active_subscriptions(government.pk) if s.wants_workflow(event.kind.code)
    ]
    # Only where the object may be seen (its own government, or where the kind says so).
    if not subscriptions or not event.kind.is_visible_in(event.obj, government):
        return []
    obj: Model = event.obj
    object_type = object_type_of(type(obj))
    payload = workflow_payload(event, object_type)
    event_id = uuid.uuid4()
    now = timezone.now()
    rows = [
        WebhookDelivery(
            government=government,
            subscription=subscription,
            event_id=event_id,
            family=EventFamily.WORKFLOW,
            kind=workflow_kind(event.kind.code),
            occurred_at=now,
            object_type=object_type,
            object_id=str(obj.pk),
            payload=payload,
        )
        for subscription in subscriptions
    ]
    return queue(rows)


def queue(rows: list[WebhookDelivery]) -> list[WebhookDelivery]:
    """Store the deliveries and queue their first attempt once they are committed."""
    if not rows:
        return []
    with transaction.atomic():
        created = WebhookDelivery.objects.bulk_create(rows)
        ids = [delivery.pk for delivery in created]
        transaction.on_commit(partial(_enqueue, ids), robust=True)
    return created


def _enqueue(ids: list[int]) -> None:
    for delivery_id in ids:
        send_webhook.enqueue(delivery_id)

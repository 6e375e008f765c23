"""The JSON body of a delivery: only what the subscriber's government may see.

- A recorded change is delivered only to its own government's subscriptions (the audit
  event's government): its object, who made it, through which channel, and the diff (each
  changed field before and after, without what the audit trail itself leaves out).
- A workflow event is delivered to the subscriptions of the government it was notified to.
  When the object belongs to another government (the solidarity board, the network's
  positions), only its public fields go: its kind, id, title and owning government, never
  who acted nor the note.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder

from lazos.webhooks.choices import EventFamily

if TYPE_CHECKING:
    from lazos.core.events import Event
    from lazos.core.models import AuditEvent
    from lazos.governments.models import Government
    from lazos.webhooks.models import WebhookDelivery


def government_part(government: Government) -> dict[str, Any]:
    return {"id": government.pk, "slug": government.slug, "name": government.name}


def audit_object_type(event: AuditEvent) -> str:
    content_type = event.content_type
    return f"{content_type.app_label}.{content_type.model}"


def audit_payload(event: AuditEvent) -> dict[str, Any]:
    """The event-specific part of a recorded change (the envelope adds id, kind, time)."""
    return {
        "action": event.action,
        "object": {
            "type": audit_object_type(event),
            "id": event.object_id,
            "repr": event.object_repr,
        },
        "actor": event.actor_label,
        "channel": event.channel,
        "audit_event_id": event.pk,
        "changes": dict(event.changes),
        "note": event.note,
    }


def workflow_payload(event: Event, object_type: str) -> dict[str, Any]:
    obj = event.obj
    owner_id = getattr(obj, "government_id", None)
    part: dict[str, Any] = {
        "object": {"type": object_type, "id": str(obj.pk), "repr": " ".join(str(obj).split())},
        "label": str(event.kind.label),
    }
    if owner_id == event.government.pk:
        part["actor"] = event.actor.get_username() if event.actor is not None else ""
        part["note"] = event.note
    else:
        # Another government's object: its public fields only.
        owner = getattr(obj, "government", None)
        part["object"]["government"] = (
            {"slug": owner.slug, "name": owner.name} if owner is not None else None
        )
        part["cross_government"] = True
    return part


def body_for(delivery: WebhookDelivery) -> bytes:
    """The bytes sent (and signed) for ``delivery``."""
    envelope: dict[str, Any] = {
        "id": str(delivery.event_id),
        "kind": delivery.kind,
        "source": delivery.family,
        "occurred_at": delivery.occurred_at,
        "government": government_part(delivery.government),
    }
    if delivery.family == EventFamily.AUDIT and delivery.audit_event is not None:
        envelope.update(audit_payload(delivery.audit_event))
    else:
        envelope.update(delivery.payload)
    return json.dumps(envelope, cls=DjangoJSONEncoder, ensure_ascii=False).encode()

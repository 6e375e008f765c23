"""Every write to webhook subscriptions: validated, audited, atomic; and the redelivery of
a delivery. Only administrators manage webhooks (the views and the API check the role; the
services check that the acting person is an administrator of the subscription's
government)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.core import audit
from lazos.core.services import assign, delete_audited, save_audited
from lazos.webhooks.choices import DeliveryStatus
from lazos.webhooks.jobs import send_webhook
from lazos.webhooks.kinds import object_type_choices, workflow_event_choices
from lazos.webhooks.lifecycle import check_administrator, disable_webhook_subscription
from lazos.webhooks.models import WebhookDelivery, WebhookSubscription, new_webhook_secret

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.governments.models import Government

# The fields an administrator sets on a subscription (the secret is the server's).
SUBSCRIPTION_FIELDS = (
    "name",
    "url",
    "audit_actions",
    "object_types",
    "workflow_events",
    "is_active",
)


def _clean_kinds(values: dict[str, Any]) -> dict[str, Any]:
    """Lists in a stable order, every kind known (a stale or invented kind is refused)."""
    errors: dict[str, Any] = {}
    known = {
        "audit_actions": set(audit.AuditAction.values),
        "object_types": {key for key, _label in object_type_choices()},
        "workflow_events": {key for key, _label in workflow_event_choices()},
    }
    cleaned = dict(values)
    for name, allowed in known.items():
        if name not in cleaned:
            continue
        chosen = [str(item) for item in (cleaned[name] or [])]
        unknown = sorted(set(chosen) - allowed)
        if unknown:
            errors[name] = _("Unknown: %(kinds)s.") % {"kinds": ", ".join(unknown)}
        cleaned[name] = sorted(set(chosen))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_something_chosen(subscription: WebhookSubscription) -> None:
    if not subscription.audit_actions and not subscription.workflow_events:
        raise ValidationError(
            _("Choose at least one kind of recorded change or one workflow event."),
            code="nothing_chosen",
        )


@transaction.atomic
def create_webhook_subscription(
    government: Government, *, acting_user: User | None, **values: Any
) -> WebhookSubscription:
    """Subscribe an endpoint; the server makes its secret (``subscription.secret``, shown to
    the administrator once)."""
    check_administrator(government, acting_user)
    values = _clean_kinds(values)
    subscription = WebhookSubscription(
        government=government, secret=new_webhook_secret(), secret_rotated_at=timezone.now()
    )
    assign(subscription, SUBSCRIPTION_FIELDS, values)
    _check_something_chosen(subscription)
    return save_audited(
        subscription, acting_user=acting_user, fields=SUBSCRIPTION_FIELDS, values=values
    )


@transaction.atomic
def update_webhook_subscription(
    subscription: WebhookSubscription, *, acting_user: User | None, **values: Any
) -> WebhookSubscription:
    """Change a subscription. Enabling a disabled one starts its count of failures again."""
    check_administrator(subscription.government_id, acting_user)
    values = _clean_kinds(values)
    if values.get("is_active") and not subscription.is_active:
        subscription.consecutive_failures = 0
        subscription.disabled_reason = ""
    candidate = WebhookSubscription(
        **{f.attname: getattr(subscription, f.attname) for f in subscription._meta.concrete_fields}
    )
    for name, value in values.items():
        setattr(candidate, name, value)
    _check_something_chosen(candidate)
    return save_audited(
        subscription, acting_user=acting_user, fields=SUBSCRIPTION_FIELDS, values=values
    )


@transaction.atomic
def delete_webhook_subscription(
    subscription: WebhookSubscription, *, acting_user: User | None
) -> None:
    """Delete a subscription with its delivery log."""
    check_administrator(subscription.government_id, acting_user)
    delete_audited(subscription, acting_user=acting_user)


@transaction.atomic
def rotate_webhook_secret(
    subscription: WebhookSubscription, *, acting_user: User | None
) -> WebhookSubscription:
    """Give the subscription a new secret (the old one stops signing at once)."""
    check_administrator(subscription.government_id, acting_user)
    with audit.recording(
        subscription, actor=acting_user, note=str(_("The signing secret was replaced."))
    ):
        subscription.secret = new_webhook_secret()
        subscription.secret_rotated_at = timezone.now()
        subscription.save(update_fields=["secret", "secret_rotated_at", "updated_at"])
    return subscription


@transaction.atomic
def redeliver_webhook(delivery: WebhookDelivery, *, acting_user: User | None) -> WebhookDelivery:
    """Send a delivery again (the same event id, a new signature), now, by the job worker;
    a failure is retried like a first delivery."""
    check_administrator(delivery.government_id, acting_user)
    if not WebhookSubscription.objects.filter(pk=delivery.subscription_id, is_active=True).exists():
        raise ValidationError(
            _("This subscription is disabled: enable it before redelivering."), code="disabled"
        )
    delivery.status = DeliveryStatus.PENDING
    delivery.series_start = delivery.attempts
    delivery.next_attempt_at = None
    delivery.redelivery_requested_by = acting_user
    delivery.save(
        update_fields=[
            "status",
            "series_start",
            "next_attempt_at",
            "redelivery_requested_by",
            "updated_at",
        ]
    )
    pk = delivery.pk
    transaction.on_commit(lambda: send_webhook.enqueue(pk))
    return delivery


__all__ = [
    "check_administrator",
    "create_webhook_subscription",
    "delete_webhook_subscription",
    "disable_webhook_subscription",
    "redeliver_webhook",
    "rotate_webhook_secret",
    "update_webhook_subscription",
]

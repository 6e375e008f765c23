"""Who may manage webhooks, and the disabling of a subscription (by the worker after too many
failed attempts in a row, or by an administrator). Apart from ``services.py`` because the job
worker's module uses it and ``services.py`` queues that module's job."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lazos.core import audit
from lazos.core.events import notify
from lazos.governments.choices import Role
from lazos.governments.models import Membership
from lazos.webhooks.events import SUBSCRIPTION_DISABLED
from lazos.webhooks.models import WebhookSubscription

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.governments.models import Government

ONLY_ADMINISTRATORS = _("Only the government's administrators manage webhooks.")


def check_administrator(government: Government | int, user: User | None) -> None:
    """Refuse anyone but an administrator of ``government`` (None: the system itself)."""
    if user is None:
        return
    government_id = government if isinstance(government, int) else government.pk
    if (
        not Membership.objects.for_tenant(government_id)
        .filter(user=user, role=Role.ADMINISTRATOR)
        .exists()
    ):
        raise PermissionDenied(ONLY_ADMINISTRATORS)


@transaction.atomic
def disable_webhook_subscription(
    subscription: WebhookSubscription, *, acting_user: User | None, reason: str
) -> WebhookSubscription:
    """Disable a subscription, audited, and tell the government's administrators (after the
    transaction commits). Disabling a disabled subscription changes nothing."""
    check_administrator(subscription.government_id, acting_user)
    stored = (
        WebhookSubscription.objects.select_for_update()
        .select_related("government")
        .get(pk=subscription.pk)
    )
    if not stored.is_active:
        return stored
    with audit.recording(stored, actor=acting_user, note=reason):
        stored.is_active = False
        stored.disabled_reason = reason[:300]
        stored.save(update_fields=["is_active", "disabled_reason", "updated_at"])
    notify(
        SUBSCRIPTION_DISABLED.code,
        stored,
        actor=acting_user,
        government=stored.government,
        note=reason,
    )
    return stored

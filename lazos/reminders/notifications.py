"""Delivering workflow events (``lazos.core.events``): an inbox entry for each person
concerned who may see the object, and an email at once in the recipient's language for the
kinds they want by email immediately (the digest kinds wait for the daily digest).

Nobody is told of their own act, and nobody who is not an active member of a government
that may see the object (its own, unless the kind says otherwise), who may not view it, or (for department-scoped kinds) an editor or viewer none
of whose departments owns it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from lazos.core.events import Delivery, Event, EventKind
from lazos.core.mail import build_message, render_subject
from lazos.core.permissions import Operation, policy_for
from lazos.core.text import truncate
from lazos.governments.choices import Role
from lazos.governments.models import Membership
from lazos.reminders.badge import forget_reminder_count
from lazos.reminders.models import Notification, ReminderPreference

if TYPE_CHECKING:
    from lazos.accounts.models import User

logger = logging.getLogger(__name__)

DEPARTMENT_ROLES = frozenset({Role.EDITOR, Role.VIEWER})


def may_be_told(
    membership: Membership, kind: EventKind, obj: Any, *, visible: bool = False
) -> bool:
    """May this member be told of ``obj`` (see the module's docstring)? ``visible``: the
    object is already known to be visible in the member's government."""
    if not visible and not kind.is_visible_in(obj, membership.government):
        return False
    if not policy_for(type(obj)).allows_on(membership, Operation.VIEW, obj):
        return False
    if kind.department_scoped and membership.role in DEPARTMENT_ROLES:
        owning = getattr(obj, "owning_department_ids", None)
        return bool(owning and set(membership.department_ids) & set(owning()))
    return True


def recipients_of(event: Event) -> list[Membership]:
    """The memberships of the people to tell of ``event``."""
    if not event.kind.is_visible_in(event.obj, event.government):
        return []
    wanted = {
        user.pk for user in event.kind.recipients(event.obj, event.government) if user is not None
    }
    if event.actor is not None:
        wanted.discard(event.actor.pk)
    if not wanted:
        return []
    memberships = (
        Membership.objects.for_tenant(event.government)
        .filter(user_id__in=wanted, user__is_active=True)
        .select_related("user", "government")
        .prefetch_related("departments")
        .order_by("user_id")
    )
    return [m for m in memberships if may_be_told(m, event.kind, event.obj, visible=True)]


def language_of(user: User, government: Any) -> str:
    available = {code for code, _name in settings.LANGUAGES}
    for code in [user.preferred_language, *(government.official_languages or [])]:
        if code and code in available:
            return str(code)
    return str(settings.LANGUAGE_CODE)


def deliver(event: Event) -> list[Notification]:
    """Write the inbox entries of ``event`` and send the immediate emails (a listener of
    ``lazos.core.events``, run after the event's transaction committed)."""
    memberships = recipients_of(event)
    if not memberships:
        return []
    obj = event.obj
    stored = {
        p.user_id: p
        for p in ReminderPreference.objects.for_tenant(event.government).filter(
            user_id__in=[m.user_id for m in memberships]
        )
    }
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    content_type = ContentType.objects.get_for_model(type(obj))
    now = timezone.now()
    rows = []
    for membership in memberships:
        preference = stored.get(membership.user_id) or ReminderPreference.defaults_for(membership)
        rows.append(
            Notification(
                government=event.government,
                recipient=membership.user,
                kind=event.kind.code,
                content_type=content_type,
                object_id=obj.pk,
                title=truncate(" ".join(str(obj).split()), 300),
                url=url,
                note=event.note,
                actor=event.actor,
                delivery=preference.delivery_of(event.kind.code),
                created_at=now,
            )
        )
    with transaction.atomic():
        notifications = Notification.objects.bulk_create(rows)
    for notification in notifications:
        forget_reminder_count(notification.recipient_id, event.government.pk)
        if (
            notification.delivery == Delivery.IMMEDIATE
            and notification.recipient.email
            and not event.quiet
        ):
            send_immediately(notification)
    return notifications


def render_notification_email(notification: Notification) -> Any:
    user = notification.recipient
    language = language_of(user, notification.government)
    base_url = str(getattr(settings, "LAZOS_BASE_URL", "")).rstrip("/")
    with translation.override(language):
        context = {
            "notification": notification,
            "user": user,
            "government": notification.government,
            "label": notification.label,
            "object_url": base_url + notification.get_absolute_url(),
            "inbox_url": base_url + reverse("reminders:inbox"),
            "preferences_url": base_url + reverse("reminders:preferences"),
            "instance_name": settings.LAZOS_INSTANCE_NAME,
            "LANGUAGE_CODE": language,
        }
        subject = render_subject("reminders/email/notification_subject.txt", context)
        text = render_to_string("reminders/email/notification.txt", context)
        html = render_to_string("reminders/email/notification.html", context)
    return build_message(subject, text, [user.email], html=html)


def send_immediately(notification: Notification) -> bool:
    """Email one notification now; a failure is logged (the inbox entry stays)."""
    try:
        render_notification_email(notification).send()
    except Exception:
        logger.exception("Notification email to %s failed", notification.recipient.username)
        return False
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True

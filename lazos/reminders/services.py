"""Every write to reminder preferences."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.core import audit
from lazos.governments.models import Membership
from lazos.reminders.badge import forget_reminder_count
from lazos.reminders.models import Notification, ReminderPreference

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.governments.models import Government


def preference_for(membership: Membership) -> ReminderPreference:
    """The member's preference (stored, or the defaults of their role, unsaved)."""
    return ReminderPreference.objects.effective_for(membership)


def _membership(government: Government, user: User) -> Membership:
    membership = Membership.objects.for_tenant(government).filter(user=user).first()
    if membership is None:
        raise ValidationError(_("Only members of the government have reminder preferences."))
    return membership


@transaction.atomic
def set_reminder_preferences(
    government: Government,
    *,
    acting_user: User,
    user: User,
    kinds: Iterable[str],
    scope: str,
    email_digest: bool,
    notification_email: dict[str, str] | None = None,
) -> ReminderPreference:
    """Choose which reminders ``user`` receives in ``government`` and whether by email, and
    (``notification_email``, when given) how each kind of notification is sent by email.

    People set their own preferences; nobody else may.
    """
    if acting_user is None or acting_user.pk != user.pk:
        raise ValidationError(_("You can only change your own reminder preferences."))
    preference = ReminderPreference.objects.for_tenant(government).filter(user=user).first()
    if preference is None:
        preference = ReminderPreference.defaults_for(_membership(government, user))
    with audit.recording(preference, actor=acting_user):
        preference.kinds = list(kinds)
        preference.scope = scope
        preference.email_digest = bool(email_digest)
        if notification_email is not None:
            preference.notification_email = dict(notification_email)
        preference.full_clean()
        preference.save()
    return preference


@transaction.atomic
def record_digest_sent(
    memberships: Iterable[Membership],
    *,
    on: datetime.date,
    sent_at: datetime.datetime | None = None,
) -> list[ReminderPreference]:
    """Note that the digest of day ``on`` went out to these members (one row per
    government; rows are created with the role's defaults where the member had none).
    Audited, without a person: the channel (command or job) says who sent it."""
    sent_at = sent_at or timezone.now()
    saved = []
    for membership in memberships:
        preference = preference_for(membership)
        with audit.recording(preference, actor=None, note="daily digest"):
            preference.last_sent_at = sent_at
            preference.last_digest_on = on
            preference.full_clean()
            preference.save()
        saved.append(preference)
    return saved


def mark_notifications_read(
    government: Government, *, acting_user: User, pk: int | None = None
) -> int:
    """Mark one of ``acting_user``'s notifications (``pk``), or all of them, as read in
    ``government``. Not audited: it changes nothing but the reader's own inbox. Returns how
    many were marked."""
    rows = Notification.objects.for_tenant(government).filter(
        recipient_id=acting_user.pk, read_at__isnull=True
    )
    if pk is not None:
        rows = rows.filter(pk=pk)
    marked = rows.update(read_at=timezone.now())
    forget_reminder_count(acting_user.pk, government.pk)
    return marked


def record_notifications_emailed(notifications: Iterable[Notification]) -> int:
    """Note that these notifications went out in a digest (not audited, like reading)."""
    ids = [notification.pk for notification in notifications]
    if not ids:
        return 0
    return Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now())

"""The daily email digest: who receives what, and sending it.

One email per person per day, covering every government where they asked for the digest
(``ReminderPreference.email_digest``; on by default for administrators and coordinators),
with the notifications of the kinds they want in the digest not emailed yet (those are sent
even when the reminders' digest is off).
Nothing is sent to a person without reminders that day, without an email address, or who
already received that day's digest (unless forced). The email is written in the person's
preferred language (otherwise the first government's language), as plain text with an HTML
alternative; links are absolute (``LAZOS_BASE_URL``).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from lazos.core.mail import build_message, render_subject
from lazos.governments.models import Membership
from lazos.reminders.collect import GovernmentReminders, collect
from lazos.reminders.models import Notification, ReminderPreference

if TYPE_CHECKING:
    from lazos.accounts.models import User

logger = logging.getLogger(__name__)


class Skip:
    """Why a member gets no digest (shown by the dry run)."""

    OPTED_OUT = "digest off"
    NOTHING = "no reminders"
    NO_EMAIL = "no email address"
    ALREADY_SENT = "already sent today"


@dataclass
class UserDigest:
    user: User
    sections: list[GovernmentReminders] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    # Notifications of the kinds the person wants in the digest, not emailed yet.
    notifications: list[Notification] = field(default_factory=list)
    skipped: str = ""

    @property
    def total(self) -> int:
        return sum(section.total for section in self.sections) + len(self.notifications)

    @property
    def language(self) -> str:
        return digest_language(self.user, [m.government for m in self.memberships])


@dataclass
class DigestPlan:
    today: date
    digests: list[UserDigest]
    # (membership, reason) of the members of the chosen governments who get nothing from it
    skipped_members: list[tuple[Membership, str]] = field(default_factory=list)

    @property
    def to_send(self) -> list[UserDigest]:
        return [d for d in self.digests if not d.skipped]


def digest_language(user: User, governments: list[Any]) -> str:
    available = {code for code, _name in settings.LANGUAGES}
    candidates = [user.preferred_language]
    for government in governments:
        candidates.extend(government.official_languages or [])
    for code in candidates:
        if code and code in available:
            return str(code)
    return str(settings.LANGUAGE_CODE)


def plan_digests(
    today: date, *, governments: list[Any] | None = None, force: bool = False
) -> DigestPlan:
    """Decide, for every active member of ``governments`` (default: all), what their digest
    holds. Queries: a fixed few, plus one per kind of reminder and member who wants it."""
    memberships = (
        Membership.objects.filter(user__is_active=True)
        .select_related("user", "government")
        .prefetch_related("departments")
        .order_by("user__username", "government__name")
    )
    preferences = ReminderPreference.objects.all()
    if governments is not None:
        memberships = memberships.filter(government__in=governments)
        preferences = preferences.filter(government__in=governments)
    stored = {(p.government_id, p.user_id): p for p in preferences}
    pending = Notification.objects.awaiting_digest().select_related("government", "actor")
    if governments is not None:
        pending = pending.filter(government__in=governments)
    waiting: dict[tuple[int, int], list[Notification]] = defaultdict(list)
    for notification in pending.order_by("created_at", "pk"):
        waiting[(notification.government_id, notification.recipient_id)].append(notification)
    by_user: dict[int, UserDigest] = {}
    plan = DigestPlan(today, [])
    sent_today: dict[int, bool] = defaultdict(bool)
    for membership in memberships:
        preference = stored.get((membership.government_id, membership.user_id))
        if preference is None:
            preference = ReminderPreference.defaults_for(membership)
        if preference.last_digest_on is not None and preference.last_digest_on >= today:
            sent_today[membership.user_id] = True
        notifications = waiting.get((membership.government_id, membership.user_id), [])
        if not preference.email_digest and not notifications:
            plan.skipped_members.append((membership, Skip.OPTED_OUT))
            continue
        digest = by_user.setdefault(membership.user_id, UserDigest(membership.user))
        digest.memberships.append(membership)
        digest.notifications.extend(notifications)
        if preference.email_digest:
            section = collect(
                membership, today=today, kinds=preference.kinds, scope=preference.scope
            )
            if section.total:
                digest.sections.append(section)
    for user_id, digest in by_user.items():
        if not digest.total:
            digest.skipped = Skip.NOTHING
        elif not digest.user.email:
            digest.skipped = Skip.NO_EMAIL
        elif sent_today[user_id] and not force:
            digest.skipped = Skip.ALREADY_SENT
        plan.digests.append(digest)
    return plan


def render_digest(digest: UserDigest, today: date) -> EmailMultiAlternatives:
    base_url = str(getattr(settings, "LAZOS_BASE_URL", "")).rstrip("/")
    with translation.override(digest.language):
        context = {
            "digest": digest,
            "user": digest.user,
            "today": today,
            "base_url": base_url,
            "inbox_url": base_url + reverse("reminders:inbox"),
            "preferences_url": base_url + reverse("reminders:preferences"),
            "instance_name": settings.LAZOS_INSTANCE_NAME,
            "LANGUAGE_CODE": digest.language,
        }
        subject = render_subject("reminders/email/digest_subject.txt", context)
        text = render_to_string("reminders/email/digest.txt", context)
        html = render_to_string("reminders/email/digest.html", context)
    return build_message(subject, text, [digest.user.email], html=html)


def send_digests(plan: DigestPlan) -> tuple[int, list[str]]:
    """Send the planned digests, one email per person, and record each one sent.

    Returns the number sent and the failures (a failed email is logged and does not stop
    the others; it is not recorded, so the next run tries again).
    """
    from lazos.reminders.services import record_digest_sent, record_notifications_emailed

    sent, failures = 0, []
    for digest in plan.to_send:
        message = render_digest(digest, plan.today)
        try:
            message.send()
        except Exception as error:
            logger.exception("Reminder digest to %s failed", digest.user.username)
            failures.append(f"{digest.user.username}: {error}")
            continue
        record_digest_sent(digest.memberships, on=plan.today)
        record_notifications_emailed(digest.notifications)
        sent += 1
    return sent, failures

"""What each member wants to be reminded of, in each government they belong to."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lazos.core.events import Delivery, kind_for
from lazos.core.models import TenantModel
from lazos.core.permissions import Operation, RolePolicy
from lazos.governments.choices import Role
from lazos.reminders.choices import ReminderKind, ReminderScope
from lazos.reminders.querysets import InboxNotificationManager, ReminderPreferenceManager

if TYPE_CHECKING:
    from lazos.governments.models import Membership

# Roles whose daily email digest is on, and who see the whole government's work, until they
# choose otherwise: the international office runs the follow-up of everything; editors and
# viewers are reminded of their own departments' work and of what they are responsible for,
# in the inbox only.
DIGEST_BY_DEFAULT = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR})


def all_kinds() -> list[str]:
    return list(ReminderKind.values)


def default_scope(role: str) -> str:
    return ReminderScope.ALL if role in DIGEST_BY_DEFAULT else ReminderScope.MINE


class OwnPreferencePolicy(RolePolicy):
    """Every member reads and sets their own reminder preferences (views only ever load the
    signed-in person's row)."""

    roles = {
        **RolePolicy.roles,
        Operation.ADD: frozenset(Role.values),
        Operation.CHANGE: frozenset(Role.values),
    }


class ReminderPreference(TenantModel):
    """A member's choice of reminders in one government. Without a row the role's defaults
    apply (see :func:`ReminderPreference.defaults_for`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_preferences",
        verbose_name=_("user"),
    )
    kinds = models.JSONField(
        _("reminders received"),
        default=all_kinds,
        blank=True,
        help_text=_("The kinds of reminder shown in the inbox and sent in the digest."),
    )
    scope = models.CharField(
        _("whose work"),
        max_length=10,
        choices=ReminderScope.choices,
        default=ReminderScope.ALL,
    )
    email_digest = models.BooleanField(
        _("daily email digest"),
        default=False,
        help_text=_("One email a day with the reminders, when there are any."),
    )
    notification_email = models.JSONField(
        _("notifications by email"),
        default=dict,
        blank=True,
        help_text=_(
            "For each kind of notification: by email at once, in the daily digest, or in the "
            "inbox only. A kind not chosen follows its default."
        ),
    )
    last_sent_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)
    last_digest_on = models.DateField(
        _("day of the last digest"),
        null=True,
        blank=True,
        help_text=_("The day the last digest was for: at most one digest is sent per day."),
    )

    objects: ClassVar[ReminderPreferenceManager[ReminderPreference]] = ReminderPreferenceManager()
    permission_policy = OwnPreferencePolicy()

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")
        ordering = ["government", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "user"],
                name="reminderpref_unique_user_per_government",
                violation_error_message=_(
                    "This person already has reminder preferences in this government."
                ),
            )
        ]

    def __str__(self) -> str:
        who = self.user if ReminderPreference.user.is_cached(self) else f"#{self.user_id}"
        return f"{who} · {_('reminder preferences')}"

    def get_absolute_url(self) -> str:
        return reverse("reminders:preferences")

    def clean(self) -> None:
        unknown = sorted(set(self.kinds or []) - set(ReminderKind.values))
        if unknown:
            raise ValidationError(
                {
                    "kinds": _("Unknown kind(s) of reminder: %(kinds)s.")
                    % {"kinds": ", ".join(unknown)}
                }
            )
        self.kinds = [kind for kind in ReminderKind.values if kind in (self.kinds or [])]
        choices = self.notification_email or {}
        if not isinstance(choices, dict) or any(
            kind_for(str(code)) is None or value not in Delivery.values
            for code, value in choices.items()
        ):
            raise ValidationError(
                {"notification_email": _("Unknown kind of notification or way of telling.")}
            )

    def delivery_of(self, code: str) -> str:
        """How this member is told of events of kind ``code`` besides the inbox."""
        kind = kind_for(code)
        if kind is None or not kind.emails:
            return Delivery.OFF
        chosen = (self.notification_email or {}).get(code)
        return str(chosen) if chosen in Delivery.values else str(kind.delivery)

    @classmethod
    def defaults_for(cls, membership: Membership) -> ReminderPreference:
        """An unsaved preference with the defaults of the member's role."""
        return cls(
            government_id=membership.government_id,
            user_id=membership.user_id,
            kinds=all_kinds(),
            scope=default_scope(membership.role),
            email_digest=membership.role in DIGEST_BY_DEFAULT,
        )


class OwnNotificationPolicy(RolePolicy):
    """Every member reads and marks as read their own notifications (views only ever load the
    signed-in person's rows)."""

    roles = {**RolePolicy.roles, Operation.CHANGE: frozenset(Role.values)}


class Notification(TenantModel):
    """One person told of one workflow event (``lazos.core.events``) in one government.

    The kind's label is translated when shown (in the reader's language); ``title`` is the
    object's name when the event happened, ``url`` where it is seen."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=60)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("object type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    obj = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    delivery = models.CharField(_("email"), max_length=10, choices=Delivery.choices)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    objects: ClassVar[InboxNotificationManager[Notification]] = InboxNotificationManager()
    permission_policy = OwnNotificationPolicy()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["government", "recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.label} · {self.title}"

    @property
    def label(self) -> str:
        kind = kind_for(self.kind)
        return str(kind.label) if kind else self.kind

    def get_absolute_url(self) -> str:
        return self.url or reverse("reminders:inbox")

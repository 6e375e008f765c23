"""What each member wants to be reminded of, in each government they belong to."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lazos.core.models import TenantModel
from lazos.core.permissions import Operation, RolePolicy
from lazos.governments.choices import Role
from lazos.reminders.choices import ReminderKind, ReminderScope
from lazos.reminders.querysets import ReminderPreferenceManager

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

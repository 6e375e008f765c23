"""Personal calendar feeds: a secret address per member, stored only as a hash."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lazos.agenda.querysets import CalendarTokenManager
from lazos.core.models import TenantModel
from lazos.core.permissions import Operation, RolePolicy
from lazos.governments.choices import Role


class OwnFeedPolicy(RolePolicy):
    """Every member manages their own calendar feed (views show only the member's own)."""

    roles = {
        **RolePolicy.roles,
        Operation.ADD: frozenset(Role.values),
        Operation.CHANGE: frozenset(Role.values),
        Operation.DELETE: frozenset(Role.values),
    }


class CalendarToken(TenantModel):
    """The secret of a member's personal iCalendar feed of one government.

    Only the SHA-256 of the secret is stored; the address is shown once, when it is created.
    A member has at most one active feed per government; revoking it stops it at once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    token_hash = models.CharField(
        _("secret (hashed)"),
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("SHA-256 of the secret in the feed's address; the secret itself is not kept."),
    )
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects: ClassVar[CalendarTokenManager[CalendarToken]] = CalendarTokenManager()
    permission_policy = OwnFeedPolicy()
    audit_exclude = ("token_hash", "last_used")

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["government", "user"], name="caltoken_gov_user")]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "user"],
                condition=Q(revoked_at__isnull=True),
                name="caltoken_one_active_per_member",
                violation_error_message=_("You already have an active calendar feed."),
            )
        ]

    def __str__(self) -> str:
        return f"{_('calendar feed')} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("agenda:feed")

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

"""Writes of the calendar: members create and revoke their personal feed, audited."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.agenda.models import CalendarToken
from lazos.agenda.tokens import hash_token
from lazos.core.services import save_audited
from lazos.governments.choices import Role
from lazos.governments.models import Government, Membership

if TYPE_CHECKING:
    from lazos.accounts.models import User


@transaction.atomic
def create_calendar_token(
    government: Government, *, acting_user: User
) -> tuple[CalendarToken, str]:
    """Give ``acting_user`` a new personal feed of ``government``; their previous one stops.

    Returns the token and its secret, which is not stored and cannot be shown again.
    """
    if not Membership.objects.for_tenant(government).filter(user=acting_user).exists():
        raise PermissionDenied(_("Only members of this government can have its calendar feed."))
    previous = (
        CalendarToken.objects.for_tenant(government)
        .of_user(acting_user)
        .active()
        .select_for_update()
    )
    for token in previous:
        revoke_calendar_token(token, acting_user=acting_user)
    raw_token = secrets.token_urlsafe(32)
    token = save_audited(
        CalendarToken(government=government),
        acting_user=acting_user,
        fields=("user", "token_hash"),
        values={"user": acting_user, "token_hash": hash_token(raw_token)},
    )
    return token, raw_token


@transaction.atomic
def revoke_calendar_token(token: CalendarToken, *, acting_user: User) -> CalendarToken:
    """Stop the feed at once. Its owner, or an administrator of the government, may do it."""
    if token.user_id != getattr(acting_user, "pk", None):
        is_administrator = (
            Membership.objects.for_tenant(token.government_id)
            .filter(user=acting_user, role=Role.ADMINISTRATOR)
            .exists()
        )
        if not is_administrator:
            raise PermissionDenied(_("Only its owner can revoke a calendar feed."))
    if token.revoked_at is not None:
        return token
    return save_audited(
        token,
        acting_user=acting_user,
        fields=("revoked_at",),
        values={"revoked_at": timezone.now()},
    )


def record_calendar_token_use(token: CalendarToken) -> None:
    """Note when the feed was last read (bookkeeping shown to its owner; not audited)."""
    now = timezone.now()
    CalendarToken.objects.filter(pk=token.pk).update(last_used=now)
    token.last_used = now

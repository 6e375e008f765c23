"""Every write to API tokens: validated, audited, atomic."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from lazos.accounts.models import User
from lazos.api.models import PREFIX_LENGTH, ApiToken, hash_key, new_secret
from lazos.core import audit
from lazos.governments.choices import Role
from lazos.governments.models import Government, Membership


@transaction.atomic
def create_api_token(
    government: Government,
    *,
    acting_user: User,
    name: str,
    read_only: bool = False,
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create a token of ``acting_user`` in ``government``; returns it with its secret key.

    The key is shown once: only its hash is stored. Only members of the government may create
    a token there, and a person holds at most ``API_TOKENS_PER_PERSON`` usable tokens in it
    (each token has its own rate limit: unbounded tokens would be an unbounded rate).
    """
    if not Membership.objects.for_tenant(government).filter(user=acting_user).exists():
        raise PermissionDenied(_("Only members of this government can create API tokens in it."))
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    _check_token_cap(government, acting_user)
    raw_key = new_secret()
    token = ApiToken(
        government=government,
        user=acting_user,
        name=name,
        read_only=read_only,
        expires_at=expires_at,
        key_hash=hash_key(raw_key),
        prefix=raw_key[:PREFIX_LENGTH],
    )
    with audit.recording(token, actor=acting_user):
        token.full_clean()
        token.save()
    return token, raw_key


def _check_token_cap(government: Government, user: User) -> None:
    """Refuse a token beyond the cap. The person's rows are locked first, so two requests at
    once cannot both take the last place."""
    limit = settings.API_TOKENS_PER_PERSON
    held = ApiToken.objects.for_tenant(government).owned_by(user)
    list(held.select_for_update().values_list("pk", flat=True))
    if held.usable().count() >= limit:
        raise ValidationError(
            ngettext_lazy(
                "You already have %(limit)d usable token in this government, the most allowed. "
                "Revoke one you no longer use, then create the new one.",
                "You already have %(limit)d usable tokens in this government, the most allowed. "
                "Revoke one you no longer use, then create the new one.",
                "limit",
            )
            % {"limit": limit},
            code="token_cap",
        )


def can_revoke(token: ApiToken, user: User) -> bool:
    """The owner, or an administrator of the token's government."""
    if token.user_id == user.pk:
        return True
    return (
        Membership.objects.for_tenant(token.government_id)
        .filter(user=user, role=Role.ADMINISTRATOR)
        .exists()
    )


@transaction.atomic
def revoke_api_token(token: ApiToken, *, acting_user: User) -> ApiToken:
    """Revoke ``token`` at once (the owner or an administrator). Revoking twice is a no-op."""
    if not can_revoke(token, acting_user):
        raise PermissionDenied(_("Only the owner or an administrator can revoke this token."))
    if token.revoked_at is not None:
        return token
    with audit.recording(token, actor=acting_user):
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token

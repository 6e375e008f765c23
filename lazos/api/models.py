"""Personal API tokens: a user's key to the API in one government."""

from __future__ import annotations

import hashlib
import secrets
from typing import ClassVar, Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.core.models import TenantModel
from lazos.core.permissions import RolePolicy
from lazos.core.querysets import TenantQuerySet
from lazos.governments.choices import Role

KEY_PREFIX = "lzs_"
PREFIX_LENGTH = 8


def new_secret() -> str:
    """A new secret key: shown once to its owner, stored only as a hash."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


class TokenPolicy(RolePolicy):
    """Every member manages their own tokens (the services check ownership)."""

    roles = {action: frozenset(Role.values) for action in RolePolicy.roles}


class ApiTokenQuerySet(TenantQuerySet["ApiToken"]):
    def owned_by(self, user: object) -> Self:
        return self.filter(user=user)

    def usable(self) -> Self:
        """Neither revoked nor expired."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


ApiTokenManager = models.Manager.from_queryset(ApiTokenQuerySet)


class ApiToken(TenantModel):
    """A personal API token of one member in one government.

    The secret itself is never stored: only its SHA-256 hash (to find the token) and its first
    characters (so the owner recognises it in the list).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. “Council BI”.")
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        _("prefix"),
        max_length=PREFIX_LENGTH,
        editable=False,
        help_text=_("The first characters of the key, to recognise it."),
    )
    read_only = models.BooleanField(
        _("read-only"), default=False, help_text=_("A read-only token can read but never write.")
    )
    expires_at = models.DateTimeField(
        _("expires"),
        null=True,
        blank=True,
        help_text=_("After this moment the token is refused. Empty: it never expires."),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects: ClassVar[ApiTokenManager[ApiToken]] = ApiTokenManager()
    permission_policy = TokenPolicy()
    audit_exclude = ("key_hash", "last_used_at")

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["government", "user", "-created_at"], name="apitoken_gov_user"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired

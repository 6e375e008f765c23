"""People who sign in to Lazos, and their recovery codes for two-factor sign-in."""

from __future__ import annotations

import hashlib
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, DeviceManager, ThrottlingMixin

from lazos.core.models import TenantModel
from lazos.core.permissions import Operation, RolePolicy
from lazos.core.single_line import SingleLineFields
from lazos.governments.choices import Role


class User(SingleLineFields, AbstractUser):
    """A person with an account. Belongs to governments through memberships."""

    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The interface is shown in this language after you sign in."),
    )
    session_generation = models.PositiveIntegerField(
        _("session generation"),
        default=0,
        help_text=_(
            "Raised to sign the person out everywhere: every session opened before stops working."
        ),
    )

    audit_exclude = ("password", "last_login")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django checks this hash, stored in the session at sign-in, on every request. Mixing
        in ``session_generation`` lets one raise end every session (while 0, the hash is
        Django's own, so sessions opened before this field existed stay valid)."""
        value = self.password
        if self.session_generation:
            value = f"{self.password}:{self.session_generation}"
        return salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            value,
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


def recovery_code_digest(code: str) -> str:
    """The stored form of a recovery code: SHA-256 of the code without spaces, dashes or case.
    A code holds 80 random bits, so its digest needs no slow hash to resist guessing."""
    normal = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()


class RecoveryCodeDevice(SingleLineFields, ThrottlingMixin, Device):
    """A person's set of single-use recovery codes, a django-otp device like their
    authenticator app, so a code can stand in for the app at the second step of sign-in.

    Only digests of the codes are stored; a code used is kept, with when it was used."""

    user: models.ForeignKey[User, User] = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
        help_text=_("The person these codes belong to."),
    )
    # django-otp's manager (it finds a person's devices through it), typed for the checker.
    objects: ClassVar[models.Manager[RecoveryCodeDevice]] = DeviceManager()

    class Meta:
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1))

    def verify_token(self, token: str) -> bool:
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        digest = recovery_code_digest(token)
        code = self.codes.filter(digest=digest, used_at__isnull=True).first()
        if code is None:
            self.throttle_increment()
            return False
        code.used_at = timezone.now()
        code.save(update_fields=["used_at"])
        self.throttle_reset()
        return True


class RecoveryCode(SingleLineFields, models.Model):
    """One recovery code: its digest, and when it was used (empty while unused)."""

    device = models.ForeignKey(
        RecoveryCodeDevice,
        on_delete=models.CASCADE,
        related_name="codes",
        verbose_name=_("recovery codes"),
    )
    digest = models.CharField(_("digest"), max_length=64)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(
                fields=["device", "digest"],
                name="accounts_recovery_code_unique_per_device",
                violation_error_message=_("This recovery code already exists."),
            )
        ]

    def __str__(self) -> str:
        return str(_("recovery code"))


class AdministratorsOnlyPolicy(RolePolicy):
    """Only the government's administrators see or do anything with these."""

    roles = {operation: frozenset({Role.ADMINISTRATOR}) for operation in Operation}


class PersonalDataRequest(TenantModel):
    """A person's request to see or erase what the government holds about them (a
    data-subject request), handled by an administrator.

    The name and email it was opened with are themselves personal data: erasing the person's
    data erases them here too; the request stays, to show that it was answered and when."""

    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("The person's name, as held.")
    )
    email = models.EmailField(_("email"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    exported_at = models.DateTimeField(_("last exported"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erased by"),
    )
    erased_records = models.JSONField(
        _("records erased"),
        default=dict,
        blank=True,
        help_text=_("For each kind of record, the ids erased (never the values)."),
    )

    permission_policy = AdministratorsOnlyPolicy()

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["government", "-created_at"], name="personal_request_gov_time")
        ]

    def __str__(self) -> str:
        return self.name or self.email or str(_("Personal data request"))

    def get_absolute_url(self) -> str:
        return reverse("accounts:personal-data-request", args=[self.pk])

    @property
    def identifiers(self) -> list[str]:
        return [value for value in (self.name, self.email) if value.strip()]

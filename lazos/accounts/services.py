"""Writes to accounts: every one audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from lazos.accounts import two_factor
from lazos.accounts.models import RecoveryCode, RecoveryCodeDevice, User, recovery_code_digest
from lazos.core import audit
from lazos.governments.choices import Role
from lazos.governments.models import Government, Membership


@transaction.atomic
def set_preferred_language(user: User, *, language: str, acting_user: User) -> User:
    with audit.recording(user, actor=acting_user):
        user.preferred_language = language
        user.full_clean(exclude=["password"])
        user.save(update_fields=["preferred_language"])
    return user


@transaction.atomic
def update_profile(
    user: User, *, acting_user: User, first_name: str, last_name: str, email: str, language: str
) -> User:
    with audit.recording(user, actor=acting_user):
        user.first_name, user.last_name, user.email = first_name, last_name, email
        user.preferred_language = language
        user.full_clean(exclude=["password"])
        user.save(update_fields=["first_name", "last_name", "email", "preferred_language"])
    return user


# --- Two-factor sign-in and sessions -----------------------------------------------------------
#
# A person's authenticator (django-otp's TOTPDevice) and recovery codes (RecoveryCodeDevice)
# belong to them alone; every change is an audit event on the person, and a reset by an
# administrator is also an event of that government (who reset whose, when).


def _record(
    user: User,
    *,
    acting_user: User | None,
    note: str,
    changes: dict[str, Any] | None = None,
    government: Government | None = None,
) -> None:
    audit.write_event(
        user,
        action=audit.AuditAction.UPDATE,
        actor=acting_user,
        changes=changes or {},
        government_id=government.pk if government is not None else None,
        note=note,
    )


def _replace_recovery_codes(user: User) -> list[str]:
    """Delete the person's recovery codes and make ten new ones; the codes, to show once."""
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = two_factor.new_recovery_codes()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=recovery_code_digest(code)) for code in codes
    )
    return codes


@transaction.atomic
def set_up_two_factor(
    user: User, *, acting_user: User, secret: str, code: str
) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator being set up with a code from it; the new device and ten new
    recovery codes (to show once). Replaces any authenticator the person had."""
    if acting_user.pk != user.pk:
        raise PermissionDenied
    if not two_factor.check_new_secret(secret, code):
        raise ValidationError(
            _("That code does not match. Check the time on your phone and try again."),
            code="invalid",
        )
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="authenticator", key=secret, confirmed=True)
    codes = _replace_recovery_codes(user)
    _record(user, acting_user=acting_user, note="Two-factor sign-in set up.")
    return device, codes


def check_password_and_code(user: User, *, password: str, code: str) -> bool:
    """The proof asked before turning two-factor off: the password and a current code (from
    the app, or a recovery code)."""
    if not user.check_password(password):
        return False
    return verify_code(user, code) is not None


def verify_code(user: User, code: str) -> Device | None:
    """The device (authenticator or recovery codes) that accepts ``code``, if any. A recovery
    code is used up, and its use recorded."""
    code = code.strip()
    if not code:
        return None
    digits = "".join(code.split())
    with transaction.atomic():
        if digits.isdigit():
            for totp in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
                if totp.verify_token(digits):
                    return totp
            return None
        for device in RecoveryCodeDevice.objects.select_for_update().filter(
            user=user, confirmed=True
        ):
            if device.verify_token(code):
                left = two_factor.recovery_codes_left(user)
                _record(
                    user,
                    acting_user=user,
                    note=f"Recovery code used to sign in ({left} left).",
                )
                return device
    return None


@transaction.atomic
def disable_two_factor(user: User, *, acting_user: User) -> None:
    """Remove the person's authenticator and recovery codes (they proved who they are with
    their password and a code). Refused to those who must use two-factor sign-in."""
    if acting_user.pk != user.pk:
        raise PermissionDenied
    if two_factor.required_for(user):
        raise ValidationError(
            _("Administrators must use two-factor sign-in: it cannot be turned off."),
            code="required",
        )
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    _record(user, acting_user=acting_user, note="Two-factor sign-in turned off.")


@transaction.atomic
def regenerate_recovery_codes(user: User, *, acting_user: User) -> list[str]:
    """Ten new recovery codes replacing the old ones (to show once)."""
    if acting_user.pk != user.pk:
        raise PermissionDenied
    if not two_factor.has_authenticator(user):
        raise ValidationError(_("Set up two-factor sign-in first."), code="no-authenticator")
    codes = _replace_recovery_codes(user)
    _record(user, acting_user=acting_user, note="Recovery codes replaced.")
    return codes


@transaction.atomic
def reset_two_factor(government: Government, person: User, *, acting_user: User | None) -> None:
    """An administrator of ``government`` (or an instance administrator) removes a member's
    authenticator and recovery codes, for a lost phone: the member sets up again at their
    next sign-in. Their open sessions end too. Recorded in the government's activity log.
    ``acting_user`` is None only from the command line (``lazos reset_two_factor``), for an
    operator with access to the server.

    A person who is not a member of ``government`` is not found (404), like any object of
    another government."""
    if (
        acting_user is not None
        and not acting_user.is_superuser
        and not (
            Membership.objects.for_tenant(government)
            .filter(user=acting_user, role=Role.ADMINISTRATOR)
            .exists()
        )
    ):
        raise PermissionDenied
    if not Membership.objects.for_tenant(government).filter(user=person).exists():
        raise Http404
    person = User.objects.select_for_update().get(pk=person.pk)
    TOTPDevice.objects.filter(user=person).delete()
    RecoveryCodeDevice.objects.filter(user=person).delete()
    person.session_generation += 1
    person.save(update_fields=["session_generation"])
    _record(
        person,
        acting_user=acting_user,
        government=government,
        note=f"Two-factor sign-in reset by {audit_name(acting_user)}.",
        changes={"two_factor": {"before": "set up", "after": "reset"}},
    )


def audit_name(user: User | None) -> str:
    return user.get_username() if user is not None else str(audit.current_channel().label)


@transaction.atomic
def sign_out_everywhere(user: User, *, acting_user: User) -> None:
    """End every session of ``user`` (on every browser and device), this one included."""
    if acting_user.pk != user.pk:
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    with audit.recording(user, actor=acting_user, note="Signed out everywhere."):
        user.session_generation += 1
        user.save(update_fields=["session_generation"])

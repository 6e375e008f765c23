"""Two-factor sign-in: who must use it, the state a session is in, and the pieces the views
and services share (new secrets, QR codes, recovery codes, the pending second step).

Sign-in has two steps when the person has an authenticator: the password step leaves the
session *signed out* with a pending sign-in (who, when, where to go next); the second step
checks a code from the app, or a recovery code, and only then signs the person in and marks
the session verified (django-otp's ``otp_device_id``, read by its ``OTPMiddleware``).

Administrators of a government and instance administrators (superusers) must have an
authenticator when ``LAZOS_REQUIRE_2FA_FOR_ADMINS`` is on: signed in without one, every page
but the set-up, sign-out and static files sends them to set it up
(:class:`lazos.accounts.middleware.TwoFactorMiddleware`).

API tokens are not affected: a token request carries no session and is not a sign-in.
"""

from __future__ import annotations

import math
import secrets
import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lazos.accounts.models import RecoveryCodeDevice, User
from lazos.governments.choices import Role
from lazos.governments.models import Membership

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_BYTES = 10  # 80 bits: 16 base32 characters, shown as four groups of four

# Session keys.
STATE_KEY = "lazos_2fa_state"  # {"state": one of the states below, "at": epoch seconds}
PENDING_KEY = "lazos_2fa_pending"  # the password step passed, the code step not yet
SETUP_KEY = "lazos_2fa_setup_secret"  # the secret being set up, until a code confirms it
NEW_CODES_KEY = "lazos_2fa_new_codes"  # recovery codes to show once

# What an authenticated session that is not verified may still need.
NOTHING = ""  # no authenticator and none required
VERIFY = "verify"  # has an authenticator: must give a code
SET_UP = "set-up"  # must set up an authenticator (administrators)

STATE_MAX_AGE = 300  # seconds a session's state is trusted before it is read again
PENDING_MAX_AGE = 300  # seconds between the password step and the code step


def required_for(user: AbstractBaseUser | User) -> bool:
    """Must this person use two-factor sign-in? (Administrators, when the setting is on.)"""
    if not settings.LAZOS_REQUIRE_2FA_FOR_ADMINS or not isinstance(user, User):
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role=Role.ADMINISTRATOR).exists()


def has_authenticator(user: AbstractBaseUser | User) -> bool:
    return bool(TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists())


def state_for(user: AbstractBaseUser | User) -> str:
    if has_authenticator(user):
        return VERIFY
    return SET_UP if required_for(user) else NOTHING


def remember_state(session: SessionBase, user: AbstractBaseUser | User) -> str:
    """Work out what ``user``'s unverified session still needs, and keep it in the session
    (read again after ``STATE_MAX_AGE``, so a person made administrator is asked soon)."""
    state = state_for(user)
    session[STATE_KEY] = {"state": state, "at": int(time.time())}
    return state


def session_state(session: SessionBase, user: AbstractBaseUser | User) -> str:
    stored = session.get(STATE_KEY)
    if isinstance(stored, dict) and time.time() - float(stored.get("at", 0)) < STATE_MAX_AGE:
        return str(stored.get("state", NOTHING))
    return remember_state(session, user)


# --- The authenticator's secret --------------------------------------------------------------


def new_secret() -> str:
    """A new TOTP secret, hexadecimal as django-otp stores it (160 bits)."""
    return secrets.token_hex(20)


def secret_for_people(secret_hex: str) -> str:
    """The secret as authenticator apps take it typed in: base32, in groups of four."""
    text = b32encode(unhexlify(secret_hex)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(secret_hex: str, user: User) -> str:
    """The ``otpauth://`` address the QR code holds (the Key Uri Format apps read)."""
    device = TOTPDevice(user=user, key=secret_hex)
    return str(device.config_url)


def qr_svg(uri: str, *, title: str) -> SafeString:
    """The QR code of ``uri`` as inline SVG, an image named ``title`` for screen readers:
    drawn here, sent to no other service."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff", title=title)
    svg = svg.replace("<svg ", '<svg role="img" ', 1)
    return mark_safe(svg)  # noqa: S308 (paths, and a title segno escapes; the address is drawn)


def check_new_secret(secret_hex: str, code: str) -> bool:
    """Does ``code`` match the secret being set up (this or the neighbouring 30 s step)?"""
    code = "".join(code.split())
    if not code.isdigit():
        return False
    totp = TOTP(unhexlify(secret_hex))
    totp.time = time.time()
    return bool(totp.verify(int(code), tolerance=1))


# --- Recovery codes --------------------------------------------------------------------------


def new_recovery_codes() -> list[str]:
    codes = []
    for _i in range(RECOVERY_CODE_COUNT):
        text = b32encode(secrets.token_bytes(RECOVERY_CODE_BYTES)).decode().lower()
        codes.append("-".join(text[i : i + 4] for i in range(0, len(text), 4)))
    return codes


def recovery_codes_left(user: User) -> int:
    return sum(
        device.codes.filter(used_at__isnull=True).count()
        for device in RecoveryCodeDevice.objects.filter(user=user, confirmed=True)
    )


# --- The pending second step -----------------------------------------------------------------


@dataclass
class Pending:
    user: User
    backend: str
    next_url: str


def start_pending(session: SessionBase, user: User, *, backend: str, next_url: str) -> None:
    """The password step passed: remember who, for the code step (the session stays signed
    out). Tied to the password's hash, so a password change in between voids it."""
    session.cycle_key()
    session[PENDING_KEY] = {
        "user": user.pk,
        "backend": backend,
        "next": next_url,
        "at": int(time.time()),
        "hash": user.get_session_auth_hash(),
    }


def read_pending(session: SessionBase) -> Pending | None:
    data: Any = session.get(PENDING_KEY)
    if not isinstance(data, dict) or time.time() - float(data.get("at", 0)) > PENDING_MAX_AGE:
        return None
    user_id = data.get("user")
    if not isinstance(user_id, int):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.get_session_auth_hash() != data.get("hash"):
        return None
    return Pending(user=user, backend=str(data["backend"]), next_url=str(data.get("next", "")))


def clear_pending(session: SessionBase) -> None:
    session.pop(PENDING_KEY, None)


def on_sign_in(sender: Any, request: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
    """On every sign-in (the form, a password reset, a test's ``force_login``): note what the
    session still needs, so pages need not ask the database each time."""
    session = getattr(request, "session", None)
    if session is not None:
        clear_pending(session)
        remember_state(session, user)


def seconds_to_wait(user: User, code: str) -> int:
    """After wrong codes in a row, django-otp makes the device wait 1, 2, 4… seconds before it
    checks another; how long is left for the device ``code`` is meant for (0: none)."""
    digits = "".join(code.split())
    model: type[TOTPDevice] | type[RecoveryCodeDevice] = (
        TOTPDevice if digits.isdigit() else RecoveryCodeDevice
    )
    waits = [0]
    for device in model.objects.filter(user=user, confirmed=True):
        allowed, details = device.verify_is_allowed()
        if not allowed and details and details.get("locked_until"):
            remaining = (details["locked_until"] - timezone.now()).total_seconds()
            waits.append(max(1, math.ceil(remaining)))
    return max(waits)

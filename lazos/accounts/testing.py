"""Test helpers for two-factor sign-in: a signed-in session that passed the second step, and
the code an authenticator app would show now."""

from __future__ import annotations

from binascii import unhexlify

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lazos.accounts.models import User


def authenticator_for(user: User) -> TOTPDevice:
    """The person's confirmed authenticator, made if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device


def sign_in_verified(client: Client, user: User) -> TOTPDevice:
    """Sign ``user`` in on ``client`` as if they had given a code from their authenticator
    (made for them if needed): what an administrator's session is once two-factor is done."""
    device = authenticator_for(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def current_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the app shows now (or ``steps_ahead`` 30-second steps later)."""
    totp = TOTP(unhexlify(device.key), device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def code_for_secret(secret_hex: str) -> str:
    """The code an app set up with ``secret_hex`` shows now."""
    return f"{TOTP(unhexlify(secret_hex)).token():06d}"

"""Limits on password reset requests, so the form cannot be used to flood a mailbox or to
send mail in bulk from the instance.

Each request counts against the client's address (as :mod:`lazos.core.client` reads it) and
against the email address typed, whether or not an account uses it; over either limit no
email is sent, and the visitor sees exactly what they would have seen otherwise, so the
limit reveals nothing about which addresses have accounts. Counters live in the cache
(``CACHE_URL``: shared between processes in production).
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.utils.crypto import salted_hmac

log = logging.getLogger(__name__)

RESET_WINDOW = 3600  # seconds
RESET_PER_ADDRESS = 10  # requests from one client address in the window
RESET_PER_EMAIL = 3  # requests for one email address in the window
CACHE_PREFIX = "lazos:accounts:password-reset"


def _count(key: str) -> int:
    """Count one more request for ``key`` in the current window; the new total."""
    cache_key = f"{CACHE_PREFIX}:{key}"
    cache.add(cache_key, 0, RESET_WINDOW)
    try:
        return int(cache.incr(cache_key))
    except ValueError:  # the window ended between add and incr
        cache.set(cache_key, 1, RESET_WINDOW)
        return 1


def _email_key(email: str) -> str:
    # A digest, so the cache never holds the addresses people typed.
    return salted_hmac(CACHE_PREFIX, email.strip().lower()).hexdigest()[:32]


def allow_password_reset(*, address: str, email: str) -> bool:
    """Count a reset request; False when it is over a limit and no email may be sent."""
    by_address = _count(f"address:{address or 'unknown'}")
    by_email = _count(f"email:{_email_key(email)}")
    if by_address > RESET_PER_ADDRESS:
        log.warning("Password reset refused: over %s requests from %s.", RESET_PER_ADDRESS, address)
        return False
    if by_email > RESET_PER_EMAIL:
        log.warning(
            "Password reset refused: over %s requests for one email (from %s).",
            RESET_PER_EMAIL,
            address,
        )
        return False
    return True

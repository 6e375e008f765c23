"""Sign-in throttling: two counters, each with its own limit, over the last
``LOGIN_COOLOFF_HOURS`` (django-axes records the failures; this module decides).

- **Per username**, across addresses (``LOGIN_FAILURE_LIMIT``): stops a password being guessed
  from many addresses at once.
- **Per address**, across usernames (``LOGIN_ADDRESS_FAILURE_LIMIT``): stops one address
  trying passwords on many accounts. The address is the client's as
  :mod:`lazos.core.client` reads it (behind the reverse proxies of ``TRUSTED_PROXIES``), so
  a proxy's address never stands for every visitor.

A username lock is something anyone can cause, so it must not keep the owner out:

- the lockout page tells the person to reset their password; completing the reset proves
  they read the account's email, signs them in and clears the username's failures;
- a browser the person signed in with before carries a signed "known browser" cookie for
  that username; the username counter does not stop it (its address counter still does).

A successful sign-in clears the failures for that username only: signing in to one's own
account never erases the failures an address piled up against other accounts.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.core import signing
from django.db.models import Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac

USERNAME = "username"
ADDRESS = "address"

KNOWN_BROWSER_COOKIE = "lazos_known_browser"
KNOWN_BROWSER_SALT = "lazos.accounts.known-browser"
KNOWN_BROWSER_MAX_AGE = timedelta(days=365)
KNOWN_BROWSER_MAX_PEOPLE = 5  # a shared computer remembers this many people


def _username_digest(username: str) -> str:
    return salted_hmac(KNOWN_BROWSER_SALT, username).hexdigest()[:24]


def _known_digests(request: HttpRequest) -> list[str]:
    value = request.COOKIES.get(KNOWN_BROWSER_COOKIE, "")
    if not value:
        return []
    try:
        digests = signing.loads(value, salt=KNOWN_BROWSER_SALT, max_age=KNOWN_BROWSER_MAX_AGE)
    except signing.BadSignature:
        return []
    return [d for d in digests if isinstance(d, str)] if isinstance(digests, list) else []


def is_known_browser(request: HttpRequest, username: str) -> bool:
    """Has ``username`` signed in with this browser before (within a year)?"""
    return bool(username) and _username_digest(username) in _known_digests(request)


def remember_browser(request: HttpRequest, response: HttpResponse, username: str) -> None:
    """Mark this browser as one ``username`` signs in with."""
    digest = _username_digest(username)
    digests = [digest, *(d for d in _known_digests(request) if d != digest)]
    response.set_cookie(
        KNOWN_BROWSER_COOKIE,
        signing.dumps(digests[:KNOWN_BROWSER_MAX_PEOPLE], salt=KNOWN_BROWSER_SALT),
        max_age=int(KNOWN_BROWSER_MAX_AGE.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class SignInThrottle(AxesDatabaseHandler):
    """Axes compares one number of failures with one limit. Here that number is the most
    exhausted of the two counters (by the share of its own limit it has used), and
    :func:`failure_limit` answers that counter's limit; so "failures ≥ limit" means "one of
    the counters reached its own limit"."""

    def counters(self, request: Any, credentials: dict[str, Any] | None = None) -> list[Any]:
        """``(name, failures, limit)`` of each counter that applies to this request."""
        username = get_client_username(request, credentials)
        address = getattr(request, "axes_ip_address", None)
        use_username = bool(username) and not is_known_browser(request, username)
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        totals = recent.aggregate(
            username=Sum("failures_since_start", filter=Q(username=username)),
            address=Sum("failures_since_start", filter=Q(ip_address=address)),
        )
        counters = []
        if use_username:
            counters.append((USERNAME, totals["username"] or 0, settings.LOGIN_FAILURE_LIMIT))
        if address:
            counters.append((ADDRESS, totals["address"] or 0, settings.LOGIN_ADDRESS_FAILURE_LIMIT))
        return counters

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        counters = self.counters(request, credentials)
        if not counters:
            request.lazos_signin_counter = None
            request.lazos_signin_limit = settings.LOGIN_FAILURE_LIMIT
            return 0
        name, failures, limit = max(counters, key=lambda c: c[1] / max(c[2], 1))
        request.lazos_signin_counter = name
        request.lazos_signin_limit = limit
        return int(failures)

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """After a successful sign-in: forget that username's failures, nothing else."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return int(count)


def failure_limit(request: Any, credentials: dict[str, Any] | None = None) -> int:
    """The limit of the counter :meth:`SignInThrottle.get_failures` reported last."""
    return int(getattr(request, "lazos_signin_limit", settings.LOGIN_FAILURE_LIMIT))


def forget_username_failures(username: str) -> None:
    """Clear a username's lock (after its owner proved who they are by resetting the
    password)."""
    AccessAttempt.objects.filter(username=username).delete()


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page a locked-out sign-in gets (429), saying which lock applies and what to do."""
    hours = settings.AXES_COOLOFF_TIME
    context = {
        "counter": getattr(request, "lazos_signin_counter", None) or USERNAME,
        "minutes": round(float(hours) * 60) if hours else 0,
    }
    return render(request, "accounts/lockout.html", context, status=429)

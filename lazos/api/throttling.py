"""Rate limits: per token (or signed-in user) and per client address. Over the limit: 429 with
Retry-After. The rates are the settings ``API_RATE_PER_TOKEN`` and ``API_RATE_PER_ADDRESS``.

The client's address comes from :mod:`lazos.core.client` (the reverse proxies in
``TRUSTED_PROXIES`` only), never from DRF's own reading of the forwarding header, which
believes whatever a caller writes there."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from lazos.api.models import ApiToken
from lazos.core.client import client_network


class SettingsRateThrottle(SimpleRateThrottle):
    """Reads its rate from the settings at each request (DRF binds them at import), so a
    changed setting (or a test's override) applies at once."""

    def get_rate(self) -> str | None:
        rate: str | None = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return rate

    def get_ident(self, request: Request) -> str:
        """The client as every limit of Lazos counts it (an IPv6 client by its /64)."""
        return client_network(request) or "unknown"


class TokenRateThrottle(SettingsRateThrottle):
    """Per token; a browser session counts per user. Anonymous callers: see the address limit."""

    scope = "token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiToken):
            ident = f"t{request.auth.pk}"
        elif getattr(request.user, "is_authenticated", False):
            ident = f"u{request.user.pk}"
        else:
            return None
        return str(self.cache_format % {"scope": self.scope, "ident": ident})


class AddressRateThrottle(SettingsRateThrottle):
    """Per client address, for everyone (anonymous callers included)."""

    scope = "address"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        return str(self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)})

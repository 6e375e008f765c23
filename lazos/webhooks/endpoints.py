"""Where a subscription may send: HTTPS to a public address only. Plain http is allowed to the
loopback address alone, and only when ``WEBHOOK_ALLOW_LOOPBACK_HTTP`` says so (tests, a
receiver on the same machine). Addresses are checked when the subscription is saved (the
name as written) and again at each attempt (what the name resolves to then), so a name that
later points inside the network is refused too."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lazos.webhooks import conf

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def _is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def validate_endpoint_url(url: str) -> None:
    """Refuse an address a subscription may not send to (see the module's docstring)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host:
        raise ValidationError(_("Enter a complete address, e.g. https://example.org/hooks."))
    if parts.username or parts.password:
        raise ValidationError(_("The address may not contain a user name or password."))
    loopback = _is_loopback(host)
    if parts.scheme == "http" and loopback and conf.allow_loopback_http():
        return
    if parts.scheme != "https":
        raise ValidationError(_("The address must start with https://."), code="https")
    if loopback and conf.allow_loopback_http():
        return
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if loopback or (literal is not None and not _is_public(literal)):
        raise ValidationError(
            _("The address must be reachable on the internet, not inside this network."),
            code="private",
        )


def check_resolved_address(url: str) -> None:
    """At sending time: every address the host resolves to must be allowed. Raises
    ``ValidationError`` (the attempt fails with its message)."""
    validate_endpoint_url(url)
    parts = urlsplit(url)
    host = parts.hostname or ""
    if _is_loopback(host) and conf.allow_loopback_http():
        return
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except OSError as error:
        raise ValidationError(
            _("The address could not be resolved: %(error)s") % {"error": error}
        ) from error
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not _is_public(address):
            raise ValidationError(
                _("The address resolves to %(address)s, inside this network: refused.")
                % {"address": address}
            )

"""Who is on the other end of a request: the one place that reads the client's address.

Everything that identifies a client by address (sign-in throttling, password reset limits,
consultation limits, API throttles, logs) calls :func:`client_address` or
:func:`client_network`; a test fails if code anywhere else reads ``REMOTE_ADDR`` or a
forwarding header itself.

The setting ``TRUSTED_PROXIES`` (environment variable of the same name) lists the reverse
proxies in front of Lazos, as addresses or networks (``10.0.0.0/8``), plus ``unix`` for a
proxy that connects through a Unix socket. With no proxy (the default) the client is the
address of the connection and ``X-Forwarded-For`` is ignored: any visitor can write it.

Behind proxies, each proxy appends the address it saw to ``X-Forwarded-For``. So, starting from
the connection and walking the header from the right, every hop that is a trusted proxy
vouches for the one before it; the first hop that is not a trusted proxy is the client.
Anything further left was written by the client and is never believed.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class HasMeta(Protocol):
    """A Django request, or anything that carries its ``META`` (a DRF request does)."""

    @property
    def META(self) -> Mapping[str, Any]: ...


UNIX_SOCKET = "unix"
IPV6_LIMIT_PREFIX = 64


class _Proxies:
    """The parsed ``TRUSTED_PROXIES``."""

    def __init__(self, networks: tuple[IPNetwork, ...], unix_socket: bool) -> None:
        self.networks = networks
        self.unix_socket = unix_socket

    def __bool__(self) -> bool:
        return bool(self.networks) or self.unix_socket

    def vouch_for(self, peer: IPAddress | None) -> bool:
        if peer is None:
            return self.unix_socket
        return any(peer in network for network in self.networks)


@lru_cache(maxsize=8)
def _parse_proxies(values: tuple[str, ...]) -> _Proxies:
    networks: list[IPNetwork] = []
    unix_socket = False
    for value in values:
        text = value.strip()
        if text.lower() == UNIX_SOCKET:
            unix_socket = True
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {value!r} is neither an address, a network (CIDR) nor 'unix'."
            ) from error
    return _Proxies(tuple(networks), unix_socket)


def trusted_proxies() -> _Proxies:
    return _parse_proxies(tuple(getattr(settings, "TRUSTED_PROXIES", None) or ()))


def _parse_address(text: str) -> IPAddress | None:
    """An address from the connection or from one hop of ``X-Forwarded-For`` (which may carry
    quotes, brackets and a port), IPv4-mapped IPv6 written as IPv4; None if it is not one."""
    text = text.strip().strip('"').strip()
    if text.startswith("["):  # "[2001:db8::1]:4711" or "[2001:db8::1]"
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # "198.51.100.4:5555"
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _client(request: HasMeta) -> IPAddress | None:
    peer = _parse_address(request.META.get("REMOTE_ADDR") or "")
    proxies = trusted_proxies()
    if not proxies or not proxies.vouch_for(peer):
        return peer
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop for hop in header.split(",") if hop.strip()]
    client = peer
    for hop in reversed(hops):
        address = _parse_address(hop)
        if address is None:
            # A garbled hop: stop at the last proxy that vouched for what came before.
            return client
        client = address
        if not proxies.vouch_for(address):
            return address
    return client


def client_address(request: HasMeta) -> str:
    """The address of the client that sent ``request``, in its canonical text form; an empty
    string when it cannot be known (a Unix socket not declared as a proxy)."""
    address = _client(request)
    return "" if address is None else str(address)


def client_network(request: HasMeta) -> str:
    """The client as rate limits count it: its IPv4 address, or for IPv6 the /64 it belongs to
    (written as the network's first address, so it still fits an address field). One IPv6
    subscriber is given a whole /64; counting each of its addresses apart would let them past
    any per-address limit."""
    address = _client(request)
    if address is None:
        return ""
    if isinstance(address, ipaddress.IPv6Address):
        network = ipaddress.IPv6Network((address, IPV6_LIMIT_PREFIX), strict=False)
        return str(network.network_address)
    return str(address)


def client_network_or_none(request: HasMeta) -> str | None:
    """:func:`client_network` for fields that store an unknown address as NULL (django-axes)."""
    return client_network(request) or None

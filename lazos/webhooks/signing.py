"""The signature of a delivery: ``Lazos-Signature: t=<unix time>,v1=<hex>``, where ``<hex>`` is
HMAC-SHA256 of ``"<t>.<raw body>"`` keyed with the subscription's secret. The timestamp is
signed with the body, so a receiver refuses an old message replayed (docs/api.md, Webhooks)."""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Lazos-Signature"
EVENT_HEADER = "Lazos-Event"
DELIVERY_HEADER = "Lazos-Delivery"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, *, timestamp: int | None = None) -> str:
    stamp = int(time.time()) if timestamp is None else timestamp
    return f"t={stamp},v1={signature(secret, stamp, body)}"


def verify(
    secret: str, header: str, body: bytes, *, tolerance: int = 300, now: float | None = None
) -> bool:
    """Is ``header`` a valid signature of ``body`` made less than ``tolerance`` seconds ago?
    (What a receiver does; the same code as in docs/api.md.)"""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return hmac.compare_digest(expected, parts.get("v1", ""))

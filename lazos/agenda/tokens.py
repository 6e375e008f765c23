"""The secret of a calendar feed, as it is stored."""

from __future__ import annotations

import hashlib


def hash_token(raw_token: str) -> str:
    """The stored form of a feed's secret: its SHA-256, in hexadecimal."""
    return hashlib.sha256(raw_token.encode()).hexdigest()

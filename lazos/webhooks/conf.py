"""The webhooks' settings (``settings.py``, each from the environment), with their defaults."""

from __future__ import annotations

from django.conf import settings


def failures_before_disable() -> int:
    """Consecutive failed attempts after which a subscription is disabled."""
    return int(getattr(settings, "WEBHOOK_FAILURES_BEFORE_DISABLE", 10))


def max_attempts() -> int:
    """Attempts of one delivery (the first and its retries) before it is given up."""
    return int(getattr(settings, "WEBHOOK_MAX_ATTEMPTS", 8))


def retry_base_seconds() -> int:
    """The first retry's delay; each next one doubles it (exponential backoff)."""
    return int(getattr(settings, "WEBHOOK_RETRY_BASE_SECONDS", 30))


def retry_max_seconds() -> int:
    return int(getattr(settings, "WEBHOOK_RETRY_MAX_SECONDS", 6 * 3600))


def timeout_seconds() -> float:
    return float(getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 10))


def allow_loopback_http() -> bool:
    """Plain http to 127.0.0.1 / ::1 / localhost (tests, a receiver on the same machine)."""
    return bool(getattr(settings, "WEBHOOK_ALLOW_LOOPBACK_HTTP", False))


def tolerance_seconds() -> int:
    """The replay window receivers are told to apply to the signature's timestamp."""
    return int(getattr(settings, "WEBHOOK_TOLERANCE_SECONDS", 300))


def log_retention_days() -> int:
    """Deliveries (and their attempts) older than this are deleted by ``lazos retry_webhooks``."""
    return int(getattr(settings, "WEBHOOK_LOG_RETENTION_DAYS", 30))

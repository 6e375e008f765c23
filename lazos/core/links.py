"""Absolute addresses of this site, from ``LAZOS_BASE_URL`` only.

Never from the request's Host header: what carries an absolute address (feeds, calendars,
sitemaps, JSON-LD, data packages) is cached and shared by every visitor, and a Host header
is whatever the client sent. ``ALLOWED_HOSTS`` limits the hosts that reach Django, but a
site answering on several names would still mix them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def base_url() -> str:
    """The public address of the site, without a trailing slash."""
    return str(settings.LAZOS_BASE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    """``path`` (beginning with ``/``) on the public address of the site."""
    return base_url() + (path if path.startswith("/") else f"/{path}")


def site_host() -> str:
    """The host name of the public address (for identifiers such as iCalendar UIDs)."""
    return urlsplit(base_url()).hostname or "lazos"

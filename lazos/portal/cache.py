"""Caching of public pages, invalidated when public content changes.

Each government has a "portal version" in the cache; every audited write of that government
(``core.AuditEvent`` saved) gives it a new value, so the cached pages of its old version are
never served again. The instance-wide pages (home, search, sitemap) use a global version that
any write renews. Pages are cached per government, version, language and full path, for
anonymous visitors only; a cache hit makes no database query.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import get_language

from lazos.governments.models import Government

PAGE_TIMEOUT = 600  # seconds; versions make invalidation exact, this bounds reference changes
SLUG_TIMEOUT = 300
GLOBAL = "all"


def _version_key(scope: int | str) -> str:
    return f"lazos:portal:version:{scope}"


def version(scope: int | str) -> int:
    """The current version of a government's pages (or ``GLOBAL``)."""
    key = _version_key(scope)
    value = cache.get(key)
    if value is None:
        value = time.time_ns()
        if not cache.add(key, value, None):
            value = cache.get(key, value)
    return int(value)


def bump(government_id: int | None) -> None:
    """Forget every cached page of this government (and the instance-wide ones)."""
    keys = [_version_key(GLOBAL)]
    if government_id is not None:
        keys.append(_version_key(government_id))
    now = time.time_ns()
    cache.set_many({key: now for key in keys}, None)


def bump_now_and_after_commit(government_id: int | None) -> None:
    """Bump at once and again when the transaction commits, so a page cached by a concurrent
    request between the two (showing the old rows) is not kept."""
    bump(government_id)
    transaction.on_commit(lambda: bump(government_id))


SLUGS = "slugs"


def _is_government_event(event: Any) -> bool:
    from django.contrib.contenttypes.models import ContentType

    return bool(event.content_type_id == ContentType.objects.get_for_model(Government).pk)


def on_audit_event(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        bump_now_and_after_commit(instance.government_id)
        if _is_government_event(instance):  # a slug or portal_enabled may have changed
            cache.set(_version_key(SLUGS), time.time_ns(), None)
            transaction.on_commit(lambda: cache.set(_version_key(SLUGS), time.time_ns(), None))


def government_id_for_slug(slug: str) -> int | None:
    """The id of the government whose portal is at ``slug`` (None: none, or not enabled)."""

    key = f"lazos:portal:slug:{version(SLUGS)}:{slug}"
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    found = (
        Government.objects.filter(slug=slug, portal_enabled=True)
        .values_list("pk", flat=True)
        .first()
    )
    cache.set(key, found or 0, SLUG_TIMEOUT)
    return found


def _cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def cached_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Cache the response of a public view (per government, version, language and path)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        slug = kwargs.get("government_slug")
        if slug:
            government_id = government_id_for_slug(slug)
            if government_id is None:
                return view(request, *args, **kwargs)  # the view answers 404
            scope: int | str = government_id
        else:
            scope = GLOBAL
        key = (
            f"lazos:portal:page:{scope}:{version(scope)}:{get_language()}:{request.get_full_path()}"
        )
        cached: HttpResponseBase | None = cache.get(key)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.cookies:
            cache.set(key, response, PAGE_TIMEOUT)
        return response

    return wrapper

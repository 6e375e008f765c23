"""The project's URL patterns, walked by the generic tests (isolation, forms, filters)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


def walk_patterns(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    """Every named URL pattern as ``("namespace:name", pattern)``."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def object_url_patterns() -> list[tuple[str, Any]]:
    """The URL patterns that address one object by ``pk``, with their view class."""
    found = []
    for name, pattern in walk_patterns(get_resolver().url_patterns):
        if "pk" in pattern.pattern.converters:
            view_class = getattr(pattern.callback, "view_class", None)
            found.append((name, view_class))
    return found


def url_namespaces(patterns: list[tuple[str, Any]]) -> list[str]:
    """The distinct top namespaces of ``patterns`` (``"partners"`` for ``"partners:x"``)."""
    return sorted({name.split(":", 1)[0] for name, _view in patterns if ":" in name})

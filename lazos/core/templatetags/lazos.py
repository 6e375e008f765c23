"""Template helpers shared by every app."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.http import QueryDict

from lazos.core.history import DescribedEvent, describe_events
from lazos.core.models import AuditEvent

register = template.Library()


@register.filter
def startswith(value: str, prefix: str) -> bool:
    return bool(prefix) and str(value).startswith(str(prefix))


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination and sorting)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def described_events(
    events: Iterable[AuditEvent], with_objects: bool = False
) -> list[DescribedEvent]:
    """Audit events with their changes in words: ``{% described_events events as items %}``
    (``with_objects=True``: and their objects' current names)."""
    return describe_events(events, with_objects=bool(with_objects))

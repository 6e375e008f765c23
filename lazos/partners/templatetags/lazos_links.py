"""Links to pages of other apps that may not be installed in every build.

``{{ obj|object_url }}`` is the object's address, or "" when its page does not exist, so a
panel can show the name without a link. ``{% list_url "actions:action-list" "/actions/" partner=pk %}``
is a list address with a filter in the query string.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

register = template.Library()


@register.filter
def object_url(obj: Any) -> str:
    try:
        return str(obj.get_absolute_url())
    except (NoReverseMatch, AttributeError):
        return ""


@register.simple_tag
def list_url(url_name: str, fallback: str, **query: Any) -> str:
    try:
        base = reverse(url_name)
    except NoReverseMatch:
        base = fallback
    return f"{base}?{urlencode(query)}" if query else base

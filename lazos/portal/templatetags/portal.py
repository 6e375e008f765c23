"""Template tags of the public portal: texts in the visitor's language, JSON-LD."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from lazos.core.content import LocalizedText, localized

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def localize(context: dict[str, Any], obj: Any, field: str) -> LocalizedText:
    """``{% localize action "title" as title %}``: the field in the page's language, or the
    original with ``title.is_fallback`` and ``title.language`` set."""
    return localized(obj, field, context.get("LANGUAGE_CODE"))


@register.simple_tag
def jsonld(data: Any) -> SafeString:
    """A ``<script type="application/ld+json">`` block; <, > and & are escaped like
    ``json_script`` so the data cannot close the element. Data, not code: CSP does not run it."""
    if not data:
        return mark_safe("")
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    safe_json = mark_safe(text)  # noqa: S308 - <, > and & are escaped just above
    return format_html('<script type="application/ld+json">{}</script>', safe_json)

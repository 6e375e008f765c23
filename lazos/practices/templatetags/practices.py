"""Template tags of good practices (used by the portal's government home)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from lazos.core.content import LocalizedText, original_language
from lazos.practices.models import GoodPractice

if TYPE_CHECKING:
    from lazos.governments.models import Government

register = template.Library()


@register.simple_tag
def latest_practices(government: Government, count: int = 5) -> list[GoodPractice]:
    """``{% latest_practices government 5 as practices %}``: its newest published practices."""
    return list(
        GoodPractice.objects.for_tenant(government)
        .published()
        .select_related("government")
        .order_by("-published_at", "pk")[:count]
    )


@register.simple_tag
def original_text(obj: Any, field: str) -> LocalizedText:
    """``{% original_text practice "summary" as summary %}``: the text as written, shaped like
    the portal's ``{% localize %}`` (for office pages, which show the original)."""
    return LocalizedText(str(getattr(obj, field, "") or ""), original_language(obj), False)

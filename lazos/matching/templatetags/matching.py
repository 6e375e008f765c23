"""Rendering of a suggestion's evidence: a line, optionally a link, in its own language."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from lazos.matching.engine import Evidence

register = template.Library()


def _line(evidence: Evidence) -> SafeString:
    lang = format_html(' lang="{}"', evidence.language) if evidence.language else ""
    if evidence.url:
        return format_html('<a href="{}"{}>{}</a>', evidence.url, lang, evidence.text)
    if evidence.language:
        return format_html("<span{}>{}</span>", lang, evidence.text)
    return format_html("{}", evidence.text)


@register.simple_tag
def evidence_list(details: tuple[Evidence, ...]) -> SafeString:
    """The evidence of a reason as a list, with what each line lists beneath it."""
    if not details:
        return SafeString("")
    items = []
    for line in details:
        beneath = (
            format_html(
                "<ul>{}</ul>",
                format_html_join("", "<li>{}</li>", ((_line(i),) for i in line.items)),
            )
            if line.items
            else ""
        )
        items.append(format_html("<li>{}{}</li>", _line(line), beneath))
    return format_html('<ul class="evidence">{}</ul>', SafeString("".join(items)))

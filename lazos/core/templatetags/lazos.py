"""Template helpers shared by every app."""

import datetime
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django import template
from django.http import QueryDict
from django.template.defaultfilters import date as date_filter
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

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


# --- Rows of list pages ------------------------------------------------------------------------
# A list page draws 50 rows; each template node of a row costs its share fifty times (#15).


@register.simple_tag(takes_context=True)
def bulk_select_cell(context: template.Context, row: Any) -> str:
    """core/includes/bulk_select_row.html (``{% include … with row=… %}``) drawn in Python, the
    same output (the template's last line break too): the row's tick box when the page has a
    bulk bar."""
    if not context.get("bulk_bar"):
        return "\n"
    pk = conditional_escape(formats.localize(row.pk))
    label = gettext("Select %(name)s") % {"name": conditional_escape(str(row))}
    return SafeString(  # the key and the name escaped above, the rest is ours
        f'<td class="bulk-cell"><input type="checkbox" id="bulk-pk-{pk}" name="pk" '
        f'value="{pk}" form="bulk-form" data-bulk-row><label for="bulk-pk-{pk}" '
        f'class="visually-hidden">{label}</label></td>\n'
    )


@register.filter(expects_localtime=True)
def listed_date(value: Any) -> str:
    """``value|date:"DATE_FORMAT"``, kept per date and language for a date (Django's filter
    looks the format up and parses it on every call)."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return _date_label(value, get_language())
    return str(date_filter(value, "DATE_FORMAT"))


@lru_cache(maxsize=4096)
def _date_label(value: datetime.date, language: str | None) -> str:
    return formats.date_format(value, "DATE_FORMAT")

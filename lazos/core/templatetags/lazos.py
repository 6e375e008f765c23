"""Template helpers shared by every app."""

from typing import Any

from django import template
from django.db import models
from django.http import QueryDict

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


@register.filter
def field_label(event: Any, name: str) -> str:
    """The translated label of a changed field, from the model of an audit event."""
    model = event.content_type.model_class()
    if model is None:
        return name
    for field in model._meta.get_fields():
        attname = getattr(field, "attname", None)
        if name in (field.name, attname) and isinstance(field, models.Field):
            return str(field.verbose_name)
    return name


@register.filter
def audit_value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        from django.utils.translation import gettext

        return gettext("yes") if value else gettext("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)

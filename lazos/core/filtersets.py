"""FilterSet bases for every list, the activity log's filters and the API's documents' filters.

One FilterSet per list serves the HTML list and the API alike. Filters live in the URL, so
anyone can send anything: :class:`LazosFilterSet`, the base of every FilterSet of the
project, makes each filter refuse what its query cannot take (a form error: the HTML list
shows it, the API answers 400), never a server error:

* a number filter is bounded (a year to the calendar, 1 to 9999, and whole; any other
  number to ±10¹⁵ with a sane number of digits), so no out-of-range integer or date reaches
  the database;
* a text filter takes at most ``MAX_TEXT_LENGTH`` characters;
* NUL characters are removed from every value (PostgreSQL text cannot hold them).

Choices, dates and related objects are validated by their form fields already.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.functional import lazy
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _
from drf_spectacular.drainage import set_override

from lazos.core.audit import AuditAction, Channel
from lazos.core.models import Attachment, AttachmentKind, AuditEvent

MIN_YEAR, MAX_YEAR = 1, 9999  # the years a date can have
MAX_NUMBER = 10**15
MAX_NUMBER_DIGITS, MAX_NUMBER_DECIMALS = 24, 8
MAX_TEXT_LENGTH = 200
MAX_SEARCH_WORDS = 10
YEAR_LOOKUPS = frozenset({"year", "iso_year"})
MAX_ID = 2**63 - 1  # the largest id the database holds


def is_year_filter(name: str, filter_: django_filters.Filter) -> bool:
    lookup = str(filter_.lookup_expr or "").split("__")[-1]
    return name == "year" or name.endswith("_year") or lookup in YEAR_LOOKUPS


def bound_filter(name: str, filter_: django_filters.Filter) -> None:
    """Give ``filter_`` the limits of what its query can take (explicit ones are kept)."""
    extra = filter_.extra
    if isinstance(filter_, django_filters.NumberFilter):
        if is_year_filter(name, filter_):
            filter_.field_class = forms.IntegerField
            extra.setdefault("min_value", MIN_YEAR)
            extra.setdefault("max_value", MAX_YEAR)
        elif issubclass(filter_.field_class, forms.DecimalField):
            extra.setdefault("min_value", -MAX_NUMBER)
            extra.setdefault("max_value", MAX_NUMBER)
            extra.setdefault("max_digits", MAX_NUMBER_DIGITS)
            extra.setdefault("decimal_places", MAX_NUMBER_DECIMALS)
    elif isinstance(filter_, django_filters.CharFilter) and filter_.field_class is forms.CharField:
        extra.setdefault("max_length", MAX_TEXT_LENGTH)


def _descending(label: Any) -> str:
    return gettext("%(field)s (descending)") % {"field": label}


descending_label = lazy(_descending, str)


def translated_when_shown(filter_: django_filters.Filter) -> None:
    """Texts django-filter translates once, when the FilterSet class is made (in the language
    of that moment, English), made to translate when shown: the descending sort choices and
    the yes/no choices of a ``BooleanWidget``. (django-filter ships no Portuguese either, only
    Brazilian: the project's catalog says them.)"""
    if isinstance(filter_, django_filters.OrderingFilter) and "choices" in filter_.extra:
        choices = list(filter_.extra["choices"])
        ascending = dict(choices)
        with override("en"):
            english = {
                f"-{param}": django_filters.OrderingFilter.descending_fmt % label
                for param, label in choices
                if not param.startswith("-")
            }
        filter_.extra["choices"] = [
            (param, descending_label(ascending[param[1:]]))
            if param in english and str(label) == english[param]
            else (param, label)
            for param, label in choices
        ]
    widget = filter_.extra.get("widget")
    if isinstance(widget, django_filters.widgets.BooleanWidget):
        widget.choices = [("", _("Unknown")), ("true", _("Yes")), ("false", _("No"))]


def without_nul(data: Any) -> Any:
    """``data`` (a QueryDict or a mapping) with the NUL characters removed from its values."""
    if data is None:
        return None
    if isinstance(data, QueryDict):
        if not any("\x00" in value for _, values in data.lists() for value in values):
            return data
        clean = QueryDict(mutable=True)
        for key, values in data.lists():
            clean.setlist(key, [value.replace("\x00", "") for value in values])
        return clean
    if isinstance(data, Mapping):
        return {
            key: value.replace("\x00", "") if isinstance(value, str) else value
            for key, value in data.items()
        }
    return data


class LazosFilterSet(django_filters.FilterSet):
    """Base of every FilterSet of the project: a hostile value is a form error, never a
    server error (see the module's docstring)."""

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(without_nul(data), *args, **kwargs)

    @classmethod
    def get_filters(cls) -> dict[str, django_filters.Filter]:
        filters: dict[str, Any] = super().get_filters()
        for name, filter_ in filters.items():
            bound_filter(name, filter_)
            translated_when_shown(filter_)
        return filters


class IdFilter(django_filters.NumberFilter):
    """An object's id in a filter: a whole number the database can hold (otherwise 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class ObjectMethodFilter(django_filters.ModelChoiceFilter):
    """One of the government's objects, chosen by its id and applied by a filter ``method``.

    drf-spectacular reads a filter method's type hint to type the parameter; a model hint
    would read as a string. The API schema says what the API takes: an object's id, an
    integer, as for a ``ModelChoiceFilter`` without a method."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_override(self, "field", {"type": "integer", "description": self.label})


def search_words(value: str) -> list[str]:
    """The words of a search, at most ``MAX_SEARCH_WORDS`` (each one adds a condition)."""
    return value.split()[:MAX_SEARCH_WORDS]


class TenantFilterSet(LazosFilterSet):
    """Takes the current ``government`` so choice fields list only its own rows."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    search_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, government: Any = None, **kwargs: Any) -> None:
        self.government = government
        super().__init__(*args, **kwargs)
        # Each instance gets copies of the class's filters. A copy may carry a form field that
        # was built earlier on the class's filter (the OpenAPI schema generator builds them);
        # drop it so the choices and querysets this government sets below are the ones used.
        for filter_ in self.filters.values():
            filter_.__dict__.pop("_field", None)

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        condition = Q()
        for term in search_words(value):
            term_q = Q()
            for field in self.search_fields:
                term_q |= Q(**{f"{field}__icontains": term})
            condition &= term_q
        return queryset.filter(condition)


def _audited_content_types() -> QuerySet[ContentType]:
    """Kinds of object of Lazos's own apps (the ones whose changes are audited)."""
    from django.apps import apps

    labels = [c.label for c in apps.get_app_configs() if c.name.startswith("lazos.")]
    return ContentType.objects.filter(app_label__in=labels).order_by("app_label", "model")


class AuditEventFilterSet(TenantFilterSet):
    search_fields = ("object_repr", "actor_label", "note")

    actor = django_filters.ModelChoiceFilter(
        label=_("Who"), queryset=get_user_model().objects.none()
    )
    content_type = django_filters.ModelChoiceFilter(
        label=_("Kind of object"), queryset=ContentType.objects.none()
    )
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AuditAction.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    since = django_filters.DateFilter(
        label=_("From"), field_name="occurred_at", lookup_expr="date__gte"
    )
    until = django_filters.DateFilter(
        label=_("Until"), field_name="occurred_at", lookup_expr="date__lte"
    )

    class Meta:
        model = AuditEvent
        fields = ["q", "actor", "content_type", "action", "channel", "since", "until"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(memberships__government=self.government)
        self.filters["actor"].queryset = users.order_by("username")
        self.filters["content_type"].queryset = _audited_content_types()
        self.filters["since"].field.widget.input_type = "date"
        self.filters["until"].field.widget.input_type = "date"


class DocumentFilterSet(TenantFilterSet):
    """The documents (attachments) of the API's /documents/ list; there is no HTML list of
    every attachment (each detail page shows its own), so this FilterSet serves the API only."""

    search_fields = ("title", "original_name")

    content_type = django_filters.CharFilter(
        label=_("Kind of object (“app_label.model”, e.g. “agreements.agreement”)"),
        method="filter_content_type",
    )
    object_id = IdFilter(label=_("Object (id)"))
    kind = django_filters.ChoiceFilter(label=_("Kind of document"), choices=AttachmentKind.choices)
    is_public = django_filters.BooleanFilter(label=_("Public"))

    class Meta:
        model = Attachment
        fields = ["q", "content_type", "object_id", "kind", "is_public"]

    def filter_content_type(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        app_label, _dot, model = value.strip().lower().partition(".")
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        return queryset.filter(content_type=content_type) if content_type else queryset.none()

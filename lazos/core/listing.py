"""Cheap per-row values for list pages (50 rows a page, every row the same shape).

A list page's time goes mostly to Python, not SQL: ``reverse()`` for each link of each row,
``get_FOO_display()`` (which hashes every lazily translated label of the field's choices on
each call) and template lookups. A list view computes these once per page with the helpers
below and hands the template plain values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import ChoiceWidget
from django.urls import reverse
from django.utils.choices import BaseChoiceIterator
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

# A primary key no row has, reversed once and replaced by each row's key.
_PK_SENTINEL = 2147480009


def pk_url_maker(url_name: str) -> Callable[[Any], str]:
    """``maker(pk)`` gives ``reverse(url_name, args=[pk])`` for a URL whose only argument is an
    integer primary key, reversing once instead of once per row."""
    pattern = reverse(url_name, args=[_PK_SENTINEL])
    marker = str(_PK_SENTINEL)
    if pattern.count(marker) != 1:  # pragma: no cover - a URL that repeats the digits
        return lambda pk: reverse(url_name, args=[pk])
    head, tail = pattern.split(marker)
    return lambda pk: f"{head}{pk}{tail}"


def choice_labels(choices: Iterable[tuple[Any, Any]]) -> dict[Any, str]:
    """``{value: label}`` of a field's choices in the active language, to look rows up in."""
    return {value: str(label) for value, label in choices}


# --- Filter forms ---------------------------------------------------------------------------
# A list's filter form has a dozen fields; drawn with Django's templates (field, label, errors,
# widget, attributes: five or six template renders a field) it took about a third of a list
# page's time. FilterFormRenderer writes the common ones (a field that is not a fieldset, its
# label, its errors, selects, text and number inputs) in Python with the same output, and
# leaves every other template to the project's templates. core/tests/test_listing.py compares
# its output with the templates' for the filter forms of the register's lists.


def _attrs(attrs: dict[str, Any] | None) -> str:
    """django/forms/attrs.html (and widgets/attrs.html)."""
    if not attrs:
        return ""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{_text(value)}"')
    return "".join(parts)


def _text(value: Any) -> str:
    """``{{ value|stringformat:'s' }}`` and ``{{ value }}`` of a string-like value."""
    return str(conditional_escape(value if isinstance(value, SafeData) else str(value)))


def _shown(value: Any) -> str:
    """``{{ value }}``: localized, escaped unless safe."""
    return str(conditional_escape(localize(value)))


def _select(widget: dict[str, Any]) -> str | None:
    """The project's django/forms/widgets/select.html, or None if an option has its own
    template (then the template draws it)."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                return None
            parts.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_shown(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input(widget: dict[str, Any]) -> str:
    """django/forms/widgets/input.html (text.html, number.html… include it)."""
    value = widget["value"]
    shown = f' value="{_text(value)}"' if value is not None else ""
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _errors(context: dict[str, Any]) -> str:
    """django/forms/errors/list/ul.html."""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    shown_id = f' id="{_text(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_shown(error)}</li>" for error in errors)
    return f'<ul class="{_shown(context["error_class"])}"{shown_id}>{items}</ul>'


def _field(field: Any) -> str | None:
    """django/forms/field.html for a field that is not drawn as a fieldset."""
    if field.use_fieldset:
        return None
    label = str(field.label_tag()) if field.label else ""
    help_text = ""
    if field.help_text:
        shown_id = f' id="{_text(field.auto_id)}_helptext"' if field.auto_id else ""
        help_text = f'<div class="helptext"{shown_id}>{field.help_text}</div>'
    return f"\n  {label}\n\n{help_text}\n{field.errors}\n{field}\n"


_INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "number", "search", "email", "url", "date")
)


class FilterFormRenderer(TemplatesSetting):
    """The project's form renderer, with the templates a filter form uses most written in
    Python (same output)."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        html: str | None = None
        if template_name == "django/forms/field.html":
            html = _field(context["field"])
        elif template_name == "django/forms/label.html":
            if context["use_tag"]:
                tag = context["tag"]
                html = f"<{tag}{_attrs(context['attrs'])}>{_shown(context['label'])}</{tag}>"
            else:
                html = _shown(context["label"])
        elif template_name in (
            "django/forms/errors/list/default.html",
            "django/forms/errors/list/ul.html",
        ):
            html = _errors(context)
        elif template_name == "django/forms/widgets/select.html":
            html = _select(context["widget"])
        elif template_name in _INPUTS:
            html = _input(context["widget"])
        if html is None:
            return str(super().render(template_name, context, request))
        return html.strip()  # as Django's renderers do


FILTER_FORM_RENDERER = FilterFormRenderer()


class ReadOnceChoices(BaseChoiceIterator):
    """The choices of a model choice field, its rows read with one ordinary query when they
    are first drawn, then kept for the form's life.

    Django's ``ModelChoiceIterator`` reads the field's queryset each time the choices are
    iterated, through ``QuerySet.iterator()``: on PostgreSQL a server-side cursor (declare,
    fetch, close: three round trips instead of one). The choices are the iterator's own
    (``choice()``, the empty and null labels first); nothing is read unless they are drawn,
    so the API, which validates the same forms, reads nothing more. (A ``BaseChoiceIterator``,
    which the widget keeps as it is instead of reading it into a list.)"""

    def __init__(self, iterator: ModelChoiceIterator) -> None:
        self.iterator = iterator
        self.field = iterator.field  # as ModelChoiceIterator (AutocompleteWidget reads it)
        self._choices: list[tuple[Any, Any]] | None = None

    def _read(self) -> list[tuple[Any, Any]]:
        if self._choices is None:
            iterator = self.iterator
            field: Any = self.field  # a ModelChoiceField, or django-filters' with a null choice
            choices: list[tuple[Any, Any]] = []
            if field.empty_label is not None:
                choices.append(("", field.empty_label))
            if getattr(field, "null_label", None) is not None:  # django-filters' fields
                choices.append((field.null_value, field.null_label))
            choices.extend(iterator.choice(row) for row in list(iterator.queryset))
            self._choices = choices
        return self._choices

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())

    def __bool__(self) -> bool:
        return bool(self._read())


class FilterForm(forms.Form):
    """The form of a list's FilterSet (``Meta.form``), drawn by :class:`FilterFormRenderer`;
    the drop-downs of model choices read their rows once (:class:`ReadOnceChoices`)."""

    default_renderer = FILTER_FORM_RENDERER

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, ChoiceWidget) and isinstance(widget.choices, ModelChoiceIterator):
                widget.choices = ReadOnceChoices(widget.choices)


# --- API lists ------------------------------------------------------------------------------
# Prefetching a many-to-many relation the usual way gives each row its own related manager and
# its own filtered QuerySet (a clone and a filter per row and relation): for an API page of 50
# actions with five such relations, a good part of the request. ``listed_prefetches`` puts the
# related rows in a plain list on each row instead (``Prefetch(to_attr=…)``, same single query
# per relation), and ``ListedRelationsMixin`` makes a serializer read them from there.

LISTED_PREFIX = "listed_"


def listed_prefetches(*relations: str | tuple[str, QuerySet[Any]]) -> list[Prefetch[Any]]:
    """``Prefetch`` of each relation into the list ``listed_<relation>`` of each row. A
    relation is a name, or a name and the QuerySet of its rows (``only()`` the columns used)."""
    prefetches = []
    for relation in relations:
        name, queryset = relation if isinstance(relation, tuple) else (relation, None)
        prefetches.append(Prefetch(name, queryset=queryset, to_attr=f"{LISTED_PREFIX}{name}"))
    return prefetches


class _ListedRow:
    """A row seen through its prefetched lists: ``row.partners`` is ``listed_partners``."""

    __slots__ = ("_row",)

    def __init__(self, row: Any) -> None:
        self._row = row

    def __getattr__(self, name: str) -> Any:
        row = self._row
        listed = row.__dict__.get(LISTED_PREFIX + name, _MISSING)
        return getattr(row, name) if listed is _MISSING else listed


_MISSING = object()


class ListedRelationsMixin:
    # For a ``ModelSerializer``: related fields read a row's ``listed_<name>`` list when the
    # view prefetched it (see listed_prefetches), else the relation as usual. (A comment, not
    # a docstring: the API schema describes a serializer with the first docstring of its
    # classes, which must stay the serializer's own.)

    def to_representation(self, instance: Any) -> Any:
        if any(key.startswith(LISTED_PREFIX) for key in instance.__dict__):
            instance = _ListedRow(instance)
        return super().to_representation(instance)  # type: ignore[misc]


# --- Deep pages -----------------------------------------------------------------------------
# Page 300 of a government's 20,000 actions sorted by a column: the database sorts and skips
# 14,950 full rows (with their joined department, the activity's IATI part and the annotated
# subqueries of agreements and partners) to hand over 50. KeysFirstPaginator asks for the
# page's keys first (a narrow sort, read from a (government, column) index where there is
# one), then for those 50 rows by key: one query more on pages after the first, the same rows
# in the same order.


class KeysFirstPaginator(Paginator[Any]):
    """A ``Paginator`` of a QuerySet that reads a page after the first by its keys first."""

    def page(self, number: Any) -> Page[Any]:
        number = self.validate_number(number)
        queryset = self.object_list
        if number == 1 or not isinstance(queryset, QuerySet):
            return super().page(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(queryset.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in queryset.filter(pk__in=keys)}
        return Page([rows[key] for key in keys if key in rows], number, self)

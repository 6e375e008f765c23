"""Single-line fields: no ``CharField`` of a Lazos model ever stores a line break.

However a value arrives (web form, API, spreadsheet or IATI import, command, service, demo),
it ends in ``Model.save()``, ``full_clean()`` or a bulk write, so the rule is applied there:

* :class:`SingleLineFields`, a mixin of every Lazos model (``TenantModel``, the audit trail,
  ``Government``, ``User``), normalises before validation in ``clean_fields``, so the value
  validated (length, choices, email, uniqueness) is the value stored;
* a ``pre_save`` receiver for every model of a Lazos app normalises again just before the
  row is written, for code that saves without ``full_clean``;
* ``TenantQuerySet.bulk_create``/``bulk_update`` call :func:`normalise_instance` too.

A value is normalised with :func:`lazos.core.text.single_line`: each run of line breaks
becomes one space. ``TextField`` values are left alone: they are meant to hold paragraphs.
The public texts kept in other languages (``translations``, see ``lazos.core.content``) are
normalised the same way for the keys that name a ``CharField``.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db import models

from lazos.core.text import has_line_break, single_line


@cache
def single_line_fields(model: type[models.Model]) -> tuple[models.CharField[Any, Any], ...]:
    """The concrete ``CharField`` (and subclasses: slug, email, URL, country…) of ``model``."""
    return tuple(
        field for field in model._meta.concrete_fields if isinstance(field, models.CharField)
    )


def is_lazos_model(model: type[models.Model]) -> bool:
    return model.__module__.startswith("lazos.")


def normalise_instance(instance: models.Model) -> None:
    """Replace the line breaks of ``instance``'s single-line fields with spaces, in place.

    A primary key is only normalised before the row first exists: changing it afterwards
    would write another row.
    """
    fields = single_line_fields(type(instance))
    values = instance.__dict__  # the raw values (a descriptor may wrap them, e.g. countries)
    for field in fields:
        if field.primary_key and not instance._state.adding:
            continue
        value = values.get(field.attname)
        if isinstance(value, str):
            clean = single_line(value)
            if clean is not value:
                values[field.attname] = clean
        elif isinstance(value, list | tuple) and any(
            isinstance(item, str) and has_line_break(item) for item in value
        ):  # a field holding several codes (CountryField(multiple=True))
            cleaned = [single_line(item) if isinstance(item, str) else item for item in value]
            values[field.attname] = type(value)(item for item in cleaned if item != "")
    translations = getattr(instance, "translations", None)
    if isinstance(translations, dict) and translations:
        names = {field.name for field in fields}
        instance.translations = _normalise_translations(translations, names)  # type: ignore[attr-defined]


def _normalise_translations(translations: dict[str, Any], names: set[str]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for language, texts in translations.items():
        if isinstance(texts, dict):
            texts = {
                key: single_line(text) if key in names and isinstance(text, str) else text
                for key, text in texts.items()
            }
        result[language] = texts
    return result


if TYPE_CHECKING:
    _MixinBase = models.Model
else:
    _MixinBase = object


class SingleLineFields(_MixinBase):
    """Mixin of a Lazos model: ``full_clean()`` validates the single-line value it will store.

    A plain class (not a model), so adding it to a model changes no migration; the type
    checker sees a model, which it always is mixed into.
    """

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        normalise_instance(self)
        super().clean_fields(exclude=exclude)


def normalise_before_save(
    sender: type[models.Model], instance: models.Model, **kwargs: Any
) -> None:
    """``pre_save`` receiver: the last word before a Lazos row is written."""
    if is_lazos_model(sender):
        normalise_instance(instance)

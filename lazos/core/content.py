"""Public content in several languages.

A model whose public text can exist in several languages has two fields:

* ``language``: the language its own fields (``title``, ``public_summary``…) are written in;
  empty means the government's first official language;
* ``translations``: ``{"fr": {"title": "…", "public_summary": "…"}, "en": {…}}``, the same
  fields in other languages.

``localized(obj, "title", "pt")`` answers the text in the visitor's language when it exists,
otherwise the original, and says which language it is in, so a page can mark the fallback
(``lang`` attribute and a visible note).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lazos.governments.models import LANGUAGE_CHOICES


@dataclass(frozen=True)
class LocalizedText:
    text: str
    language: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def base_language(code: str | None) -> str:
    return (code or "").split("-")[0].lower()


def original_language(obj: Any) -> str:
    """The language ``obj``'s own fields are written in."""
    language = base_language(getattr(obj, "language", ""))
    if language:
        return language
    government = getattr(obj, "government", None)
    languages = getattr(government, "official_languages", None) or []
    return base_language(languages[0]) if languages else "en"


def content_languages(obj: Any) -> list[str]:
    """Every language ``obj`` has content in, the original first."""
    original = original_language(obj)
    others = [
        base_language(code)
        for code, fields in (getattr(obj, "translations", None) or {}).items()
        if any(str(value).strip() for value in (fields or {}).values())
    ]
    return [original, *sorted(set(others) - {original})]


def text_in(obj: Any, field: str, language: str) -> str:
    """``field`` of ``obj`` in exactly ``language`` ('' when there is none)."""
    language = base_language(language)
    if language == original_language(obj):
        return str(getattr(obj, field, "") or "")
    fields = (getattr(obj, "translations", None) or {}).get(language) or {}
    return str(fields.get(field) or "")


def localized(obj: Any, field: str, language: str | None = None) -> LocalizedText:
    """``field`` of ``obj`` in ``language`` (default: the active one), or the original."""
    wanted = base_language(language or get_language() or "en")
    text = text_in(obj, field, wanted)
    if text.strip():
        return LocalizedText(text, wanted, False)
    original = original_language(obj)
    return LocalizedText(str(getattr(obj, field, "") or ""), original, wanted != original)


class TranslatableContent(models.Model):
    """Adds ``language`` and ``translations`` to a model with public text."""

    language = models.CharField(
        _("content language"),
        max_length=8,
        blank=True,
        choices=LANGUAGE_CHOICES,
        help_text=_("Language of the texts above. Empty: the government's first language."),
    )
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_("The public texts in other languages, by language code."),
    )

    class Meta:
        abstract = True

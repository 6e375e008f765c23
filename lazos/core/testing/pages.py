"""The pages a person reads, walked by the generic page tests (the language test), and their
visible text.

The walk takes the project's own URL patterns (``lazos.core.testing.urls``), not a hand-kept
list: every page without arguments, every public page of a government, and every page that
addresses one object by id, opened on the objects the test built.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import lxml.html
from django.db.models import Model
from django.urls import NoReverseMatch, get_resolver, reverse

from lazos.core.testing.urls import object_url_patterns, walk_patterns

# Elements whose text is no prose for the reader: code, scripts, and what the page marks as
# not to translate (a language's own name in the language menu, codes, user data).
SKIPPED_ELEMENTS = frozenset({"script", "style", "code", "kbd", "samp", "pre", "template"})
# Attributes read out to a person (assistive technology, tooltips, empty fields).
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")

# Pages that change something on GET, stream files, or answer machines, never a person.
NOT_PAGES = (
    "-delete",
    "-remove",
    "-download",
    "-pdf",
    "-csv",
    "-ics",
    "-atom",
    "-json",
    "-zip",
    "-badge",
    "-progress",
    "-read",
    "-read-all",
    "-revoke",
    ":logout",
    ":healthz",
    ":robots",
    ":sitemap",
    ":feed",
    ":set-language",
    ":switch",
    ":sign-out-everywhere",
)


def is_page(name: str) -> bool:
    """Whether the URL named ``name`` could be a page a person reads (not the API, a file or a
    machine's endpoint)."""
    if name.startswith("api:"):
        return False
    return not name.endswith(NOT_PAGES)


def _reverse(name: str, slug: str, **kwargs: Any) -> str | None:
    """The URL of ``name``, with the government's address when an including pattern takes
    it (the public pages of a government are included under ``<government_slug>/``)."""
    for extra in ({}, {"government_slug": slug}):
        try:
            return reverse(name, kwargs={**kwargs, **extra})
        except NoReverseMatch:
            continue
    return None


def pages_without_arguments(slug: str) -> list[tuple[str, str]]:
    """``(name, url)`` of every named page that takes no argument (but the government's
    address ``slug`` where the public site's prefix asks for it)."""
    found = []
    for name, pattern in walk_patterns(get_resolver().url_patterns):
        if pattern.pattern.converters or pattern.pattern.regex.groups or not is_page(name):
            continue
        url = _reverse(name, slug)
        if url is not None:
            found.append((name, url))
    return found


def government_pages(slug: str) -> list[tuple[str, str]]:
    """``(name, url)`` of every page that takes only a government's address (the portal)."""
    found = []
    for name, pattern in walk_patterns(get_resolver().url_patterns):
        if set(pattern.pattern.converters) == {"government_slug"} and is_page(name):
            found.append((name, reverse(name, kwargs={"government_slug": slug})))
    return found


def public_object_pages(slug: str, ids: Iterable[int]) -> list[tuple[str, str]]:
    """``(name, url)`` of the public pages that address an object by ``id`` (the portal's,
    the directory's), for each of ``ids``: which of them exist is for the page to say."""
    found = []
    for name, pattern in walk_patterns(get_resolver().url_patterns):
        converters = set(pattern.pattern.converters)
        if converters not in ({"id"}, {"government_slug", "id"}) or not is_page(name):
            continue
        for id_ in sorted(set(ids)):
            url = _reverse(name, slug, id=id_)
            if url is not None:
                found.append((name, url))
    return found


def object_pages(objects: Iterable[Model]) -> Iterator[tuple[str, str, Model]]:
    """``(name, url, object)`` of every page addressing one of ``objects`` by id (detail,
    edit, history...), for the patterns whose view is about that object's model."""
    by_model: dict[type[Model], list[Model]] = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj)
    for name, view_class in object_url_patterns():
        model: Any = getattr(view_class, "model", None)
        if model is None or not is_page(name):
            continue
        for obj in by_model.get(model, ()):
            yield name, reverse(name, kwargs={"pk": obj.pk}), obj


def _skipped(element: Any, language: str) -> bool:
    """Code, hidden, not to translate, or in another language than the page's (``lang``)."""
    while element is not None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if (
            tag in SKIPPED_ELEMENTS
            or element.get("translate") == "no"
            or element.get("hidden") is not None
            or (tag != "html" and element.get("lang") not in (None, language))
        ):
            return True
        element = element.getparent()
    return False


def visible_text(content: bytes | str) -> list[str]:
    """The pieces of text a person reads or hears on a page, one per text node or read-out
    attribute, whitespace collapsed; the ``<title>`` included."""
    if not content.strip():
        return []
    root = lxml.html.document_fromstring(content)
    language = root.get("lang") or ""
    pieces: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            continue
        if _skipped(element, language):
            continue
        if element.text:
            pieces.append(element.text)
        for attribute in READ_ATTRIBUTES:
            if element.get(attribute):
                pieces.append(element.get(attribute))
        if element.tag == "input" and element.get("type") in {"submit", "button"}:
            pieces.append(element.get("value") or "")
        for child in element:
            if child.tail:
                pieces.append(child.tail)
    return [text for text in (" ".join(piece.split()) for piece in pieces) if text]

"""Is a page in the reader's language? English left over from the catalog, raw choice codes.

    words = ForeignWords.for_language("pt")
    words.find(visible_text(response.content))   # ["English: 'Draft'", "code: 'in_force'"]

English left over: a text of the English catalog (a msgid) that shows verbatim although the
language's catalog translates it into something else. Texts that read the same in both
languages ("Total", "Portal"), or that the language's own translations contain as words
("Email" inside "Email de contacto"), cannot be told apart from a translation and are left
out; so are texts of one or two letters and texts with placeholders.

Raw choice codes: the stored value of any choice of the project's models (``in_force``,
``signed``, ``sex``) shown instead of its label. Codes of two letters, language codes, codes
in quotes (a help text naming them) and codes without "_" that are words of the language's
translations are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import django
import polib
from django.apps import apps
from django.conf import global_settings
from django.db import models

PACKAGE = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdif]|\{\{|\{%|\{\w*\}")
WORD = re.compile(r"\w+")
CODE = re.compile(r"^[a-z][a-z0-9]*([_-][a-z0-9]+)*$")


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))


def other_translations(language: str) -> list[str]:
    """The translations of Django's and the installed applications' own catalogs: words a
    page in ``language`` may hold although the project's catalog has them as English."""
    folders = [Path(django.__file__).parent / "conf" / "locale"]
    folders += [Path(config.path) / "locale" for config in apps.get_app_configs()]
    found = []
    for folder in folders:
        mo = folder / language / "LC_MESSAGES" / "django.mo"
        if mo.exists() and PACKAGE not in mo.parents:
            found += [entry.msgstr for entry in polib.mofile(str(mo)) if entry.msgstr]
    return found


TOKEN = re.compile(r"\w+|[^\w\s]")


def tokens(text: str) -> list[re.Match[str]]:
    return list(TOKEN.finditer(text))


class Phrases:
    """Phrases found as whole words in a text, exactly (spaces collapsed): a dictionary keyed
    by a phrase's first word, far faster than one regular expression of thousands of phrases.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self.by_first: dict[str, list[tuple[int, str]]] = {}
        for phrase in {" ".join(p.split()) for p in phrases}:
            words = TOKEN.findall(phrase)
            if words:
                self.by_first.setdefault(words[0], []).append((len(words), phrase))
        for candidates in self.by_first.values():
            candidates.sort(reverse=True)

    def spans(
        self, text: str, words: list[re.Match[str]], *, longest: bool = True
    ) -> list[tuple[int, int]]:
        """``(first, last + 1)`` word indexes of each phrase in ``text`` (split in ``words``),
        the longest at each position (or all)."""
        found = []
        for start, word in enumerate(words):
            for length, phrase in self.by_first.get(word.group(0), ()):
                end = start + length
                if end <= len(words):
                    shown = text[word.start() : words[end - 1].end()]
                    if shown == phrase or " ".join(shown.split()) == phrase:
                        found.append((start, end))
                        if longest:
                            break
        return found

    def found_in(self, texts: Iterable[str]) -> set[str]:
        """The phrases that occur in any of ``texts``."""
        found = set()
        for text in texts:
            words = tokens(text)
            for start, end in self.spans(text, words, longest=False):
                found.add(" ".join(text[words[start].start() : words[end - 1].end()].split()))
        return found


def choice_codes() -> dict[str, set[str]]:
    """Every stored choice value of the project's models and choices classes, with the fields
    (or classes) that use it."""
    codes: dict[str, set[str]] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("lazos."):
            continue
        for field in model._meta.get_fields():
            choices = getattr(field, "flatchoices", None) or getattr(
                getattr(field, "base_field", None), "flatchoices", None
            )
            for value, _label in choices or ():
                if isinstance(value, str) and CODE.match(value):
                    codes.setdefault(value, set()).add(f"{model._meta.label}.{field.name}")
    # And the project's choices that no model field declares (e.g. standard dimensions).
    pending: list[type[models.Choices]] = [models.TextChoices]
    while pending:
        choices_class = pending.pop()
        pending += choices_class.__subclasses__()
        if choices_class.__module__.startswith("lazos."):
            for value in choices_class.values:
                if isinstance(value, str) and CODE.match(value):
                    codes.setdefault(value, set()).add(choices_class.__qualname__)
    return codes


QUOTES = frozenset("“”\"«»‘’'")


def _quoted(words: list[re.Match[str]], start: int, end: int) -> bool:
    return (
        start > 0
        and end < len(words)
        and words[start - 1].group(0) in QUOTES
        and words[end].group(0) in QUOTES
    )


@dataclass
class ForeignWords:
    language: str
    english: Phrases
    codes: Phrases

    @classmethod
    @cache
    def for_language(cls, language: str) -> ForeignWords:
        entries = [e for e in catalog(language) if not e.obsolete and not e.msgid_plural]
        translations = [e.msgstr for e in entries if e.msgstr] + other_translations(language)
        corpus_words = {w for text in translations for w in WORD.findall(text)}
        corpus_words_folded = {w.lower() for w in corpus_words}
        candidates = {
            " ".join(e.msgid.split())
            for e in entries
            if e.msgstr
            and e.msgstr.strip() != e.msgid.strip()
            and len(e.msgid.strip()) > 2
            and "\n" not in e.msgid
            and not PLACEHOLDER.search(e.msgid)
            and any(c.isalpha() for c in e.msgid)
        }
        # Of a text with placeholders, its runs of at least three words between them.
        candidates |= {
            fragment
            for e in entries
            if e.msgstr and "\n" not in e.msgid and PLACEHOLDER.search(e.msgid)
            for fragment in (" ".join(f.split()) for f in PLACEHOLDER.split(e.msgid) if f)
            if len(WORD.findall(fragment)) >= 3 and fragment not in e.msgstr
        }
        # What the translations themselves contain cannot be told apart from a translation.
        single = {c for c in candidates if WORD.fullmatch(c)}
        shown = translations + [t[:1].upper() + t[1:] for t in translations]  # capfirst
        in_translations = Phrases(candidates - single).found_in(shown)
        english = {
            c
            for c in candidates - in_translations
            if c not in single or c.lower() not in corpus_words_folded
        }
        language_codes = {code for code, _name in global_settings.LANGUAGES}
        codes = {
            code
            for code in choice_codes()
            if (len(code) > 2 or "_" in code or "-" in code)
            and code not in language_codes
            and ("_" in code or code.lower() not in corpus_words_folded)
        }
        return cls(language=language, english=Phrases(english), codes=Phrases(codes))

    def find(self, pieces: Iterable[str], *, ignore: Phrases | None = None) -> list[str]:
        """The English texts and raw codes found in ``pieces`` of visible text, leaving out
        the words that ``ignore`` finds (the test's own data)."""
        found: list[str] = []
        for piece in pieces:
            words = tokens(piece)
            ignored: set[int] = set()
            if ignore is not None:
                for start, end in ignore.spans(piece, words):
                    ignored.update(range(start, end))
            for kind, phrases in (("English", self.english), ("code", self.codes)):
                for start, end in phrases.spans(piece, words):
                    if kind == "code" and _quoted(words, start, end):
                        continue  # a code quoted as such (“age_group”), e.g. in a help text
                    if ignored.isdisjoint(range(start, end)):
                        shown = piece[words[start].start() : words[end - 1].end()]
                        found.append(f"{kind}: {shown!r} in {piece!r}")
        return found

"""Text as it is compared across governments and languages.

* :func:`terms`: the meaningful words of a text in one language, folded (accents and case
  ignored: "resíduos" = "residuos") and stemmed with that language's Snowball stemmer
  ("reciclagem", "reciclados" → "recicl…"), stop words dropped.
* :func:`concepts`: the themes, SDG goals and SDG targets a text names in any of es/en/fr/pt,
  through the shared vocabulary (theme names and keywords, SDG short names). Concepts are
  how a Spanish query finds a Portuguese practice.
* :func:`similarity`: cosine similarity of two bags of terms.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import snowballstemmer

from lazos.reference.sdg_data import GOALS, TARGETS
from lazos.reference.text import fold
from lazos.reference.themes import THEMES

from .vocabulary import STOPWORDS, THEME_KEYWORDS

LANGUAGES = ("es", "en", "fr", "pt")
_STEMMER_NAMES = {"es": "spanish", "en": "english", "fr": "french", "pt": "portuguese"}
_WORD = re.compile(r"[0-9a-z]+")


@cache
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(_STEMMER_NAMES.get(language, "english"))


def _language(language: str | None) -> str:
    code = (language or "").split("-")[0].lower()
    return code if code in _STEMMER_NAMES else "en"


def terms(text: str, language: str | None) -> list[str]:
    """The stemmed, folded content words of ``text`` read as ``language`` (en by default)."""
    language = _language(language)
    stop = STOPWORDS[language]
    words = [w for w in _WORD.findall(fold(text or "")) if len(w) > 1 and w not in stop]
    return [stem for stem in _stemmer(language).stemWords(words) if len(stem) > 1]


@dataclass(frozen=True)
class Concepts:
    """What a text is about, in the vocabulary every language shares."""

    themes: frozenset[str] = field(default_factory=frozenset)
    goals: frozenset[int] = field(default_factory=frozenset)
    targets: frozenset[str] = field(default_factory=frozenset)

    def __bool__(self) -> bool:
        return bool(self.themes or self.goals or self.targets)

    def __or__(self, other: Concepts) -> Concepts:
        return Concepts(
            self.themes | other.themes, self.goals | other.goals, self.targets | other.targets
        )


# A phrase of the vocabulary, stemmed in its language: all its stems must be present.
_Phrase = tuple[str, ...]


@cache
def _vocabulary() -> dict[str, list[tuple[_Phrase, str, str]]]:
    """language → [(stemmed phrase, kind, code)], kind in "theme" | "goal" | "target"."""
    vocabulary: dict[str, list[tuple[_Phrase, str, str]]] = {code: [] for code in LANGUAGES}

    def add(language: str, phrase: str, kind: str, code: str) -> None:
        stems = tuple(dict.fromkeys(terms(phrase, language)))
        if stems:
            vocabulary[language].append((stems, kind, code))

    for theme in THEMES:
        for language in LANGUAGES:
            add(language, getattr(theme, language), "theme", theme.code)
            for keyword in THEME_KEYWORDS.get(theme.code, {}).get(language, ()):
                add(language, keyword, "theme", theme.code)
    for goal in GOALS:
        for language in LANGUAGES:
            add(language, getattr(goal, language), "goal", goal.code)
    for target in TARGETS:
        for language in LANGUAGES:
            add(language, getattr(target, language), "target", target.code)
    return vocabulary


def concepts(text: str, languages: Iterable[str] | None = None) -> Concepts:
    """The themes, SDG goals and targets named in ``text``.

    ``languages`` are the languages the text may be in (all four when unknown, e.g. a typed
    query). A theme found also brings its related SDG goals.
    """
    found: dict[str, set[str]] = {"theme": set(), "goal": set(), "target": set()}
    for language in [_language(code) for code in (languages or LANGUAGES)]:
        present = set(terms(text, language))
        if not present:
            continue
        for stems, kind, code in _vocabulary()[language]:
            if all(stem in present for stem in stems):
                found[kind].add(code)
    goals = {int(code) for code in found["goal"]}
    theme_goals = {theme.code: theme.sdg_goals for theme in THEMES}
    for code in found["theme"]:
        goals.update(theme_goals.get(code, ()))
    goals.update(int(code.split(".")[0]) for code in found["target"])
    return Concepts(frozenset(found["theme"]), frozenset(goals), frozenset(found["target"]))


def similarity(first: Iterable[str], second: Iterable[str]) -> float:
    """Cosine similarity (0 to 1) of two bags of terms."""
    a, b = Counter(first), Counter(second)
    if not a or not b:
        return 0.0
    dot = sum(count * b[term] for term, count in a.items() if term in b)
    if not dot:
        return 0.0
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm


def shared_terms(first: Iterable[str], second: Iterable[str], limit: int = 6) -> list[str]:
    """The terms two texts share, the most frequent first (to explain a similarity)."""
    a, b = Counter(first), Counter(second)
    common = [(min(a[t], b[t]), t) for t in a.keys() & b.keys()]
    return [t for _n, t in sorted(common, key=lambda pair: (-pair[0], pair[1]))[:limit]]

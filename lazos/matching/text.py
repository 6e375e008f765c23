"""Text as it is compared across governments and languages.

* :func:`terms`: the meaningful words of a text in one language, folded (accents and case
  ignored: "resíduos" = "residuos") and stemmed with that language's Snowball stemmer
  ("reciclagem", "reciclados" → "recicl…"), stop words dropped.
* :func:`concepts`: the themes, SDG goals and SDG targets a text names in any of es/en/fr/pt,
  through the shared vocabulary (theme names and keywords, SDG short names). Concepts are
  how a Spanish query finds a Portuguese practice. A keyword of one word whose stem is
  shorter than four letters ("solar" → "sol", "lixo" → "lix") matches only that word or its
  plural, so that "sólidos" or "solo" do not bring the energy theme.
* :func:`similarity`: cosine similarity of two bags of terms.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

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


# Words of a raw text before folding (letters and digits of any script).
_RAW_WORD = re.compile(r"\w+")
# A single-word keyword whose stem is shorter than this matches only the word itself (or its
# plural): the Portuguese stem of "sólidos" is "sol", the same as the keyword "solar", and
# the Spanish "solo" would stem to "sol" too.
MIN_STEM_ALONE = 4
_PLURAL_ENDINGS = ("", "s", "es", "x")


@lru_cache(maxsize=200_000)
def _word_terms(language: str, word: str) -> tuple[tuple[str, str], ...]:
    """(stem, folded word) for each content word of one raw word (folding may split a word
    of another script in several). Cached: a vocabulary is small, texts repeat their words."""
    stop = STOPWORDS[language]
    stemmer = _stemmer(language)
    found = []
    for folded in _WORD.findall(fold(word)):
        if len(folded) > 1 and folded not in stop:
            stem = stemmer.stemWord(folded)
            if len(stem) > 1:
                found.append((stem, folded))
    return tuple(found)


@lru_cache(maxsize=200_000)
def _word_display(language: str, word: str) -> tuple[tuple[str, str], ...]:
    """Like :func:`_word_terms`, with the word as written (accents kept) when it is one."""
    found = _word_terms(language, word)
    return ((found[0][0], word),) if len(found) == 1 else found


def _pairs(text: str, language: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for word in _RAW_WORD.findall((text or "").lower()):
        pairs.extend(_word_terms(language, word))
    return pairs


def terms(text: str, language: str | None) -> list[str]:
    """The stemmed, folded content words of ``text`` read as ``language`` (en by default)."""
    return [stem for stem, _word in _pairs(text, _language(language))]


def terms_with_words(text: str, language: str | None) -> list[tuple[str, str]]:
    """Like :func:`terms`, with the word (lowercase, accents kept) each stem comes from, to
    show a reader words rather than stems ("residu" ← "resíduos")."""
    language = _language(language)
    pairs: list[tuple[str, str]] = []
    for word in _RAW_WORD.findall((text or "").lower()):
        pairs.extend(_word_display(language, word))
    return pairs


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
# A keyword too short once stemmed: the folded forms of the word that must be present.
_Forms = frozenset[str]


@cache
def _vocabulary() -> dict[str, list[tuple[_Phrase, _Forms, str, str]]]:
    """language → [(stemmed phrase, exact forms, kind, code)], kind in "theme" | "goal" |
    "target"; exact forms is empty unless the phrase is one word with a short stem."""
    vocabulary: dict[str, list[tuple[_Phrase, _Forms, str, str]]] = {code: [] for code in LANGUAGES}

    def add(language: str, phrase: str, kind: str, code: str) -> None:
        pairs = _pairs(phrase, language)
        stems = tuple(dict.fromkeys(stem for stem, _word in pairs))
        if not stems:
            return
        forms: frozenset[str] = frozenset()
        if len(pairs) == 1 and len(stems[0]) < MIN_STEM_ALONE:
            word = pairs[0][1]
            forms = frozenset(word + ending for ending in _PLURAL_ENDINGS)
        vocabulary[language].append((stems, forms, kind, code))

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
        pairs = _pairs(text, language)
        if not pairs:
            continue
        present = {stem for stem, _word in pairs}
        words = {word for _stem, word in pairs}
        for stems, forms, kind, code in _vocabulary()[language]:
            if forms:
                if not forms.isdisjoint(words):
                    found[kind].add(code)
            elif all(stem in present for stem in stems):
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

"""The library's search: which published practices answer a query, how well, and why.

A query is compared with each practice in two ways:

* words: the query's terms (:func:`lazos.matching.text.terms`, folded and stemmed) in each
  language the practice has text in, against the practice's own terms in that language;
* concepts: the themes, SDG goals and targets the query names in any of es/en/fr/pt
  (:func:`lazos.matching.text.concepts`), against the practice's themes, SDG targets and the
  goals of those targets. This is how "manejo de basura" finds a Portuguese practice on
  "coleta seletiva de resíduos": both are about the theme "Solid waste management".

A practice is a result when it shares a theme, a target, words, or a goal the query names
itself; the goals merely related to a theme of the query add weight but are not enough alone
(most city practices touch SDG 11). Each result carries its reasons, so the page can say why
it matched.

Scoring runs in Python over practices loaded with their themes and targets prefetched (a
fixed number of queries). The terms of a practice's text are computed when it is written
(``search_terms``, see :func:`text_terms`), so a search stems only the query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from lazos.core.content import content_languages, original_language, text_in
from lazos.matching.text import Concepts, concepts, terms
from lazos.practices.models import GoodPractice
from lazos.reference.models import SdgTarget, Theme
from lazos.reference.sdg_data import TARGETS
from lazos.reference.themes import THEMES

# What each kind of match weighs; words weigh the share of the query's terms found.
WEIGHTS = {"theme": 3.0, "target": 2.0, "goal": 1.0, "words": 4.0}
SEARCHED_FIELDS = ("title", "summary", "context", "solution", "results", "transfer_conditions")
_TARGET_CODE = re.compile(r"\b(\d{1,2}\.(?:\d{1,2}|[a-c]))\b", re.IGNORECASE)
_KNOWN_TARGETS = frozenset(target.code for target in TARGETS)


@dataclass(frozen=True)
class Reason:
    """One reason a practice matched: kind ("theme", "target", "goal", "words") and what."""

    kind: str
    code: str
    label: str
    weight: float

    def __str__(self) -> str:
        return self.label


@dataclass
class LibraryResult:
    practice_id: int
    score: float = 0.0
    reasons: list[Reason] = field(default_factory=list)
    # The practice itself, loaded for the page that shows it.
    practice: GoodPractice | None = None
    # The kinds of mark the visitor's government left on it (set by the library page).
    our_marks: list[str] = field(default_factory=list)


@dataclass
class _Candidate:
    """What scoring needs of a practice (no model instance: thousands are scored at once)."""

    pk: int
    title: str
    published_at: datetime | None
    terms: dict[str, list[str]]
    themes: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)


def text_terms(practice: GoodPractice) -> dict[str, list[str]]:
    """language → the distinct terms of the practice's text in that language (its own text in
    its language, the translated title and summary in theirs). The services store them in
    ``search_terms`` at every change."""
    found: dict[str, list[str]] = {}
    original = original_language(practice)
    for language in content_languages(practice):
        fields = SEARCHED_FIELDS if language == original else ("title", "summary")
        text = "\n".join(text_in(practice, name, language) for name in fields)
        words = sorted(set(terms(text, language)))
        if words:
            found[language] = words
    return found


def query_concepts(query: str) -> Concepts:
    """The concepts a typed query names (language unknown: all four), plus SDG target codes
    typed as such ("12.5")."""
    found = concepts(query)
    codes = {code.lower() for code in _TARGET_CODE.findall(query)} & _KNOWN_TARGETS
    if codes:
        goals = {int(code.split(".")[0]) for code in codes}
        found = found | Concepts(frozenset(), frozenset(goals), frozenset(codes))
    return found


def named_goals(found: Concepts) -> frozenset[int]:
    """The goals a query names itself, not only as goals related to a theme it names: those
    alone are enough for a practice to match (a theme's goals only add weight)."""
    theme_goals = {
        goal for theme in THEMES if theme.code in found.themes for goal in theme.sdg_goals
    }
    target_goals = {int(code.split(".")[0]) for code in found.targets}
    return frozenset((set(found.goals) - theme_goals) | target_goals)


def _candidates(practices: QuerySet[GoodPractice]) -> list[_Candidate]:
    """The practices as light rows with their terms, theme and target codes (three queries,
    a fourth only for rows written before their terms were stored)."""
    plain = practices.order_by()
    rows = list(plain.values_list("pk", "title", "published_at", "search_terms"))
    candidates = {
        pk: _Candidate(pk, title, published, stored if isinstance(stored, dict) else {})
        for pk, title, published, stored in rows
    }
    missing = [pk for pk, *_rest, stored in rows if not isinstance(stored, dict)]
    if missing:
        for practice in GoodPractice.objects.filter(pk__in=missing).select_related("government"):
            candidates[practice.pk].terms = text_terms(practice)
    ids = plain.values("pk")
    themes = GoodPractice.themes.through.objects.filter(goodpractice__in=ids)
    for practice_id, code in themes.values_list("goodpractice_id", "theme_id"):
        candidates[practice_id].themes.append(code)
    targets = GoodPractice.sdg_targets.through.objects.filter(goodpractice__in=ids)
    for practice_id, code in targets.values_list("goodpractice_id", "sdgtarget_id"):
        candidates[practice_id].targets.append(code)
    return list(candidates.values())


def score(practices: QuerySet[GoodPractice], query: str) -> list[LibraryResult]:
    """Score the practices of the queryset against ``query``, best first, then newest; those
    that do not match are left out. The results carry ``practice_id`` (see :func:`attach`)."""
    query = (query or "").strip()
    if not query:
        return []
    wanted = query_concepts(query)
    enough_goals = named_goals(wanted)
    reference = _Reference.load() if wanted else None
    query_terms: dict[str, set[str]] = {}
    found = []
    for candidate in _candidates(practices):
        reasons = _concept_reasons(candidate, wanted, reference) if reference else []
        best: tuple[float, list[str]] = (0.0, [])
        for language, bag in candidate.terms.items():
            if language not in query_terms:
                query_terms[language] = set(terms(query, language))
            asked = query_terms[language]
            if not asked:
                continue
            matched = sorted(asked.intersection(bag))
            share = len(matched) / len(asked)
            if share > best[0]:
                best = (share, matched)
        if best[0]:
            words = ", ".join(f"{stem}…" for stem in best[1])
            reasons.append(
                Reason(
                    "words",
                    " ".join(best[1]),
                    gettext("words: %(words)s") % {"words": words},
                    round(WEIGHTS["words"] * best[0], 2),
                )
            )
        if any(_is_enough(reason, enough_goals) for reason in reasons):
            total = round(sum(reason.weight for reason in reasons), 2)
            found.append((candidate, LibraryResult(candidate.pk, total, reasons)))
    found.sort(
        key=lambda pair: (
            -pair[1].score,
            -(pair[0].published_at.timestamp() if pair[0].published_at else 0),
            pair[0].title,
            pair[0].pk,
        )
    )
    return [result for _candidate, result in found]


def attach(results: list[LibraryResult], practices: QuerySet[GoodPractice]) -> list[LibraryResult]:
    """Load the practices of ``results`` from ``practices`` (one query and its prefetches)."""
    loaded = practices.in_bulk([result.practice_id for result in results])
    for result in results:
        result.practice = loaded.get(result.practice_id)
    return [result for result in results if result.practice is not None]


def rank(practices: QuerySet[GoodPractice], query: str) -> list[LibraryResult]:
    """:func:`score` and :func:`attach` at once (every result with its practice)."""
    return attach(score(practices, query), practices)


def _is_enough(reason: Reason, goals: frozenset[int]) -> bool:
    """Whether this reason alone makes a practice a result (a goal only related to a theme of
    the query does not: every city practice has some SDG 11 target)."""
    return reason.kind != "goal" or int(reason.code) in goals


@dataclass
class _Reference:
    """Themes and SDG targets (with their goals), to name the reasons (two small queries)."""

    themes: dict[str, Theme]
    targets: dict[str, SdgTarget]

    @classmethod
    def load(cls) -> _Reference:
        return cls(
            themes={theme.code: theme for theme in Theme.objects.all()},
            targets={t.code: t for t in SdgTarget.objects.select_related("goal")},
        )


def _concept_reasons(
    candidate: _Candidate, wanted: Concepts, reference: _Reference
) -> list[Reason]:
    reasons: list[Reason] = []
    for code in sorted(candidate.themes):
        theme = reference.themes.get(code)
        if theme is not None and code in wanted.themes:
            reasons.append(
                Reason(
                    "theme",
                    code,
                    gettext("Theme: %(name)s") % {"name": theme.name},
                    WEIGHTS["theme"],
                )
            )
    matched_goals = set()
    goals: dict[str, tuple[Any, list[str]]] = {}
    targets = [reference.targets[c] for c in candidate.targets if c in reference.targets]
    for target in sorted(targets, key=lambda t: (t.goal.number, t.position)):
        if target.code in wanted.targets:
            matched_goals.add(target.goal_id)
            reasons.append(
                Reason(
                    "target",
                    target.code,
                    gettext("SDG target %(code)s: %(name)s")
                    % {"code": target.code, "name": target.name},
                    WEIGHTS["target"],
                )
            )
        elif target.goal.number in wanted.goals:
            goals.setdefault(target.goal_id, (target.goal, []))[1].append(target.code)
    for goal_id, (goal, codes) in sorted(goals.items(), key=lambda item: item[1][0].number):
        if goal_id in matched_goals:
            continue
        reasons.append(
            Reason(
                "goal",
                goal.code,
                gettext("SDG %(number)s: %(name)s (%(targets)s)")
                % {"number": goal.number, "name": goal.name, "targets": ", ".join(codes)},
                WEIGHTS["goal"],
            )
        )
    return reasons

"""Peer matching: which governments of the instance and which cities of GeoNames a government
could learn from or work with, ranked by a score whose every point is explained.

What is compared
----------------
The *seeker* is one of:

* a whole government: its own register, public or not (all its actions and practices: it may
  use its own private data);
* one of its actions (title, description, public summary and translations, themes, SDG
  targets, modality);
* a challenge typed as free text, with themes and SDG goals chosen optionally.

The *candidates* are the other governments of the instance and the cities of GeoNames
(``reference.City``) that the public evidence names: places of partners in other
governments' public actions (the partners' partners of the seeker are among them), cities
that are not themselves governments on the instance.

About another government only public data is ever read: ``Action.objects.public()`` (title,
public summary and their translations, modality, themes, SDG targets, the partners' places),
``GoodPractice.objects.published()``, public network memberships (directory keys) and the
government's profile (population, country, official languages). Never a private action, never
the description, outcomes or lessons learned of another government's action. A city is known
only through the public actions that name it as a partner's place.

The score
---------
Each factor gives points, written out as a reason with its evidence; :data:`FACTORS` holds
the weights (the page "How suggestions are made" prints them):

===================  =====================================================  ===========
factor               points                                                  maximum
===================  =====================================================  ===========
shared themes        10 per theme of the seeker the candidate works on       30
shared SDG targets   8 per target                                            24
shared SDG goals     3 per goal shared without a shared target in it         9
topics of the text   6 per theme or target the text of an action or a        18
                     challenge names (found in any language through
                     :func:`~lazos.matching.text.concepts`) and the
                     candidate works on, when not already counted above
similar wording      up to 20: cosine similarity of the seeker's words and   20
                     the candidate's public texts in the same language, full
                     points from 40 %
same kinds of work   3 per shared modality of action                         6
similar size         6 for the same population band, 3 for the next one     6
same place           6 for the same country, 3 for the same world region     6
shared language      5 when they share an official language                  5
shared networks      5 per network both are public members of                10
partners' partners   5 per tie through a partner: a partner of one of the    15
                     seeker's partners, a common partner, or a candidate
                     whose public actions name the seeker
===================  =====================================================  ===========

A candidate is suggested only when it shares at least a theme, an SDG target, a topic or
wording with the seeker (for a whole government, a network or a tie is enough too: see
:data:`RELEVANT`); shared goals, size, place, language and kinds of work then order the
suggestions. Existing partners (``partners.ties.partnered_governments``
and, for cities, the places of the seeker's partners) are returned apart. Ordering is
deterministic: score, then name.

Cost
----
A fixed number of queries whatever the number of governments, actions and cities, and no
query over every public action of the instance: each government's public work is
precomputed in its peer profile (:mod:`lazos.matching.profiles`: counts of themes, targets,
modalities and partners' places, public network keys, the stems of its public texts), kept
fresh after every audited change. A page reads the other governments' profiles (one query;
those a change made stale are built first, only them), scores them in Python, reads the
cities that can be shown, and writes out the evidence (titles, practices, closest texts) only
for the suggestions shown. The seeker's own words (its private register, for a whole
government) are cached under a stamp of its own actions and practices. The pages keep their
rendered results in the cache under a stamp read in one query
(:func:`~lazos.matching.profiles.instance_stamp`: every profile's changes and build time, the
seeker's own register), so a page served again makes no scoring at all; each process keeps
the profiles it has read, and reads again only those built since.
``bench/peer_matching.py`` measures it (``--profile`` for where the time goes).
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import get_language, get_language_info, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django_countries import countries

from lazos.actions.choices import Modality
from lazos.actions.models import Action
from lazos.core.content import base_language
from lazos.dashboards.regions import region_name, region_of
from lazos.governments.models import Government
from lazos.matching.profiles import (
    Profile,
    Texts,
    Words,
    first_language,
    fresh_profiles,
    texts_by_language,
    texts_of,
)
from lazos.matching.text import LANGUAGES, Concepts, concepts, terms_with_words
from lazos.networks.choices import MembershipStatus
from lazos.networks.directory import directory_key
from lazos.networks.models import NetworkMembership
from lazos.partners.models import Partner
from lazos.partners.ties import partnered_governments
from lazos.practices.models import GoodPractice
from lazos.reference.models import City
from lazos.reference.sdg_data import GOALS, TARGETS
from lazos.reference.themes import THEMES

# --- Weights ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Factor:
    """One factor of the score: its points (per item when it counts items) and maximum."""

    key: str
    label: Promise
    points: int
    maximum: int
    rule: Promise


FACTORS: tuple[Factor, ...] = (
    Factor(
        "themes",
        gettext_lazy("Shared themes"),
        10,
        30,
        gettext_lazy(
            "10 points for each of your themes the candidate works on in its public actions "
            "or published good practices, up to 30."
        ),
    ),
    Factor(
        "targets",
        gettext_lazy("Shared SDG targets"),
        8,
        24,
        gettext_lazy("8 points for each SDG target you share, up to 24."),
    ),
    Factor(
        "goals",
        gettext_lazy("Shared SDG goals"),
        3,
        9,
        gettext_lazy(
            "3 points for each SDG goal you share without sharing one of its targets, up to 9: "
            "a shared target says more than a shared goal."
        ),
    ),
    Factor(
        "concepts",
        gettext_lazy("Topics your text names"),
        6,
        18,
        gettext_lazy(
            "6 points for each theme or SDG target your text speaks of, in any of Spanish, "
            "English, French or Portuguese, that the candidate works on, up to 18."
        ),
    ),
    Factor(
        "text",
        gettext_lazy("Similar wording"),
        20,
        20,
        gettext_lazy(
            "Up to 20 points for the similarity of your words and the candidate's public texts "
            "in the same language (accents ignored, words reduced to their stem); full points "
            "from 40 per cent similarity."
        ),
    ),
    Factor(
        "modalities",
        gettext_lazy("Same kinds of action"),
        3,
        6,
        gettext_lazy("3 points for each kind of action you both carry out, up to 6."),
    ),
    Factor(
        "population",
        gettext_lazy("Similar size"),
        6,
        6,
        gettext_lazy(
            "6 points for the same population band, 3 for the next band (under 50,000; "
            "50,000 to 250,000; 250,000 to 1 million; 1 to 5 million; over 5 million)."
        ),
    ),
    Factor(
        "place",
        gettext_lazy("Same country or region"),
        6,
        6,
        gettext_lazy("6 points for the same country, 3 for the same world region (UN M49)."),
    ),
    Factor(
        "language",
        gettext_lazy("Shared language"),
        5,
        5,
        gettext_lazy("5 points when you share an official language."),
    ),
    Factor(
        "networks",
        gettext_lazy("Shared networks"),
        5,
        10,
        gettext_lazy(
            "5 points for each city network you both belong to (public memberships), up to 10."
        ),
    ),
    Factor(
        "ties",
        gettext_lazy("Partners of partners"),
        5,
        15,
        gettext_lazy(
            "5 points for each tie through a partner, up to 15: a partner of one of your "
            "partners, a partner you both have, or a government whose public actions name you."
        ),
    ),
)
FACTOR = {factor.key: factor for factor in FACTORS}
MAXIMUM = sum(factor.maximum for factor in FACTORS)
# Reasons that make a candidate relevant; the others only order relevant candidates.
# What makes a candidate worth suggesting: sharing a topic (a shared goal alone is too broad:
# goal 11 is every city's). For a whole government, a network or a tie is enough too; for an
# action or a challenge it is not: the suggestion must be about the subject.
TOPICAL = frozenset({"themes", "targets", "concepts", "text"})
RELEVANT = {"government": TOPICAL | {"networks", "ties"}, "action": TOPICAL, "challenge": TOPICAL}
TEXT_FULL_AT = 0.4  # similarity that gives the full points of "text"
TEXT_MINIMUM_POINTS = 2  # below this, similar wording is noise and not shown
GENERIC_SHARE = 0.3  # a word in more than this share of public texts tells nothing…
GENERIC_MIN_TEXTS = 10  # …once there are at least this many texts in the language
EVIDENCE_TITLES = 3  # titles listed under a theme or a similar wording
PRACTICE_TITLES = 5  # published practices listed with a government
DEFAULT_LIMIT = 30

# --- Population bands --------------------------------------------------------------------------

POPULATION_BANDS: tuple[tuple[int, Promise], ...] = (
    (50_000, gettext_lazy("under 50,000 inhabitants")),
    (250_000, gettext_lazy("50,000 to 250,000 inhabitants")),
    (1_000_000, gettext_lazy("250,000 to 1 million inhabitants")),
    (5_000_000, gettext_lazy("1 to 5 million inhabitants")),
    (0, gettext_lazy("over 5 million inhabitants")),
)


def population_band(population: int | None) -> int | None:
    """Index of the band of ``population`` in :data:`POPULATION_BANDS` (None: unknown)."""
    if not population:
        return None
    for index, (below, _label) in enumerate(POPULATION_BANDS[:-1]):
        if population < below:
            return index
    return len(POPULATION_BANDS) - 1


def band_label(band: int | None) -> str:
    return str(POPULATION_BANDS[band][1]) if band is not None else ""


# --- Names of the shared vocabulary ------------------------------------------------------------


def _active_language() -> str:
    language = base_language(get_language() or "en")
    return language if language in LANGUAGES else "en"


def theme_name(code: str) -> str:
    language = _active_language()
    for theme in THEMES:
        if theme.code == code:
            return str(getattr(theme, language))
    return code


def target_label(code: str) -> str:
    language = _active_language()
    for target in TARGETS:
        if target.code == code:
            return f"{code} {getattr(target, language)}"
    return code


def goal_label(number: int) -> str:
    language = _active_language()
    for goal in GOALS:
        if goal.code == str(number):
            return _("Goal %(number)s %(name)s") % {
                "number": number,
                "name": getattr(goal, language),
            }
    return str(number)


def theme_choices() -> list[tuple[str, str]]:
    return sorted(((t.code, theme_name(t.code)) for t in THEMES), key=lambda item: item[1])


def goal_choices() -> list[tuple[str, str]]:
    return [(goal.code, goal_label(int(goal.code))) for goal in GOALS]


def language_name(code: str) -> str:
    """The name of a language in the active language ("pt" → "Portuguese")."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


@functools.cache
def _goal_of(target: str) -> int:
    return int(target.split(".")[0])


# --- Results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """A line of evidence behind a reason, optionally a link, with what it lists beneath."""

    text: str
    url: str = ""
    language: str = ""  # the language of ``text`` when it is content, not interface
    items: tuple[Evidence, ...] = ()
    code: str = ""  # the theme, target… the line is about


@dataclass
class Reason:
    """One factor's contribution to a score: its points, the facts they were counted from,
    and (for the suggestions shown) the lines of evidence written from them."""

    key: str
    points: int
    facts: tuple[Any, ...] = ()
    details: tuple[Evidence, ...] = ()

    @property
    def label(self) -> str:
        return str(FACTOR[self.key].label)

    @property
    def maximum(self) -> int:
        return FACTOR[self.key].maximum


GOVERNMENT = "government"
CITY = "city"


@dataclass
class Suggestion:
    """A candidate with its score and reasons."""

    kind: str  # GOVERNMENT or CITY
    pk: int
    name: str
    country: str
    population: int | None
    government: Government | None = None
    city: City | None = None
    reasons: list[Reason] = field(default_factory=list)
    themes: frozenset[str] = frozenset()  # themes of its public evidence that count
    portal_url: str = ""
    practices: list[Evidence] = field(default_factory=list)
    known_through: list[str] = field(default_factory=list)  # cities: who names them
    partner_name: str = ""  # the seeker's record of it, when already a partner

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.pk}"

    @property
    def score(self) -> int:
        return sum(reason.points for reason in self.reasons)

    def shares(self, keys: frozenset[str]) -> bool:
        """Has it a reason of one of these kinds?"""
        return any(reason.key in keys for reason in self.reasons)

    @property
    def country_name(self) -> str:
        return str(countries.name(self.country)) if self.country else ""

    @property
    def region(self) -> str:
        return region_of(self.country)

    @property
    def region_label(self) -> str:
        return region_name(self.region)

    @property
    def band(self) -> int | None:
        return population_band(self.population)

    @property
    def band_label(self) -> str:
        return band_label(self.band)

    @property
    def sort_key(self) -> tuple[int, str, str, int]:
        return (-self.score, self.name.casefold(), self.kind, self.pk)


@dataclass
class Filters:
    kind: str = ""  # "", GOVERNMENT or CITY
    region: str = ""
    band: int | None = None
    theme: str = ""

    def keep(self, suggestion: Suggestion) -> bool:
        return (
            (not self.kind or suggestion.kind == self.kind)
            and (not self.region or suggestion.region == self.region)
            and (self.band is None or suggestion.band == self.band)
            and (not self.theme or self.theme in suggestion.themes)
        )


# --- The seeker --------------------------------------------------------------------------------

ACTION_OWN_FIELDS = ("title", "description", "public_summary")
ACTION_PUBLIC_FIELDS = ("title", "public_summary")
PRACTICE_FIELDS = ("title", "summary", "context", "solution", "results")

Bags = dict[str, Counter[str]]


@dataclass
class Seeker:
    """What is matched: a government's register, one of its actions, or a challenge."""

    government: Government
    mode: str  # "government", "action" or "challenge"
    subject: str = ""
    action: Action | None = None
    themes: Counter[str] = field(default_factory=Counter)
    targets: Counter[str] = field(default_factory=Counter)
    goals: set[int] = field(default_factory=set)
    modalities: Counter[str] = field(default_factory=Counter)
    text_concepts: Concepts = field(default_factory=Concepts)
    bags: Bags = field(default_factory=dict)
    words: dict[str, dict[str, str]] = field(default_factory=dict)  # language → stem → word

    def add_text(self, text: str, language: str) -> None:
        if not (text or "").strip():
            return
        bag = self.bags.setdefault(language, Counter())
        words = self.words.setdefault(language, {})
        for stem, word in terms_with_words(text, language):
            bag[stem] += 1
            words.setdefault(stem, word)

    @property
    def all_goals(self) -> set[int]:
        return self.goals | {_goal_of(code) for code in self.targets}


def _languages_of(government: Government) -> list[str]:
    return [base_language(code) for code in government.official_languages or [] if code]


def seeker_for_action(action: Action) -> Seeker:
    """One action of the government (its own data: private fields may be used)."""
    government = action.government
    seeker = Seeker(government=government, mode="action", subject=action.title, action=action)
    seeker.themes.update(theme.pk for theme in action.themes.all())
    seeker.targets.update(target.pk for target in action.sdg_targets.all())
    seeker.modalities[action.modality] += 1
    original = base_language(action.language) or first_language(government)
    values = {name: getattr(action, name) for name in ACTION_OWN_FIELDS}
    found = Concepts()
    for language, text in texts_by_language(
        original, action.translations, values, ACTION_OWN_FIELDS
    ).items():
        seeker.add_text(text, language)
        found = found | concepts(text, [language])
    seeker.text_concepts = found
    return seeker


def seeker_for_challenge(
    government: Government,
    text: str,
    *,
    themes: Iterable[str] = (),
    goals: Iterable[int | str] = (),
    language: str | None = None,
) -> Seeker:
    """A challenge typed as free text (any of es/en/fr/pt), with optional themes and goals."""
    seeker = Seeker(government=government, mode="challenge", subject=text.strip())
    seeker.themes.update(themes)
    seeker.goals.update(int(goal) for goal in goals)
    wanted = [base_language(language or get_language() or "en"), *_languages_of(government)]
    for code in dict.fromkeys(code for code in wanted if code in LANGUAGES):
        seeker.add_text(text, code)
    seeker.text_concepts = concepts(text)
    return seeker


def seeker_for_government(government: Government) -> Seeker:
    """The government's whole register: every action (public or not) and every practice."""
    seeker = Seeker(government=government, mode="government", subject=government.name)
    actions = Action.objects.for_tenant(government)
    practices = GoodPractice.objects.for_tenant(government)
    seeker.themes.update(
        _sum_counts(
            _grouped(actions.filter(themes__isnull=False), "themes"),
            _grouped(practices.filter(themes__isnull=False), "themes"),
        )
    )
    seeker.targets.update(
        _sum_counts(
            _grouped(actions.filter(sdg_targets__isnull=False), "sdg_targets"),
            _grouped(practices.filter(sdg_targets__isnull=False), "sdg_targets"),
        )
    )
    seeker.modalities.update(dict(_grouped(actions, "modality")))
    stamp = _stamp(
        actions.aggregate(n=Count("pk"), last=Max("updated_at")),
        practices.aggregate(n=Count("pk"), last=Max("updated_at")),
        government.updated_at,
    )
    key = _cache_key("own", government.pk, stamp)
    cached = cache.get(key)
    if cached is None:
        cached = _own_bags(government)
        cache.set(key, cached, TEXT_TIMEOUT)
    bags, words = cached
    seeker.bags = {language: Counter(bag) for language, bag in bags.items()}
    seeker.words = words
    return seeker


def _own_bags(
    government: Government,
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, str]]]:
    helper = Seeker(government=government, mode="government")
    default = first_language(government)
    rows = Action.objects.for_tenant(government).values_list(
        "language", "translations", *ACTION_OWN_FIELDS
    )
    for language, translations, *values in rows.iterator(chunk_size=2000):
        texts = texts_by_language(
            base_language(language) or default,
            translations,
            dict(zip(ACTION_OWN_FIELDS, values, strict=True)),
            ACTION_OWN_FIELDS,
        )
        for code, text in texts.items():
            helper.add_text(text, code)
    practices = GoodPractice.objects.for_tenant(government).values_list(
        "language", "translations", *PRACTICE_FIELDS
    )
    for language, translations, *values in practices.iterator(chunk_size=2000):
        texts = texts_by_language(
            base_language(language) or default,
            translations,
            dict(zip(PRACTICE_FIELDS, values, strict=True)),
            PRACTICE_FIELDS,
        )
        for code, text in texts.items():
            helper.add_text(text, code)
    return {lang: dict(bag) for lang, bag in helper.bags.items()}, helper.words


# --- Helpers of the queries --------------------------------------------------------------------


def _grouped(queryset: QuerySet[Any], *fields: str) -> set[tuple[Any, ...]]:
    """(values of ``fields``…, count of distinct rows) grouped in the database."""
    return {
        tuple(row)
        for row in queryset.order_by().values_list(*fields).annotate(n=Count("pk", distinct=True))
    }


def _sum_counts(*groups: Iterable[tuple[Any, int]]) -> Counter[Any]:
    total: Counter[Any] = Counter()
    for group in groups:
        for code, n in group:
            total[code] += n
    return total


def _nested(rows: Iterable[tuple[Any, Any, int]]) -> dict[Any, Counter[Any]]:
    found: dict[Any, Counter[Any]] = defaultdict(Counter)
    for owner, code, n in rows:
        found[owner][code] += n
    return found


def _stamp(actions: Mapping[str, Any], practices: Mapping[str, Any], updated: Any) -> str:
    def part(values: Mapping[str, Any]) -> str:
        last = values.get("last")
        return f"{values.get('n') or 0}.{last.timestamp() if last else 0}"

    return f"{part(actions)}-{part(practices)}-{updated.timestamp() if updated else 0}"


TEXT_FORMAT = 3  # change when the cached shape changes
TEXT_TIMEOUT = 7 * 24 * 3600


def _cache_key(scope: str, government_id: int, stamp: str) -> str:
    digest = hashlib.blake2s(stamp.encode(), digest_size=10).hexdigest()
    return f"lazos:matching:{TEXT_FORMAT}:{scope}:{government_id}:{digest}"


# --- Public words of the other governments -----------------------------------------------------


class _ProfileWords:
    """The words of the other governments' public texts, from their profiles: per government,
    language → (number of texts, term → number of texts with it, norm), the vector compared
    with the seeker's words; the texts themselves (to name the closest ones) are read only
    for the governments shown."""

    def __init__(self, profiles: Mapping[int, Profile]) -> None:
        self.words: dict[int, Words] = {pk: profile.words for pk, profile in profiles.items()}

    def texts_of(self, ids: Iterable[int]) -> dict[int, Texts]:
        """The texts of these governments, from their profiles (one query)."""
        return texts_of(ids)

    def generic_terms(self, seeker: Seeker) -> dict[str, set[str]]:
        """language → the seeker's words found in too many public texts to tell anything."""
        generic: dict[str, set[str]] = {}
        for language, bag in seeker.bags.items():
            in_language = [w[language] for w in self.words.values() if language in w]
            texts = sum(n for n, _vector, _norm in in_language)
            if texts < GENERIC_MIN_TEXTS:
                continue
            counts: Counter[str] = Counter()
            for _n, vector, _norm in in_language:
                for term in bag.keys() & vector.keys():
                    counts[term] += vector[term]
            generic[language] = {term for term, n in counts.items() if n > GENERIC_SHARE * texts}
        return generic


def _dot(first: Mapping[str, int], second: Mapping[str, int]) -> int:
    small, large = (first, second) if len(first) <= len(second) else (second, first)
    return sum(n * large[term] for term, n in small.items() if term in large)


# --- The engine --------------------------------------------------------------------------------


@dataclass
class Suggestions:
    seeker: Seeker
    ranking: list[Suggestion]  # the best ``limit`` relevant candidates that pass the filters
    total: int  # relevant candidates that pass the filters
    partners: list[Suggestion]  # existing partners that pass the filters
    maximum: int = MAXIMUM


@dataclass
class _Context:
    """Everything loaded about the seeker's ties and the candidates (see :func:`suggest`)."""

    governments: dict[int, Government]
    partnered: dict[int, Partner]
    partner_places: dict[int, str]  # place id → the seeker's partner name
    own_networks: dict[str, str]  # directory key → the seeker's name of the network
    public_networks: dict[int, set[str]]
    action_themes: dict[int, Counter[str]]
    action_targets: dict[int, Counter[str]]
    action_modalities: dict[int, Counter[str]]
    practice_themes: dict[int, Counter[str]]
    practice_targets: dict[int, Counter[str]]
    places_of: dict[int, dict[int, int]]  # government → place → number of public actions
    cities: dict[int, City]
    city_themes: dict[int, Counter[str]]
    city_targets: dict[int, Counter[str]]
    city_modalities: dict[int, Counter[str]]
    words: _ProfileWords


def _load(seeker: Seeker, filters: Filters) -> _Context:
    own = seeker.government
    governments = {
        government.pk: government
        for government in Government.objects.exclude(pk=own.pk).only(
            "id",
            "name",
            "slug",
            "country",
            "population",
            "official_languages",
            "portal_enabled",
            "place",
        )
    }
    partnered = partnered_governments(own)
    partner_places = {
        place: name
        for place, name in Partner.objects.for_tenant(own)
        .filter(place__isnull=False)
        .order_by("name", "pk")
        .values_list("place_id", "name")
    }
    own_networks: dict[str, str] = {}
    for website, acronym, name in (
        NetworkMembership.objects.for_tenant(own)
        .filter(status=MembershipStatus.ACTIVE)
        .order_by("network__name")
        .values_list("network__website", "network__acronym", "network__name")
    ):
        own_networks.setdefault(directory_key(website, acronym, name), acronym or name)

    # The other governments' public work: their profiles (one query), built first for those
    # a change has made stale.
    profiles = fresh_profiles(governments)
    # Only what can score is kept: the seeker's themes (and the one filtered on), targets in
    # its goals, its modalities.
    themes = set(seeker.themes) | seeker.text_concepts.themes | {filters.theme} - {""}
    goals = seeker.all_goals | {_goal_of(code) for code in seeker.text_concepts.targets}
    modalities = set(seeker.modalities)

    wanted = {
        "themes": themes,
        "targets": {target.code for target in TARGETS if _goal_of(target.code) in goals},
        "modalities": modalities,
    }

    def kept(counts: Mapping[str, int], kind: str) -> Counter[str] | None:
        shared = wanted[kind].intersection(counts)
        return Counter({code: counts[code] for code in shared}) if shared else None

    def per_government(key: str, kind: str) -> dict[int, Counter[str]]:
        if filters.kind == CITY:
            return {}
        found = {pk: kept(profile.facts.get(key, {}), kind) for pk, profile in profiles.items()}
        return {pk: counts for pk, counts in found.items() if counts is not None}

    places_of: dict[int, dict[int, int]] = {}
    city_themes: dict[int, Counter[str]] = defaultdict(Counter)
    city_targets: dict[int, Counter[str]] = defaultdict(Counter)
    city_modalities: dict[int, Counter[str]] = defaultdict(Counter)
    for pk, profile in profiles.items():
        facts = profile.facts
        if facts.get("places"):
            places_of[pk] = {int(place): n for place, n in facts["places"].items()}
        if filters.kind == GOVERNMENT:
            continue
        for key, into, kind in (
            ("place_themes", city_themes, "themes"),
            ("place_targets", city_targets, "targets"),
            ("place_modalities", city_modalities, "modalities"),
        ):
            for place, counts in facts.get(key, {}).items():
                found = kept(counts, kind)
                if found:
                    into[int(place)].update(found)
    cities: dict[int, City] = {}
    if filters.kind != GOVERNMENT:
        # Only the cities that may be shown: those sharing a theme or a target, the places
        # of the partners' partners, and the seeker's partners' places (listed apart).
        through_partners = {place for pk in partnered for place in places_of.get(pk, {})}
        wanted_targets = set(seeker.targets) | seeker.text_concepts.targets
        on_instance = {g.place_id for g in governments.values() if g.place_id}
        if own.place_id:
            on_instance.add(own.place_id)
        named = {place for places in places_of.values() for place in places}
        candidates = {
            place
            for place in named
            if place not in on_instance
            and (
                place in through_partners
                or place in partner_places
                or city_themes.get(place)
                or wanted_targets & set(city_targets.get(place, ()))
            )
        }
        if candidates:
            cities = {
                city.pk: city
                for city in City.objects.filter(pk__in=sorted(candidates)).only(
                    "geonameid", "name", "country", "subdivision_code", "population"
                )
            }
    return _Context(
        governments=governments,
        partnered=partnered,
        partner_places=partner_places,
        own_networks=own_networks,
        public_networks={
            pk: set(profile.facts.get("networks", ())) for pk, profile in profiles.items()
        },
        action_themes=per_government("action_themes", "themes"),
        action_targets=per_government("action_targets", "targets"),
        action_modalities=per_government("action_modalities", "modalities"),
        practice_themes=per_government("practice_themes", "themes"),
        practice_targets=per_government("practice_targets", "targets"),
        places_of=places_of,
        cities=cities,
        city_themes=dict(city_themes),
        city_targets=dict(city_targets),
        city_modalities=dict(city_modalities),
        words=_ProfileWords(profiles if filters.kind != CITY else {}),
    )


def suggest(
    seeker: Seeker, filters: Filters | None = None, *, limit: int = DEFAULT_LIMIT
) -> Suggestions:
    """Rank the candidates for ``seeker``; existing partners apart. A fixed number of
    queries (see the module's docstring)."""
    filters = filters or Filters()
    context = _load(seeker, filters)
    scorer = _Scorer(seeker, context)
    candidates = (scorer.governments() if filters.kind != CITY else []) + (
        scorer.cities() if filters.kind != GOVERNMENT else []
    )
    partners = sorted(
        (c for c in candidates if c.partner_name and filters.keep(c)), key=lambda c: c.sort_key
    )
    keys = RELEVANT[seeker.mode]
    relevant = sorted(
        (c for c in candidates if not c.partner_name and c.shares(keys) and filters.keep(c)),
        key=lambda c: c.sort_key,
    )
    shown = relevant[:limit]
    scorer.describe(shown + partners)
    return Suggestions(seeker=seeker, ranking=shown, total=len(relevant), partners=partners)


class _Scorer:
    """Scores every candidate (points and the facts behind them), then describes the
    suggestions shown: the words, titles and links of their evidence."""

    def __init__(self, seeker: Seeker, context: _Context) -> None:
        self.seeker = seeker
        self.context = context
        own = seeker.government
        self.own_band = population_band(own.population)
        self.own_country = str(own.country or "")
        self.own_region = region_of(self.own_country)
        self.own_languages = set(_languages_of(own))
        self.seeker_goals = seeker.all_goals
        generic = context.words.generic_terms(seeker)
        self.query = {
            language: {t: n for t, n in bag.items() if t not in generic.get(language, ())}
            for language, bag in seeker.bags.items()
        }
        self.query_norms = {
            language: math.sqrt(sum(n * n for n in bag.values()))
            for language, bag in self.query.items()
        }
        # Places named in the public actions of the governments the seeker is partnered with.
        self.partners_partners: dict[int, list[str]] = defaultdict(list)
        for government_id, partner in context.partnered.items():
            for place in context.places_of.get(government_id, {}):
                self.partners_partners[place].append(partner.name)
        # City → names of the governments whose public actions name it (the cities that may
        # be shown only).
        named_by: dict[int, list[str]] = defaultdict(list)
        cities = context.cities
        for government_id, places in context.places_of.items():
            government = context.governments.get(government_id)
            if government is not None:
                for place in places:
                    if place in cities:
                        named_by[place].append(government.name)
        self.named_by = {
            place: sorted(names, key=str.casefold) for place, names in named_by.items()
        }

    # Candidates -------------------------------------------------------------------------------

    def governments(self) -> list[Suggestion]:
        found = []
        context = self.context
        for pk, government in context.governments.items():
            themes = context.action_themes.get(pk, Counter())
            practice_themes = context.practice_themes.get(pk, Counter())
            targets = context.action_targets.get(pk, Counter()) + context.practice_targets.get(
                pk, Counter()
            )
            partner = context.partnered.get(pk)
            suggestion = Suggestion(
                kind=GOVERNMENT,
                pk=pk,
                name=government.name,
                country=str(government.country or ""),
                population=government.population,
                government=government,
                themes=frozenset(themes) | frozenset(practice_themes),
                partner_name=partner.name if partner is not None else "",
            )
            reasons = [
                self._themes(themes, practice_themes),
                *self._targets(targets, mixed=True),
                self._concepts(themes, practice_themes, targets, mixed=True),
                self._text(pk),
                self._modalities(context.action_modalities.get(pk, Counter())),
                self._population(government.population),
                self._place(suggestion.country),
                self._language(government),
                self._networks(context.public_networks.get(pk, set())),
                self._government_ties(government),
            ]
            suggestion.reasons = [reason for reason in reasons if reason is not None]
            found.append(suggestion)
        return found

    def cities(self) -> list[Suggestion]:
        found = []
        context = self.context
        for pk, city in context.cities.items():
            themes = context.city_themes.get(pk, Counter())
            targets = context.city_targets.get(pk, Counter())
            suggestion = Suggestion(
                kind=CITY,
                pk=pk,
                name=city.display_name,
                country=str(city.country or ""),
                population=city.population,
                city=city,
                themes=frozenset(themes),
                known_through=self.named_by.get(pk, []),
                partner_name=context.partner_places.get(pk, ""),
            )
            reasons = [
                self._themes(themes, Counter()),
                *self._targets(targets, mixed=False),
                self._concepts(themes, Counter(), targets, mixed=False),
                self._modalities(context.city_modalities.get(pk, Counter())),
                self._population(city.population),
                self._place(suggestion.country),
                self._city_ties(pk),
            ]
            suggestion.reasons = [reason for reason in reasons if reason is not None]
            found.append(suggestion)
        return found

    # Factors: points, and the facts the description is written from --------------------------

    @staticmethod
    def _capped(key: str, items: int) -> int:
        factor = FACTOR[key]
        return min(factor.maximum, factor.points * items)

    def _themes(self, actions: Counter[str], practices: Counter[str]) -> Reason | None:
        shared = [code for code in self.seeker.themes if actions[code] or practices[code]]
        if not shared:
            return None
        facts = tuple(
            sorted(
                ((code, actions[code], practices[code]) for code in shared),
                key=lambda fact: (-(fact[1] + fact[2]), fact[0]),
            )
        )
        return Reason("themes", self._capped("themes", len(shared)), facts)

    def _targets(self, targets: Counter[str], *, mixed: bool) -> list[Reason | None]:
        shared = sorted((code for code in self.seeker.targets if targets[code]), key=_target_order)
        goals: Counter[int] = Counter()
        for code, n in targets.items():
            goals[_goal_of(code)] += n
        covered = {_goal_of(code) for code in shared}
        shared_goals = sorted(g for g in self.seeker_goals if goals[g] and g not in covered)
        return [
            Reason(
                "targets",
                self._capped("targets", len(shared)),
                tuple((code, targets[code], mixed) for code in shared),
            )
            if shared
            else None,
            Reason(
                "goals",
                self._capped("goals", len(shared_goals)),
                tuple((goal, goals[goal], mixed) for goal in shared_goals),
            )
            if shared_goals
            else None,
        ]

    def _concepts(
        self,
        actions: Counter[str],
        practices: Counter[str],
        targets: Counter[str],
        *,
        mixed: bool,
    ) -> Reason | None:
        """Themes and targets the seeker's text names (in any language) and the candidate
        works on, unless already counted as shared themes or targets."""
        found = self.seeker.text_concepts
        themes = sorted(
            (
                (code, actions[code], practices[code])
                for code in found.themes
                if code not in self.seeker.themes and (actions[code] or practices[code])
            ),
            key=lambda fact: (-(fact[1] + fact[2]), fact[0]),
        )
        targets_found = sorted(
            (code for code in found.targets if code not in self.seeker.targets and targets[code]),
            key=_target_order,
        )
        facts = [("theme", *fact) for fact in themes] + [
            ("target", code, targets[code], mixed) for code in targets_found
        ]
        if not facts:
            return None
        return Reason("concepts", self._capped("concepts", len(facts)), tuple(facts))

    def _text(self, government_id: int) -> Reason | None:
        words = self.context.words.words.get(government_id, {})
        best, best_language = 0.0, ""
        for language, query in self.query.items():
            if language not in words or not query:
                continue
            _n, vector, norm = words[language]
            if norm and self.query_norms[language]:
                value = _dot(query, vector) / (self.query_norms[language] * norm)
                if value > best:
                    best, best_language = value, language
        points = round(FACTOR["text"].maximum * min(1.0, best / TEXT_FULL_AT))
        if points < TEXT_MINIMUM_POINTS:
            return None
        return Reason("text", points, ((best_language, best),))

    def _modalities(self, modalities: Counter[str]) -> Reason | None:
        shared = sorted(
            (code for code in self.seeker.modalities if modalities[code]),
            key=lambda code: (-modalities[code], code),
        )
        if not shared:
            return None
        facts = tuple((code, modalities[code]) for code in shared)
        return Reason("modalities", self._capped("modalities", len(shared)), facts)

    def _population(self, population: int | None) -> Reason | None:
        band = population_band(population)
        if band is None or self.own_band is None or abs(band - self.own_band) > 1:
            return None
        points = FACTOR["population"].maximum
        if band != self.own_band:
            points //= 2
        return Reason("population", points, ((band, population),))

    def _place(self, country: str) -> Reason | None:
        if not country:
            return None
        if country == self.own_country:
            return Reason("place", FACTOR["place"].maximum, (("country", country),))
        region = region_of(country)
        if region and region == self.own_region:
            return Reason("place", FACTOR["place"].maximum // 2, (("region", region),))
        return None

    def _language(self, government: Government) -> Reason | None:
        shared = [code for code in _languages_of(government) if code in self.own_languages]
        if not shared:
            return None
        return Reason("language", FACTOR["language"].maximum, tuple(dict.fromkeys(shared)))

    def _networks(self, keys: set[str]) -> Reason | None:
        shared = sorted(
            (self.context.own_networks[key] for key in keys if key in self.context.own_networks),
            key=str.casefold,
        )
        if not shared:
            return None
        return Reason("networks", self._capped("networks", len(shared)), tuple(shared))

    def _government_ties(self, government: Government) -> Reason | None:
        ties: list[tuple[str, str]] = []
        place = government.place_id
        if place and place in self.partners_partners:
            ties += [
                ("partner_works_with_it", name)
                for name in sorted(set(self.partners_partners[place]), key=str.casefold)
            ]
        public_places = self.context.places_of.get(government.pk, {})
        common = {
            name
            for place_id, name in self.context.partner_places.items()
            if place_id in public_places and place_id != place
        }
        ties += [("common_partner", name) for name in sorted(common, key=str.casefold)]
        own_place = self.seeker.government.place_id
        if own_place and own_place in public_places:
            ties.append(("names_you", ""))
        return self._ties(ties)

    def _city_ties(self, place: int) -> Reason | None:
        names = sorted(set(self.partners_partners.get(place, ())), key=str.casefold)
        return self._ties([("partner_works_with_it", name) for name in names])

    def _ties(self, ties: list[tuple[str, str]]) -> Reason | None:
        if not ties:
            return None
        return Reason("ties", self._capped("ties", len(ties)), tuple(ties))

    # Descriptions of the suggestions shown ----------------------------------------------------

    def describe(self, shown: list[Suggestion]) -> None:
        """Write out the evidence of the suggestions shown: lines with their numbers, the
        titles behind shared themes (one query), the published practices of the governments
        (one query), the closest public texts (cache)."""
        language = _active_language()
        governments = [s.pk for s in shown if s.kind == GOVERNMENT]
        cities = [s.pk for s in shown if s.kind == CITY]
        titles = self._theme_titles(governments, cities, language)
        practices = self._practices(governments, language)
        texts = self.context.words.texts_of(
            s.pk for s in shown if s.kind == GOVERNMENT and any(r.key == "text" for r in s.reasons)
        )
        for suggestion in shown:
            owned = practices.get(suggestion.pk, []) if suggestion.kind == GOVERNMENT else []
            for reason in suggestion.reasons:
                details = list(self._details(reason))
                if reason.key in ("themes", "concepts"):
                    for index, line in enumerate(details):
                        if line.code:
                            actions = titles.get((suggestion.kind, suggestion.pk, line.code), [])
                            on_theme = [e for e, themes in owned if line.code in themes]
                            items = tuple(actions + on_theme[:EVIDENCE_TITLES])
                            details[index] = Evidence(line.text, items=items, code=line.code)
                elif reason.key == "text":
                    details = self._text_details(
                        suggestion.pk, reason.facts[0], texts.get(suggestion.pk)
                    )
                reason.details = tuple(details)
            if suggestion.kind == GOVERNMENT:
                government = self.context.governments[suggestion.pk]
                if government.portal_enabled:
                    suggestion.portal_url = reverse(
                        "portal:government", kwargs={"government_slug": government.slug}
                    )
                suggestion.practices = [evidence for evidence, _themes in owned[:PRACTICE_TITLES]]

    def _details(self, reason: Reason) -> Iterable[Evidence]:
        """The lines of a reason, written from its facts."""
        key, facts = reason.key, reason.facts
        if key == "themes":
            for code, actions, practices in facts:
                yield Evidence(
                    _("%(theme)s — %(evidence)s")
                    % {"theme": theme_name(code), "evidence": _counts(actions, practices)},
                    code=code,
                )
        elif key == "targets":
            for code, n, mixed in facts:
                yield Evidence(
                    _("%(target)s — %(evidence)s")
                    % {"target": target_label(code), "evidence": _items(n, mixed)}
                )
        elif key == "goals":
            for goal, n, mixed in facts:
                yield Evidence(
                    _("%(goal)s — %(evidence)s")
                    % {"goal": goal_label(goal), "evidence": _items(n, mixed)}
                )
        elif key == "concepts":
            for kind, code, *counts in facts:
                if kind == "theme":
                    topic, evidence = theme_name(code), _counts(*counts)
                else:
                    topic, evidence = target_label(code), _items(*counts)
                yield Evidence(
                    _("%(topic)s — your text speaks of it; %(evidence)s")
                    % {"topic": topic, "evidence": evidence},
                    code=code if kind == "theme" else "",
                )
        elif key == "modalities":
            labels = dict(Modality.choices)
            for code, n in facts:
                yield Evidence(
                    _("%(kind)s — %(evidence)s")
                    % {"kind": str(labels.get(code, code)).capitalize(), "evidence": _counts(n, 0)}
                )
        elif key == "population":
            band, population = facts[0]
            if band == self.own_band:
                yield Evidence(_("Both %(band)s.") % {"band": band_label(band)})
            else:
                yield Evidence(
                    _("%(population)s inhabitants; yours: %(own)s.")
                    % {
                        "population": number_format(population, force_grouping=True),
                        "own": band_label(self.own_band),
                    }
                )
        elif key == "place":
            kind, code = facts[0]
            if kind == "country":
                yield Evidence(_("Same country: %(country)s.") % {"country": countries.name(code)})
            else:
                yield Evidence(_("Same region: %(region)s.") % {"region": region_name(code)})
        elif key == "language":
            for code in facts:
                yield Evidence(language_name(code))
        elif key == "networks":
            for name in facts:
                yield Evidence(name)
        elif key == "ties":
            for kind, name in facts:
                if kind == "partner_works_with_it":
                    yield Evidence(
                        _("%(partner)s, your partner, works with it.") % {"partner": name}
                    )
                elif kind == "common_partner":
                    yield Evidence(_("Works with %(partner)s, as you do.") % {"partner": name})
                else:
                    yield Evidence(_("Names your government as a partner in its public actions."))

    def _text_details(
        self, government_id: int, fact: tuple[str, float], texts: Texts | None
    ) -> list[Evidence]:
        """How similar, the words shared, and the candidate's closest public texts."""
        language, value = fact
        query = self.query[language]
        _n, vector, _norm = self.context.words.words[government_id][language]
        shared = sorted(
            (term for term in query if term in vector),
            key=lambda term: (-(query[term] * vector[term]), term),
        )[:6]
        words = self.seeker.words.get(language, {})
        details = [
            Evidence(
                _("%(share)s %% similar in %(language)s; shared words: %(words)s.")
                % {
                    "share": round(value * 100),
                    "language": language_name(language),
                    "words": ", ".join(words.get(term, term) for term in shared),
                }
            )
        ]
        scored = []
        for kind, pk, title, original, per_language in texts or []:
            score = sum(query.get(term, 0) for term in per_language.get(language, ()))
            if score:
                scored.append((-score, kind, pk, title, original))
        scored.sort()
        government = self.context.governments[government_id]
        for _score, kind, pk, title, original in scored[:EVIDENCE_TITLES]:
            url = self._action_url(government, pk) if kind == "action" else ""
            details.append(Evidence(title, url=url, language=original))
        return details

    def _theme_titles(
        self, governments: list[int], cities: list[int], language: str
    ) -> dict[tuple[str, int, str], list[Evidence]]:
        """(kind, candidate id, theme) → the latest public actions on that theme."""
        themes = list(set(self.seeker.themes) | self.seeker.text_concepts.themes)
        if not themes or not (governments or cities):
            return {}
        fields = ("themes", "pk", "government_id", "title", "language", "translations")
        rows = (
            Action.objects.public()
            .exclude(government=self.seeker.government)
            .filter(themes__in=themes)
            .filter(Q(government_id__in=governments) | Q(partners__place__in=cities))
            .order_by("-start_date", "-pk")
            .values_list("government_id", "partners__place", *fields)
        )
        titles: dict[tuple[str, int, str], list[Evidence]] = defaultdict(list)
        seen: set[tuple[str, int, str, int]] = set()
        wanted = {GOVERNMENT: set(governments), CITY: set(cities)}
        for government_id, place, theme, pk, owner, title, original, translations in rows:
            for kind, candidate in ((GOVERNMENT, government_id), (CITY, place)):
                key = (kind, candidate, theme)
                if candidate not in wanted[kind] or (*key, pk) in seen:
                    continue
                seen.add((*key, pk))
                if len(titles[key]) < EVIDENCE_TITLES:
                    titles[key].append(
                        self._action_evidence(pk, owner, title, original, translations, language)
                    )
        return titles

    def _practices(
        self, governments: list[int], language: str
    ) -> dict[int, list[tuple[Evidence, set[str]]]]:
        """government id → its published practices (title, themes), the latest first."""
        found: dict[int, list[tuple[Evidence, set[str]]]] = defaultdict(list)
        if not governments:
            return found
        seen: dict[int, tuple[Evidence, set[str]]] = {}
        for government_id, pk, title, original, translations, theme in (
            GoodPractice.objects.published()
            .filter(government_id__in=governments)
            .order_by("-published_at", "title", "pk")
            .values_list("government_id", "pk", "title", "language", "translations", "themes")
        ):
            if pk not in seen:
                text, text_language = _localized_title(
                    title,
                    original or first_language(self.context.governments[government_id]),
                    translations,
                    language,
                )
                seen[pk] = (Evidence(text, language=text_language), set())
                found[government_id].append(seen[pk])
            if theme:
                seen[pk][1].add(theme)
        return found

    def _action_evidence(
        self,
        pk: int,
        government_id: int,
        title: str,
        original: str,
        translations: Any,
        language: str,
    ) -> Evidence:
        government = self.context.governments.get(government_id)
        text, text_language = _localized_title(
            title, original or first_language(government), translations, language
        )
        return Evidence(text, url=self._action_url(government, pk), language=text_language)

    @staticmethod
    def _action_url(government: Government | None, pk: int) -> str:
        if government is None or not government.portal_enabled:
            return ""
        return reverse("portal:action", kwargs={"government_slug": government.slug, "id": pk})


def _target_order(code: str) -> tuple[int, str]:
    goal, _dot, rest = code.partition(".")
    return (int(goal), rest.zfill(3))


def _items(n: int, mixed: bool) -> str:
    """n public actions (or good practices, when both are counted together)."""
    if not mixed:
        return _counts(n, 0)
    return ngettext(
        "%(count)s public action or good practice",
        "%(count)s public actions or good practices",
        n,
    ) % {"count": n}


def _counts(actions: int, practices: int) -> str:
    parts = []
    if actions:
        parts.append(
            ngettext("%(count)s public action", "%(count)s public actions", actions)
            % {"count": actions}
        )
    if practices:
        parts.append(
            ngettext("%(count)s good practice", "%(count)s good practices", practices)
            % {"count": practices}
        )
    return ", ".join(parts)


def _localized_title(title: str, original: str, translations: Any, wanted: str) -> tuple[str, str]:
    """The title in ``wanted`` when translated, else the original; and its language."""
    original = base_language(original) or "en"
    if wanted != original and isinstance(translations, Mapping):
        content = translations.get(wanted) or {}
        if isinstance(content, Mapping) and str(content.get("title") or "").strip():
            return str(content["title"]), wanted
    return title, original

"""Queries on reference data. Views call these; they never build the filters themselves."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Case, F, Q, Value, When

from lazos.reference.text import SEARCH_TEXT_SEPARATOR, search_key, search_words

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.reference.models import City, SdgGoal, SdgTarget, Subdivision  # noqa: F401


SEARCH_LIMIT = 10

#: Among the cities one of whose names is exactly the query, a city whose own name it is
#: counts as this many times more populated than one for which it is another name: "Porto"
#: is Porto before Bordeaux (which GeoNames also calls "Porto"), while "Colonia" is still
#: Köln (one million) before Colonia, New Jersey (seventeen thousand).
OWN_NAME_WEIGHT = 10


class CityMatch(IntEnum):
    """How well a city's names match a search, best first (the order of the results)."""

    EXACT = 0  # a name of the city, its own or another, is the query
    NAME_PREFIX = 1  # the city's own name begins with the query
    OTHER_NAME_PREFIX = 2  # another name of the city begins with the query
    WORD_PREFIX = 3  # a word inside one of its names begins with the query
    CONTAINS = 4  # its names contain every word of the query, somewhere


def _city_match(key: str) -> Case:
    """``CityMatch`` of each city for the folded query ``key``, from ``search_text`` alone
    (its own name first, then its other names, separated by ``SEARCH_TEXT_SEPARATOR``)."""
    sep = SEARCH_TEXT_SEPARATOR
    own_name = Q(search_text=key) | Q(search_text__startswith=f"{key}{sep}")
    other_name = Q(search_text__contains=f"{sep}{key}{sep}") | Q(
        search_text__endswith=f"{sep}{key}"
    )
    return Case(
        When(own_name | other_name, then=Value(CityMatch.EXACT)),
        When(search_text__startswith=key, then=Value(CityMatch.NAME_PREFIX)),
        When(search_text__contains=f"{sep}{key}", then=Value(CityMatch.OTHER_NAME_PREFIX)),
        When(search_text__contains=f" {key}", then=Value(CityMatch.WORD_PREFIX)),
        default=Value(CityMatch.CONTAINS),
        output_field=models.IntegerField(),
    )


def _weighted_population(key: str) -> Case:
    sep = SEARCH_TEXT_SEPARATOR
    return Case(
        When(
            Q(search_text=key) | Q(search_text__startswith=f"{key}{sep}"),
            then=F("population") * OWN_NAME_WEIGHT,
        ),
        default=F("population"),
        output_field=models.PositiveBigIntegerField(),
    )


class SubdivisionQuerySet(models.QuerySet["Subdivision"]):
    def in_country(self, country: str) -> Self:
        return self.filter(country=country.upper())


class CityQuerySet(models.QuerySet["City"]):
    def in_country(self, country: str) -> Self:
        return self.filter(country=country.upper())

    def matching(self, query: str) -> Self:
        """Cities whose folded names contain every word of ``query``.

        The query is folded like ``search_text`` (lowercase, no accents), so "SÃO PAULO",
        "sao paulo" and "São Paulo" are the same search. An empty query matches nothing.
        """
        words = search_words(query)
        if not words:
            return self.none()
        qs = self
        for word in words:
            qs = qs.filter(search_text__contains=word)
        return qs

    def search(self, query: str, limit: int = SEARCH_LIMIT) -> Self:
        """The ``limit`` best cities matching ``query`` (see :meth:`matching`), in one query.

        Cities named exactly the query, in any language GeoNames knows ("Cracovia",
        "Kraków", "Krakow"), come first, then those whose own name begins with it ("Krak" →
        Kraków), then those with another name beginning with it, then a word of a name, then
        the other matches (see :class:`CityMatch`); within each, the most populated first
        (see ``OWN_NAME_WEIGHT`` for exact names).
        """
        key = search_key(query)
        return (
            self.matching(query)
            .annotate(search_match=_city_match(key), search_weight=_weighted_population(key))
            .defer("search_text")
            .order_by("search_match", "-search_weight", "-population", "geonameid")[:limit]
        )


class SdgGoalQuerySet(models.QuerySet["SdgGoal"]):
    def with_targets(self) -> Self:
        """Goals in order, with their targets prefetched in order (two queries in all)."""
        from lazos.reference.models import SdgTarget

        return self.order_by("number").prefetch_related(
            models.Prefetch("targets", queryset=SdgTarget.objects.order_by("position"))
        )


class SdgTargetQuerySet(models.QuerySet["SdgTarget"]):
    def of_goal(self, goal: SdgGoal | str) -> Self:
        code = goal if isinstance(goal, str) else goal.code
        return self.filter(goal_id=code)

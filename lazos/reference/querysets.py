"""Queries on reference data. Views call these; they never build the filters themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models

from lazos.reference.text import search_words

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.reference.models import City, SdgGoal, SdgTarget, Subdivision  # noqa: F401


SEARCH_LIMIT = 10


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
        """The ``limit`` most populated cities matching ``query`` (see :meth:`matching`)."""
        return (
            self.matching(query).defer("search_text").order_by("-population", "geonameid")[:limit]
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

"""Search over the index, ranked: PostgreSQL full text + trigrams, or a portable equivalent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import connections, models
from django.db.models import BooleanField, Case, Count, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from lazos.core.querysets import TenantQuerySet
from lazos.reference.text import fold, search_words
from lazos.search.choices import text_search_config

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.governments.models import Government
    from lazos.search.models import SearchEntry  # noqa: F401


# A title this similar (pg_trgm) to the query matches even without a common word ("medelin").
TRIGRAM_SIMILARITY = 0.2
# The query is this similar to some stretch of words of the title ("medelin" in a long title).
TRIGRAM_WORD_SIMILARITY = 0.5

_TABLE = '"search_searchentry"'
_TSQUERY = "websearch_to_tsquery(%s::regconfig, %s)"


def government_search_config(government: Government) -> str:

    languages = government.official_languages or []
    return text_search_config(languages[0] if languages else "")


class SearchEntryQuerySet(TenantQuerySet["SearchEntry"]):
    def search(self, query: str, *, government: Government) -> Self:
        """Entries of ``government`` matching ``query``, best first (annotated ``rank``).

        Accent- and case-insensitive everywhere. On PostgreSQL: full-text match in the
        government's language, or a title similar to the query (trigrams, tolerates typos), or
        the folded text containing the query; ranked by exact title, then ``ts_rank`` plus
        trigram similarity. Elsewhere: every word of the query in the folded text, ranked by
        where the query is found in the title.
        """
        words = search_words(query)
        if not words:
            return self.none()
        scoped = self.for_tenant(government)
        phrase = " ".join(words)
        if connections[self.db].vendor == "postgresql":
            return scoped._search_postgresql(fold(query), phrase, government)
        return scoped._search_portable(words, phrase)

    def _search_postgresql(self, folded_query: str, phrase: str, government: Government) -> Self:
        config = government_search_config(government)
        tsquery_params = [config, folded_query]
        text_match = RawSQL(  # noqa: S611 - constant SQL, values passed as parameters
            f"{_TABLE}.search_vector @@ {_TSQUERY}", tsquery_params, output_field=BooleanField()
        )
        similar_title = RawSQL(  # noqa: S611 - constant SQL, values passed as parameters
            f"(similarity({_TABLE}.folded_title, %s) > %s"
            f" OR word_similarity(%s, {_TABLE}.folded_title) > %s)",
            [phrase, TRIGRAM_SIMILARITY, phrase, TRIGRAM_WORD_SIMILARITY],
            output_field=BooleanField(),
        )
        return (
            self.filter(Q(text_match) | Q(similar_title) | Q(folded__contains=phrase))
            .annotate(
                exact=Case(
                    When(folded_title=phrase, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                ),
                # ts_rank also scores documents with only some of the words: count it only
                # for a full-text match.
                text_rank=RawSQL(  # noqa: S611 - constant SQL, values passed as parameters
                    f"CASE WHEN {_TABLE}.search_vector @@ {_TSQUERY}"
                    f" THEN ts_rank({_TABLE}.search_vector, {_TSQUERY}) ELSE 0 END",
                    tsquery_params * 2,
                    output_field=FloatField(),
                ),
                similarity=RawSQL(  # noqa: S611 - constant SQL, values passed as parameters
                    f"greatest(similarity({_TABLE}.folded_title, %s),"
                    f" word_similarity(%s, {_TABLE}.folded_title))",
                    [phrase, phrase],
                    output_field=FloatField(),
                ),
                rank=F("text_rank") + F("similarity"),
            )
            .order_by("-exact", "-rank", "title", "pk")
        )

    def _search_portable(self, words: list[str], phrase: str) -> Self:
        every_word = Q()
        every_word_in_title = Q()
        for word in words:
            every_word &= Q(folded__contains=word)
            every_word_in_title &= Q(folded_title__contains=word)
        return (
            self.filter(every_word)
            .annotate(
                rank=Case(
                    When(folded_title=phrase, then=Value(5)),
                    When(folded_title__startswith=phrase, then=Value(4)),
                    When(folded_title__contains=phrase, then=Value(3)),
                    When(every_word_in_title, then=Value(2)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("-rank", "title", "pk")
        )

    def kind_counts(self) -> dict[str, int]:
        """How many entries of each kind (one query, grouped by kind, ranking dropped).

        Grouped on the search itself, never through a ``pk__in`` subquery: the raw SQL above
        names the table, and inside a subquery that name would bind to the outer row (a
        correlated subquery run once per entry of the whole table)."""
        rows = self.order_by().values("kind").annotate(n=Count("pk")).values_list("kind", "n")
        return dict(rows)


SearchEntryManager = models.Manager.from_queryset(SearchEntryQuerySet)

"""The search page: one box across the current government's register."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.views.generic import ListView

from lazos.core.views import GovernmentScopedMixin
from lazos.search.choices import KIND_PLURALS, SearchKind
from lazos.search.models import SearchEntry
from lazos.search.text import search_words, snippet_parts

MAX_QUERY_LENGTH = 200


class SearchView(GovernmentScopedMixin, ListView[SearchEntry]):
    """``/search/?q=…&kind=…``: ranked results, filterable by kind, paginated.

    Queries: the middleware's, the count, the counts by kind and the page (fixed).
    """

    model = SearchEntry
    template_name = "search/search.html"
    paginate_by = 20

    def get_query(self) -> str:
        return " ".join(self.request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]

    def get_kind(self) -> str:
        kind = self.request.GET.get("kind", "")
        return kind if kind in SearchKind.values else ""

    def get_queryset(self) -> QuerySet[SearchEntry]:
        query = self.get_query()
        if not query:
            return SearchEntry.objects.none()
        matches = SearchEntry.objects.search(query, government=self.government)
        self.kind_counts = matches.kind_counts() if search_words(query) else {}
        kind = self.get_kind()
        if kind:
            matches = matches.filter(kind=kind)
        return matches.only(
            "pk", "government_id", "kind", "title", "body", "url", "object_updated_at"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query, kind = self.get_query(), self.get_kind()
        words = search_words(query)
        counts = getattr(self, "kind_counts", {})
        results = [
            {"entry": entry, "snippet": snippet_parts(entry.body, words)}
            for entry in context["object_list"]
        ]
        context.update(
            query=query,
            kind=kind,
            words=words,
            results=results,
            total=sum(counts.values()),
            kinds=[
                {"value": kind, "label": KIND_PLURALS[kind], "count": counts.get(kind, 0)}
                for kind in SearchKind
            ],
            kind_label=SearchKind(kind).label if kind else "",
        )
        return context

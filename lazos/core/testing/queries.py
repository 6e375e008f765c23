"""Query budgets: a page's number of queries must not grow with its number of rows."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"
    return len(context.captured_queries)


def assert_constant_queries(
    client: Client,
    url: str,
    add_rows: Callable[[int], object],
    *,
    budget: int,
    few: int = 2,
    many: int = 12,
) -> int:
    """Count the queries of ``url`` with ``few`` rows and with ``many``: they must be equal
    and within ``budget``. ``add_rows(n)`` adds n more rows of what the page lists.

    The page is requested once before counting: what a process caches once for good (content
    types, compiled templates) is not a query per row, and whether an earlier test filled
    those caches must not change the count. The cache framework is then emptied, so a page
    or fragment cached by that first request (the portal's pages) is counted as a miss, the
    way it would be without it."""
    add_rows(few)
    count_queries(client, url)
    cache.clear()
    with_few = count_queries(client, url)
    add_rows(many - few)
    with_many = count_queries(client, url)
    assert with_few == with_many, (
        f"GET {url}: {with_few} queries with {few} rows but {with_many} with {many} (N+1)"
    )
    assert with_many <= budget, f"GET {url}: {with_many} queries, budget is {budget}"
    return with_many

from rest_framework.pagination import PageNumberPagination

from lazos.core.listing import KeysFirstPaginator


class Pagination(PageNumberPagination):
    """50 per page by default; ``?page_size=`` up to 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class KeysFirstPagination(Pagination):
    """The API's pagination (50 a page) with ``KeysFirstPaginator`` (lazos/core/listing.py):
    a page after the first reads its keys first."""

    django_paginator_class = KeysFirstPaginator

"""/api/v1/public/: the open data of every government that publishes, for anyone.

No token: every caller gets the same answer (credentials are not even read), throttled per
client address like any anonymous caller. Each list holds the rows of every government
whose portal is on, or of one with ``?government=<slug>``; a government whose portal is off
exposes nothing (its slug is refused like an unknown one). The rows and fields are those of
the open-data files (``opendata/datapackage.py``, one
:class:`~lazos.opendata.datapackage.Table` per resource) plus the government's slug, paged
and filtered; the good practices are the published ones, with the fields of their public
page.

Answers are cached like the portal's pages (``portal/cache.py``): per portal version (the
government's with ``?government=``, else the instance's), which every audited change
renews, so a change shows at once; a cache hit makes no database query. Each answer carries
``Cache-Control: public``, an ``ETag`` (a hash of its content) and answers 304 to a matching
``If-None-Match``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.actions.models import Action, BudgetLine, Mission
from lazos.agreements.models import Agreement
from lazos.api.pagination import Pagination
from lazos.api.schema import AutoSchema
from lazos.api.throttling import AddressRateThrottle
from lazos.governments.models import Government
from lazos.opendata.api import filtersets, serializers
from lazos.opendata.datapackage import TABLES_BY_NAME, Table, of_publisher
from lazos.opendata.views import CACHE_SECONDS
from lazos.partners.models import Partner
from lazos.portal.cache import GLOBAL, PAGE_TIMEOUT, government_id_for_slug, version
from lazos.practices.models import GoodPractice, PracticeIndicator, PracticeTransfer
from lazos.results.models import Indicator, IndicatorPeriod

#: What a government's slug can be (anything else is no government: not even looked up).
SLUG_PATTERN = re.compile(r"[-a-zA-Z0-9_]{1,60}")

SLUG = OpenApiParameter(
    "slug",
    OpenApiTypes.STR,
    location=OpenApiParameter.PATH,
    description=_("The government's address, as in its portal's /<address>/."),
)


def unchanged_for(request: Request, etag: str) -> bool:
    """Does the caller already hold this answer (``If-None-Match``, compared weakly)?"""
    header = request.headers.get("If-None-Match", "")
    if not header:
        return False
    held = {tag.removeprefix("W/") for tag in parse_etags(header)}
    return "*" in held or etag in held


class PublicSchema(AutoSchema):
    """What a public operation may answer besides the usual: 304 to a conditional request,
    and the caching headers on a 200. (401 and 403 stay documented like on every operation,
    though credentials are not read here.)"""

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses: dict[str, Any] = operation["responses"]
        operation["security"] = [{}]
        if "200" in responses:
            responses["200"].setdefault("headers", {}).update(
                {
                    "ETag": {
                        "schema": {"type": "string"},
                        "description": str(
                            _("The answer's version: send it in If-None-Match to get a 304.")
                        ),
                    },
                    "Cache-Control": {
                        "schema": {"type": "string"},
                        "description": str(_("public, max-age=300: caches may keep it.")),
                    },
                }
            )
            responses["304"] = {
                "description": str(_("Not modified: the answer has not changed since that ETag."))
            }
        operation["responses"] = dict(sorted(responses.items()))
        return operation


class PublicViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Read-only, anonymous, cached (see the module's docstring)."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [AddressRateThrottle]
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    schema = PublicSchema()
    model: type[Model]

    def cache_scope(self) -> int | str:
        """Whose portal version the answer depends on: the government of ``?government=``
        when it publishes, else every government's."""
        slug = self.request.query_params.get("government", "")
        government_id = government_id_for_slug(slug) if SLUG_PATTERN.fullmatch(slug) else None
        return government_id if government_id is not None else GLOBAL

    def cached(self, request: Request, build: Callable[[], Any]) -> Response:
        scope = self.cache_scope()
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        key = f"lazos:public-api:{scope}:{version(scope)}:{address}"
        entry = cache.get(key)
        if entry is None:
            data = build()
            content = json.dumps(data, cls=DjangoJSONEncoder)
            entry = (json.loads(content), f'"{hashlib.sha256(content.encode()).hexdigest()[:32]}"')
            cache.set(key, entry, PAGE_TIMEOUT)
        data, etag = entry
        if unchanged_for(request, etag):
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        else:
            response = Response(data)
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        return response

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        """Any web page may read the answers, errors included (no credentials are involved)."""
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.cached(request, lambda: super(PublicViewSet, self).list(request).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.cached(request, lambda: self.get_serializer(self.get_object()).data)


# --- The open-data tables ---------------------------------------------------------------------


class TableViewSet(mixins.RetrieveModelMixin, PublicViewSet):
    """The public rows of one open-data table (``table``) of the governments that publish
    (``?government=<slug>``: of one), in the file's order, with the file's columns and the
    government's slug."""

    table: Table

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return self.model._default_manager.none()
        return self.table.source(None)

    def rows(self, rows: list[Any]) -> list[dict[str, Any]]:
        prepared = self.table.prepare(None, rows)
        slugs = dict(
            Government.objects.filter(pk__in={row.government_id for row in prepared}).values_list(
                "pk", "slug"
            )
        )
        return [
            {**serializers.row_values(self.table, row), "government": slugs[row.government_id]}
            for row in prepared
        ]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        def build() -> Any:
            queryset = self.filter_queryset(self.get_queryset())
            page = self.paginate_queryset(queryset)
            rows = self.rows(list(page if page is not None else queryset))
            data = self.get_serializer(rows, many=True).data
            return self.get_paginated_response(data).data if page is not None else data

        return self.cached(request, build)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        def build() -> Any:
            rows = self.rows([self.get_object()])
            return self.get_serializer(rows[0]).data

        return self.cached(request, build)


class PublicPartnerViewSet(TableViewSet):
    """Partners of public actions and agreements: name, kind, country and city only (as
    ``partners.csv``)."""

    table = TABLES_BY_NAME["partners"]
    model = Partner
    serializer_class = serializers.PublicPartnerSerializer
    filterset_class = filtersets.PublicPartnerFilterSet


class PublicAgreementViewSet(TableViewSet):
    """Public agreements (as ``agreements.csv``)."""

    table = TABLES_BY_NAME["agreements"]
    model = Agreement
    serializer_class = serializers.PublicAgreementSerializer
    filterset_class = filtersets.PublicAgreementFilterSet


class PublicActionViewSet(TableViewSet):
    """Public actions (as ``actions.csv``); the filters are the portal's."""

    table = TABLES_BY_NAME["actions"]
    model = Action
    serializer_class = serializers.PublicActionSerializer
    filterset_class = filtersets.PublicActionFilterSet


class PublicBudgetLineViewSet(TableViewSet):
    """The budget lines of the public actions (as ``budget_lines.csv``)."""

    table = TABLES_BY_NAME["budget_lines"]
    model = BudgetLine
    serializer_class = serializers.PublicBudgetLineSerializer
    filterset_class = filtersets.PublicBudgetLineFilterSet


class PublicMissionViewSet(TableViewSet):
    """Missions of public actions: destination and cost, never the travellers (as
    ``missions.csv``)."""

    table = TABLES_BY_NAME["missions"]
    model = Mission
    serializer_class = serializers.PublicMissionSerializer
    filterset_class = filtersets.PublicMissionFilterSet


class PublicIndicatorViewSet(TableViewSet):
    """Public indicators of public actions and of the public, approved strategy (as
    ``indicators.csv``)."""

    table = TABLES_BY_NAME["indicators"]
    model = Indicator
    serializer_class = serializers.PublicIndicatorSerializer
    filterset_class = filtersets.PublicIndicatorFilterSet


class PublicResultViewSet(TableViewSet):
    """Targets and actual values of the public indicators per period; actual values come
    from approved updates only (as ``results.csv``). The id is the period's."""

    table = TABLES_BY_NAME["results"]
    model = IndicatorPeriod
    serializer_class = serializers.PublicResultSerializer
    filterset_class = filtersets.PublicResultFilterSet


# --- Good practices ---------------------------------------------------------------------------


class PublicPracticeViewSet(mixins.RetrieveModelMixin, PublicViewSet):
    """Published good practices, newest first, with the fields of their public page (drafts
    never)."""

    model = GoodPractice
    serializer_class = serializers.PublicPracticeSerializer
    filterset_class = filtersets.PublicPracticeFilterSet

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return GoodPractice.objects.none()
        return (
            of_publisher(GoodPractice.objects.published(), None)
            .select_related("government")
            .prefetch_related("themes", "sdg_targets")
            .prefetch_related(
                Prefetch(
                    "indicators", queryset=PracticeIndicator.objects.order_by("position", "pk")
                )
            )
            .prefetch_related(
                Prefetch(
                    "actions",
                    queryset=Action.objects.public().only("id", "government_id"),
                    to_attr="public_actions",
                )
            )
            .prefetch_related(
                Prefetch(
                    "transfers",
                    queryset=PracticeTransfer.objects.select_related("government").order_by(
                        "-created_at", "pk"
                    ),
                    to_attr="public_transfers",
                )
            )
            .order_by("-published_at", "title", "pk")
        )


# --- Governments ------------------------------------------------------------------------------


@extend_schema_view(retrieve=extend_schema(parameters=[SLUG]))
class PublicGovernmentViewSet(mixins.RetrieveModelMixin, PublicViewSet):
    """The governments that publish their portal and open data on this instance: their
    slugs select their rows in the other public lists (``?government=<slug>``)."""

    model = Government
    serializer_class = serializers.PublicGovernmentSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Government]:
        return Government.objects.filter(portal_enabled=True).order_by("name", "pk")

    def cache_scope(self) -> int | str:
        slug = self.kwargs.get("slug")
        if slug is None:
            return GLOBAL
        government_id = government_id_for_slug(slug) if SLUG_PATTERN.fullmatch(slug) else None
        if government_id is None:
            raise Http404
        return government_id

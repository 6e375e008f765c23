"""Every list's filters, fed hostile values, answer 200 or 400: never a server error.

The walk finds every list of the project: the HTML lists (URL patterns whose view has a
``filterset_class``), the API list endpoints under /api/v1/ (the same FilterSets) and the few
pages that build a FilterSet in code (``LISTS_WITHOUT_FILTERSET_CLASS``). For each filter of
the list's FilterSet it sends out-of-range numbers, impossible dates, unknown choices, very
long strings and NUL characters, one filter at a time so a rejected filter never hides
another. Every value is probed on the page's own FilterSet (validation, then the query on
the database); the page itself is asked for each filter's accepted and refused values. Run it on SQLite and on PostgreSQL: out-of-range integers and NUL fail differently
there.
"""

from __future__ import annotations

import contextlib
import copy
import importlib
from typing import Any
from urllib.parse import urlencode

import django_filters
import pytest
from django.apps import apps
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import get_resolver, resolve, reverse
from rest_framework.test import force_authenticate

from lazos.core.filtersets import AuditEventFilterSet, LazosFilterSet
from lazos.core.testing.urls import walk_patterns

pytestmark = pytest.mark.django_db

HOSTILE_VALUES: tuple[str, ...] = (
    "0",
    "-1",
    "99999999999999999999",
    "-99999999999999999999",
    "9223372036854775808",  # one past the largest 64-bit integer
    "2147483648",  # one past the largest 32-bit integer
    "1e309",
    "-1e309",
    "1e-400",
    "NaN",
    "inf",
    "1.5",
    "abc",
    "0000-00-00",
    "9999-99-99",
    "-1-01-01",
    "2024-02-30",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "unknown-choice",
    "x" * 5000,
    " ".join(["ab"] * 66),  # many words within the length a search takes
    " ".join(["ab"] * 2500),
    "\x00",
    "abc\x00def",
    "2024\x00",
    "\u2028",
    " ",
)

# Pages whose view builds its FilterSet in code rather than naming a ``filterset_class``.
LISTS_WITHOUT_FILTERSET_CLASS: dict[str, str] = {
    "directory:index": "lazos.networks.filtersets.DirectoryFilterSet",
    "solidarity:board": "lazos.solidarity.filtersets.EmergencyFilterSet",
    "practices:library": "lazos.practices.filtersets.LibraryFilterSet",
}


def _import(dotted: str) -> Any:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def list_endpoints() -> list[tuple[str, type[django_filters.FilterSet]]]:
    """(URL name, FilterSet) of every list: HTML lists, API lists, hand-built pages."""
    found: dict[str, type[django_filters.FilterSet]] = {}
    for name, pattern in walk_patterns(get_resolver().url_patterns):
        if pattern.pattern.converters or "format" in pattern.pattern.regex.groupindex:
            continue
        view_class = getattr(pattern.callback, "view_class", None)
        viewset = getattr(pattern.callback, "cls", None)
        actions = getattr(pattern.callback, "actions", None) or {}
        if view_class is not None and getattr(view_class, "filterset_class", None):
            found[name] = view_class.filterset_class
        elif viewset is not None and actions.get("get") == "list":
            filterset_class = getattr(viewset, "filterset_class", None)
            if filterset_class is not None:
                found[name] = filterset_class
    for name, dotted in LISTS_WITHOUT_FILTERSET_CLASS.items():
        found[name] = _import(dotted)
    return sorted(found.items())


def _project_filtersets() -> set[type[django_filters.FilterSet]]:
    """Every concrete FilterSet (one with a model) defined in a Lazos module."""
    for config in apps.get_app_configs():
        if config.name.startswith("lazos."):
            for module in ("filtersets", "views", "api.views"):
                with contextlib.suppress(ModuleNotFoundError):
                    importlib.import_module(f"{config.name}.{module}")
    importlib.import_module("lazos.api.urls")
    found: set[type[django_filters.FilterSet]] = set()
    pending = [django_filters.FilterSet]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("lazos.") and sub._meta.model is not None:
                found.add(sub)
    return found


ENDPOINTS = list_endpoints()


def test_the_walk_reaches_every_filterset_of_the_project():
    """A new FilterSet served by a page the walk cannot see must be added to the walk."""
    assert len(ENDPOINTS) >= 40
    names = {name for name, _ in ENDPOINTS}
    assert {"evaluations:evaluation-list", "api:action-list", "governments:activity"} <= names
    reached = {filterset for _, filterset in ENDPOINTS}
    missing = {
        cls
        for cls in _project_filtersets()
        if not any(issubclass(r, cls) for r in reached) and not cls.__module__.endswith("tests")
    }
    assert not missing, f"FilterSets no list of the walk serves: {sorted(map(str, missing))}"
    assert AuditEventFilterSet in reached


def test_every_filterset_of_the_project_has_the_hardened_base():
    """``LazosFilterSet`` bounds numbers and years, caps texts and removes NUL characters."""
    plain = sorted(
        f"{cls.__module__}.{cls.__name__}"
        for cls in _project_filtersets()
        if not issubclass(cls, LazosFilterSet)
    )
    assert not plain, f"FilterSets not built on LazosFilterSet: {plain}"


def _request(client: Any, url: str, params: dict[str, str]) -> tuple[int | None, str]:
    try:
        response = client.get(f"{url}?{urlencode(params)}")
    except Exception as error:  # a server error raised through the test client
        return None, f"{type(error).__name__}: {str(error)[:200]}"
    return response.status_code, ""


def _filterset_of(response: Any, filterset_class: type[Any]) -> Any:
    """The FilterSet instance the page was rendered with (kwargs exactly as the view set)."""
    for context in response.context or ():
        for value in context.flatten().values():
            if isinstance(value, filterset_class):
                return value
    raise AssertionError(f"the page has no {filterset_class.__name__} in its context")


def _api_filterset(url: str, world: Any) -> Any:
    """The FilterSet as the API list builds it: its own filter backend, with the arguments
    that backend gives (the government, or what a shared list's view adds), for an
    administrator of the world's government."""
    view_function: Any = resolve(url).func  # a viewset's as_view(): cls, initkwargs, actions
    view = view_function.cls(**view_function.initkwargs)
    view.action_map, view.action = view_function.actions, "list"
    view.args, view.kwargs, view.format_kwarg, view.headers = (), {}, None, {}
    django_request = RequestFactory().get(url)
    force_authenticate(django_request, user=world.users["administrator"])
    request = view.initialize_request(django_request)
    view.request = request
    view.initial(request)
    queryset = view.get_queryset()
    for backend in view.filter_backends:
        filterset = backend().get_filterset(request, queryset, view)
        if filterset is not None:
            return filterset
    raise AssertionError(f"{url} has no FilterSet")


def _probe(template: Any, name: str, value: str) -> tuple[bool | None, str]:
    """Is ``value`` accepted by filter ``name``, and does its query run? (``None``: it broke.)

    The probe is the page's own FilterSet with other data: same government, same choices and
    querysets. It validates like the page and evaluates the filtered query on the database.
    """
    probe = copy.copy(template)
    probe.data = QueryDict(mutable=True)
    probe.data[name] = value
    probe.is_bound = True
    for cached in ("_form", "_qs"):
        probe.__dict__.pop(cached, None)
    try:
        if not probe.is_valid():
            return False, ""
        list(probe.qs[:1])
    except Exception as error:
        return None, f"{type(error).__name__}: {str(error)[:200]}"
    return True, ""


@pytest.mark.parametrize(("url_name", "filterset_class"), ENDPOINTS, ids=[n for n, _ in ENDPOINTS])
def test_every_filter_answers_200_or_400_to_hostile_values(world, url_name, filterset_class):
    """Every hostile value of every filter is validated and, when accepted, queried on the
    database through the page's own FilterSet; then the page itself is asked, for each
    filter, with its first accepted and its first refused value (and with every value whose
    probe broke), and must answer 200 or 400."""
    client = world.client_for("administrator")
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 200, f"{url} does not answer 200 without filters"
    if url_name.startswith("api:"):
        template = _api_filterset(url, world)
        assert isinstance(template, filterset_class)
    else:
        template = _filterset_of(response, filterset_class)
    failures = []
    for filter_name in template.filters:
        to_request: dict[bool | None, list[str]] = {True: [], False: [], None: []}
        for value in HOSTILE_VALUES:
            outcome, error = _probe(template, filter_name, value)
            if outcome is None:
                failures.append(f"?{filter_name}={value[:30]!r} (query): {error}")
            to_request[outcome].append(value)
        for value in {*to_request[True][:1], *to_request[False][:1], *to_request[None]}:
            status, error = _request(client, url, {filter_name: value})
            if status not in {200, 400}:
                failures.append(f"?{filter_name}={value[:30]!r}: {status or error}")
    assert not failures, f"{url}:\n" + "\n".join(failures)


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "\x00"])
def test_pagination_never_answers_a_server_error(world, value):
    """``?page=`` that is no page is a 404 (or the last page); ``?page_size=`` is bounded."""
    client = world.client_for("administrator")
    failures = []
    for url_name, _ in ENDPOINTS:
        url = reverse(url_name)
        for name in ("page", "page_size") if url_name.startswith("api:") else ("page",):
            status, error = _request(client, url, {name: value})
            if status not in {200, 400, 404}:
                failures.append(f"{url}?{name}={value!r}: {status or error}")
    assert not failures, "\n".join(failures)

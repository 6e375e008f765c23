"""Walk every URL that takes an object id: another government's object is always a 404."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.module_loading import autodiscover_modules

from lazos.core.testing.builders import OBJECT_BUILDERS

pytestmark = pytest.mark.django_db


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def object_url_patterns() -> list[tuple[str, Any]]:
    found = []
    for name, pattern in _walk(get_resolver().url_patterns):
        if "pk" in pattern.pattern.converters:
            view_class = getattr(pattern.callback, "view_class", None)
            found.append((name, view_class))
    return found


def test_every_object_url_is_known_to_the_walk():
    patterns = object_url_patterns()
    assert len(patterns) >= 8  # departments and members: detail, edit, delete, history
    autodiscover_modules("tests.factories")
    for name, view_class in patterns:
        assert view_class is not None, f"{name} is not a class-based view"
        model = getattr(view_class, "model", None)
        assert model in OBJECT_BUILDERS, f"{name}: no builder registered for {model}"


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_governments_object_answers_like_a_missing_one(world, method):
    """For every role the answer is the same as for an id that does not exist (never a leak),
    and for the administrator, who may do everything, that answer is 404."""
    autodiscover_modules("tests.factories")
    checked = []
    for name, view_class in object_url_patterns():
        foreign = OBJECT_BUILDERS[view_class.model](world.other_government)
        foreign_url = reverse(name, kwargs={"pk": foreign.pk})
        missing_url = reverse(name, kwargs={"pk": 987654321})
        for role in ("administrator", "coordinator", "editor", "viewer"):
            client = world.client_for(role)
            foreign_response = getattr(client, method)(foreign_url)
            missing_response = getattr(client, method)(missing_url)
            assert foreign_response.status_code == missing_response.status_code, (
                f"{role} {method.upper()} {foreign_url}: {foreign_response.status_code}, "
                f"but {missing_response.status_code} for a missing id"
            )
            assert foreign_response.status_code in {403, 404, 405}
            assert str(foreign).encode() not in foreign_response.content
        if method == "get" or name.endswith(("-edit", "-delete", "-remove")):
            response = getattr(world.client_for("administrator"), method)(foreign_url)
            assert response.status_code == 404, f"administrator {method.upper()} {foreign_url}"
        checked.append(name)
    assert checked


def test_the_outsider_sees_none_of_our_objects(world):
    from lazos.core.testing.builders import DepartmentFactory

    ours = DepartmentFactory.create(government=world.government, name="Our secret department")
    client = world.client_for("outsider")
    assert (
        client.get(reverse("governments:department-detail", kwargs={"pk": ours.pk})).status_code
        == 404
    )
    listing = client.get(reverse("governments:department-list"))
    assert listing.status_code == 200
    assert b"Our secret department" not in listing.content

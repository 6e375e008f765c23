"""Walk every URL that takes an object id: another government's object is always a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules

from lazos.core.testing.builders import OBJECT_BUILDERS
from lazos.core.testing.urls import object_url_patterns, url_namespaces

pytestmark = pytest.mark.django_db

__all__ = ["object_url_patterns"]  # other generic tests import the walk from here too


def test_every_object_url_is_known_to_the_walk():
    patterns = object_url_patterns()
    assert len(patterns) >= 8  # departments and members: detail, edit, delete, history
    autodiscover_modules("tests.factories")
    for name, view_class in patterns:
        assert view_class is not None, f"{name} is not a class-based view"
        model = getattr(view_class, "model", None)
        assert model in OBJECT_BUILDERS, f"{name}: no builder registered for {model}"
        assert ":" in name, f"{name} has no app namespace: the walk below would not reach it"


@pytest.mark.parametrize("namespace", url_namespaces(object_url_patterns()))
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_governments_object_answers_like_a_missing_one(world, method, namespace):
    """For every role the answer is the same as for an id that does not exist (never a leak),
    and for the administrator, who may do everything, that answer is 404.

    One test per app namespace, so a failure names the app and the walk runs in parallel."""
    autodiscover_modules("tests.factories")
    checked = []
    for name, view_class in object_url_patterns():
        if not name.startswith(f"{namespace}:"):
            continue
        foreign = OBJECT_BUILDERS[view_class.model](world.other_government)
        foreign_url = reverse(name, kwargs={"pk": foreign.pk})
        missing_url = reverse(name, kwargs={"pk": 987654321})
        answers = {}
        for role in ("administrator", "coordinator", "editor", "viewer"):
            client = world.client_for(role)
            foreign_response = answers[role] = getattr(client, method)(foreign_url)
            missing_response = getattr(client, method)(missing_url)
            assert foreign_response.status_code == missing_response.status_code, (
                f"{role} {method.upper()} {foreign_url}: {foreign_response.status_code}, "
                f"but {missing_response.status_code} for a missing id"
            )
            assert foreign_response.status_code in {403, 404, 405}
            # The object's name may not appear, unless the page shows it anyway (a factory's
            # short name such as "Ana" can also be the signed-in person's name in the header).
            name_shown = str(foreign).encode()
            if name_shown in foreign_response.content:
                assert name_shown in missing_response.content, (
                    f"{role} {method.upper()} {foreign_url} shows {str(foreign)!r}"
                )
        if method == "get" or name.endswith(("-edit", "-delete", "-remove")):
            response = answers["administrator"]
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

"""Tenant isolation of the partners, local actors and networks pages: another government's
object answers like a missing one (the generic walk, limited to these apps)."""

import pytest
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules

from lazos.core.testing.builders import OBJECT_BUILDERS
from lazos.core.tests.test_tenant_isolation import object_url_patterns

pytestmark = pytest.mark.django_db

NAMESPACES = ("partners:", "actors:", "networks:")


def our_patterns():
    return [(n, v) for n, v in object_url_patterns() if n.startswith(NAMESPACES)]


def test_every_object_url_has_a_builder():
    autodiscover_modules("tests.factories")
    patterns = our_patterns()
    assert len(patterns) == 31  # partners, actors, networks (with their positions)
    for name, view_class in patterns:
        assert view_class.model in OBJECT_BUILDERS, name


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_governments_object_is_a_404(world, method):
    autodiscover_modules("tests.factories")
    for name, view_class in our_patterns():
        foreign = OBJECT_BUILDERS[view_class.model](world.other_government)
        foreign_url = reverse(name, kwargs={"pk": foreign.pk})
        missing_url = reverse(name, kwargs={"pk": 987654321})
        for role in ("administrator", "coordinator", "editor", "viewer"):
            client = world.client_for(role)
            foreign_response = getattr(client, method)(foreign_url)
            missing_response = getattr(client, method)(missing_url)
            assert foreign_response.status_code == missing_response.status_code, (role, name)
            assert foreign_response.status_code in {403, 404, 405}
            assert str(foreign).encode() not in foreign_response.content
        if method == "get" or name.endswith(("-edit", "-delete")):
            response = getattr(world.client_for("administrator"), method)(foreign_url)
            assert response.status_code == 404, name

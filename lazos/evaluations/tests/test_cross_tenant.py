"""Every evaluations URL with an id answers another government's object like a missing one (the
generic walk in core covers every app; this runs it on ours alone)."""

import pytest
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules

from lazos.core.testing.builders import OBJECT_BUILDERS
from lazos.core.tests.test_tenant_isolation import object_url_patterns

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_governments_object_is_a_404(world, method):
    autodiscover_modules("tests.factories")
    patterns = [(n, v) for n, v in object_url_patterns() if n.startswith("evaluations:")]
    assert len(patterns) >= 4
    for name, view_class in patterns:
        assert view_class.model in OBJECT_BUILDERS, name
        foreign = OBJECT_BUILDERS[view_class.model](world.other_government)
        url = reverse(name, kwargs={"pk": foreign.pk})
        for role in ("administrator", "coordinator", "editor", "viewer"):
            response = getattr(world.client_for(role), method)(url)
            missing = getattr(world.client_for(role), method)(
                reverse(name, kwargs={"pk": 987654321})
            )
            assert response.status_code == missing.status_code, f"{role} {method} {url}"
            assert response.status_code in {403, 404, 405}
        response = getattr(world.client_for("administrator"), method)(url)
        # Pages that only show (detail, history) answer a POST with 405, like for a missing id.
        assert response.status_code in ({404} if method == "get" else {404, 405}), url

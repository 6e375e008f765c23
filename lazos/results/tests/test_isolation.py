"""The generic cross-tenant check, on the results pages alone (the suite-wide walk covers every
app; this one fails only for ours)."""

import pytest
from django.urls import reverse

from lazos.core.testing.builders import OBJECT_BUILDERS
from lazos.core.tests.test_tenant_isolation import object_url_patterns
from lazos.results.tests import factories  # noqa: F401 - registers the builders

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_governments_results_object_is_a_404(world, method):
    patterns = [(n, v) for n, v in object_url_patterns() if n.startswith("results:")]
    assert len(patterns) >= 15
    for name, view_class in patterns:
        foreign = OBJECT_BUILDERS[view_class.model](world.other_government)
        foreign_url = reverse(name, kwargs={"pk": foreign.pk})
        missing_url = reverse(name, kwargs={"pk": 987654321})
        for role in ("administrator", "coordinator", "editor", "viewer"):
            client = world.client_for(role)
            foreign_response = getattr(client, method)(foreign_url)
            missing_response = getattr(client, method)(missing_url)
            assert foreign_response.status_code == missing_response.status_code, (
                f"{role} {method.upper()} {foreign_url}"
            )
            assert foreign_response.status_code in {403, 404, 405}
        response = getattr(world.client_for("administrator"), method)(foreign_url)
        assert response.status_code in ({404} if method == "get" else {404, 405}), foreign_url

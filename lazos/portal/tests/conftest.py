import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.fixture
def portal_world(db):
    from lazos.portal.tests.world import build_portal_world

    return build_portal_world()

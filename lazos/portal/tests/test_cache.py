"""Public pages are cached per government, language and path, and change with the content."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lazos.actions import services as action_services
from lazos.core.testing import build_world
from lazos.governments.choices import Role


def _get(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response, len(queries.captured_queries)


@pytest.mark.parametrize(
    "path",
    ["", "actions/", "actions/{action}/", "agreements/", "missions/", "networks/",
     "consultations/", "events.ics", "feed.atom"],
)  # fmt: skip
def test_a_second_visit_is_served_from_the_cache_without_queries(client, portal_world, path):
    url = f"/{portal_world.government.slug}/" + path.format(action=portal_world.public_action.pk)
    _first, first_queries = _get(client, url)
    assert first_queries > 0
    second, second_queries = _get(client, url)
    assert second_queries == 0
    assert second.content == _first.content


def test_instance_home_sitemap_and_robots_are_cached(client, portal_world):
    for url in ("/", "/?q=rosario", "/sitemap.xml", "/robots.txt"):
        _get(client, url)
        assert _get(client, url)[1] == 0, url


def test_each_language_has_its_own_cached_page(client, portal_world):
    url = f"/{portal_world.government.slug}/actions/{portal_world.public_action.pk}/"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    portuguese = client.get(url, HTTP_ACCEPT_LANGUAGE="pt").content.decode()
    assert "Urban mobility exchange" in english
    assert "Intercâmbio de mobilidade urbana" in portuguese
    assert '<html lang="pt">' in portuguese


def test_an_audited_change_shows_at_once(client, portal_world):
    world = build_world("cache")
    coordinator = world.users["coordinator"]
    from lazos.governments.models import Membership

    Membership.objects.create(
        government=portal_world.government, user=coordinator, role=Role.COORDINATOR
    )
    action = portal_world.public_action
    url = f"/{portal_world.government.slug}/actions/{action.pk}/"
    list_url = f"/{portal_world.government.slug}/actions/"
    assert "Técnicos trocaram" in client.get(url, HTTP_ACCEPT_LANGUAGE="pt").content.decode()
    client.get(list_url, HTTP_ACCEPT_LANGUAGE="pt")
    action_services.update_action(
        action, acting_user=coordinator, public_summary="Resumo novo e público."
    )
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="pt").content.decode()
    assert "Resumo novo e público." in page
    assert (
        "Resumo novo e público." in client.get(list_url, HTTP_ACCEPT_LANGUAGE="pt").content.decode()
    )


def test_another_governments_change_keeps_this_cache(client, portal_world):
    from lazos.core import audit
    from lazos.portal.tests.world import build_portal_world

    other = build_portal_world("elsewhere")
    url = f"/{portal_world.government.slug}/agreements/"
    _get(client, url)
    with audit.recording(other.public_action, actor=None):
        other.public_action.title = "Changed elsewhere"
        other.public_action.save()
    assert _get(client, url)[1] == 0


def test_signed_in_visitors_are_not_served_cached_pages(client, portal_world):
    world = build_world("signed")
    url = f"/{portal_world.government.slug}/"
    client.get(url)
    client.force_login(world.users["viewer"])
    page = client.get(url).content.decode()
    assert "Back to the office" in page


def test_a_disabled_portal_is_not_served_from_the_cache(client, portal_world):
    from lazos.core import audit

    url = f"/{portal_world.government.slug}/"
    assert client.get(url).status_code == 200
    government = portal_world.government
    with audit.recording(government, actor=None):
        government.portal_enabled = False
        government.save()
    assert client.get(url).status_code == 404

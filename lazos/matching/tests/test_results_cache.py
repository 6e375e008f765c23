"""The peer pages' results, cached: the same page from the cache in a few queries (as few with
many governments as with two), never older than the last audited change of any government,
nor than any change to the seeker's own register."""

from __future__ import annotations

import re
from io import StringIO
from urllib.parse import urlencode

import pytest
from django import forms as django_forms
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from lazos.actions.choices import Modality
from lazos.actions.services import create_action
from lazos.matching.forms import ChallengeForm, RememberedRender
from lazos.matching.models import PeerProfile
from lazos.matching.profiles import build_profiles, instance_stamp
from lazos.matching.tests.factories import Scenario, build_scenario, make_action, make_partner
from lazos.matching.tests.test_engine import add_governments

pytestmark = pytest.mark.django_db

CACHED_BUDGET = 12  # the page around the results, the stamp, the cache read (a miss: ≤ 24)


@pytest.fixture
def scenario(world) -> Scenario:
    scenario = build_scenario(world)
    call_command("rebuild_peer_profiles", stdout=StringIO())  # every profile fresh
    return scenario


def results(html: str) -> str:
    start = html.index('id="results"')
    return html[start : html.index("</div>", html.index('id="partners-title"'))]


def get(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def urls(scenario: Scenario) -> list[str]:
    return [
        reverse("matching:suggestions"),
        reverse("matching:action", kwargs={"pk": scenario.action.pk}),
        reverse("matching:challenge") + "?" + urlencode({"q": "gestión de residuos y reciclaje"}),
    ]


@pytest.mark.parametrize("which", [0, 1, 2])
def test_the_second_request_is_the_same_page_from_the_cache(world, scenario, which):
    client = world.client_for("viewer")
    url = urls(scenario)[which]
    first, computed = get(client, url)
    second, cached = get(client, url)
    assert results(second) == results(first)
    assert scenario.b.name in results(second)
    assert cached < computed
    assert cached <= CACHED_BUDGET


@pytest.mark.parametrize("which", [0, 1, 2])
def test_a_cached_page_makes_as_many_queries_with_many_governments(world, scenario, which):
    client = world.client_for("viewer")
    url = urls(scenario)[which]
    counts = []
    for start, count in ((0, 2), (20, 10)):
        add_governments(count, start)
        call_command("rebuild_peer_profiles", stdout=StringIO())
        get(client, url)  # computed, and cached
        html, queries = get(client, url)
        assert "Bulk city" in results(html)
        counts.append(queries)
    assert counts[0] == counts[1] <= CACHED_BUDGET


def test_an_audited_change_of_another_government_shows_at_once(world, scenario):
    """The refresh job has not run: the stamp sees the change and the page builds the
    profile, instead of serving what was cached before."""
    client = world.client_for("viewer")
    url = reverse("matching:challenge") + "?" + urlencode({"q": "bibliotecas itinerantes"})
    before, _queries = get(client, url)
    assert scenario.c.name not in results(before)
    create_action(
        scenario.c,
        acting_user=None,
        modality=Modality.CULTURE,
        title="Bibliotecas itinerantes",
        public_summary="Bibliotecas itinerantes recorren los barrios.",
        is_public=True,
        themes=["culture"],
    )
    after, _queries = get(client, url)
    assert scenario.c.name in results(after)
    assert not PeerProfile.objects.get(government=scenario.c).is_stale


def test_a_change_to_the_own_register_without_audit_is_seen(world, scenario):
    """A write that bypassed the services (a bulk load) changes the seeker's stamp too."""
    client = world.client_for("viewer")
    url = reverse("matching:suggestions")
    get(client, url)
    before, _queries = get(client, url)
    assert "Lazos de Prueba" not in before
    make_partner(scenario.a, "Lazos de Prueba", scenario.city_of_b_partner)
    after, _queries = get(client, url)
    assert "Lazos de Prueba" in results(after)  # B's city is now a partner's place


def test_the_stamp_is_none_while_a_profile_is_stale_or_missing(scenario):
    stamp = instance_stamp(scenario.a.pk)
    assert stamp is not None
    assert instance_stamp(scenario.a.pk) == stamp
    make_action(scenario.a, "Privada nueva", public=False, themes=("waste",))
    changed = instance_stamp(scenario.a.pk)
    assert changed is not None
    assert changed != stamp
    PeerProfile.objects.filter(government=scenario.c).update(changes=5)
    assert instance_stamp(scenario.a.pk) is None  # stale
    build_profiles([scenario.c.pk])
    rebuilt = instance_stamp(scenario.a.pk)
    assert rebuilt is not None
    assert rebuilt != changed
    PeerProfile.objects.filter(government=scenario.d).delete()
    assert instance_stamp(scenario.a.pk) is None  # missing


def test_each_filter_and_language_has_its_own_results(world, scenario):
    client = world.client_for("viewer")
    base = reverse("matching:suggestions")
    everyone, _queries = get(client, base)
    cities, _queries = get(client, base + "?kind=city")
    b = f'id="government-{scenario.b.pk}-name"'
    assert b in results(everyone)
    assert b not in results(cities)
    again, _queries = get(client, base)
    assert results(again) == results(everyone)
    client.cookies["django_language"] = "es"
    in_spanish, _queries = get(client, base)
    assert "Sugerencias" in in_spanish
    assert results(in_spanish) != results(everyone)


def test_a_remembered_widget_renders_as_the_template_does():
    """The choice widgets keep their HTML per process: the same as rendered by the templates,
    with the choices checked, for each value and language."""
    for language in ("en", "es"):
        with translation.override(language):
            for data in ({"q": "agua", "themes": ["waste"], "goals": ["6"]}, {"q": "agua"}):
                form = ChallengeForm(data)
                assert form.is_valid()
                for name in ("themes", "goals", "region", "band"):
                    kept = str(form[name])
                    assert str(form[name]) == kept  # from what the process kept
                    plain = (
                        django_forms.CheckboxSelectMultiple
                        if name in ("themes", "goals")
                        else django_forms.Select
                    )
                    remembered = form.fields[name].widget
                    assert isinstance(remembered, RememberedRender)
                    widget = plain()
                    widget.choices = remembered.choices
                    expected = widget.render(
                        name, form[name].value(), {"id": f"id_{name}"}, form.renderer
                    )
                    assert kept == expected
            checked = str(ChallengeForm({"themes": ["waste"]})["themes"])
            assert re.search(r'value="waste" id="id_themes_\d+" checked', checked)

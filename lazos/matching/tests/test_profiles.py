"""Peer profiles: built from public work only, refreshed after audited changes, rebuilt by a
command, and read by the peer pages in a number of queries that does not grow with the
instance."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from lazos.actions.choices import Modality
from lazos.actions.services import create_action, update_action
from lazos.matching.engine import seeker_for_challenge, suggest
from lazos.matching.models import PROFILE_FORMAT, PeerProfile
from lazos.matching.profiles import build_profiles, fresh_profiles
from lazos.matching.tests.factories import SENTINEL, Scenario, build_scenario
from lazos.matching.tests.test_engine import find, reason_keys

pytestmark = pytest.mark.django_db

SECRET = "zanfonistas"  # a word found only in the action made private


@pytest.fixture
def scenario(world) -> Scenario:
    return build_scenario(world)


def profile_of(government) -> PeerProfile:
    return PeerProfile.objects.get(government=government)


def everything_in(profile: PeerProfile) -> str:
    return json.dumps([profile.facts, profile.words, profile.texts], ensure_ascii=False)


def test_a_profile_holds_public_work_only(scenario):
    build_profiles([scenario.b.pk, scenario.d.pk])
    b = profile_of(scenario.b)
    assert b.facts["action_themes"] == {"waste": 2, "education": 1}
    assert b.facts["practice_themes"] == {"waste": 1}
    assert b.facts["places"] == {str(scenario.city_of_b_partner.pk): 1}
    assert b.words["pt"][1]["catador"] == 2  # "catadores", stemmed, in two texts
    assert not b.is_stale
    d = profile_of(scenario.d)  # its waste action is private: only its football is known
    assert d.facts["action_themes"] == {"sport": 1}
    assert str(scenario.city_of_d_partner.pk) not in d.facts["places"]
    assert SENTINEL.lower() not in everything_in(d).lower()
    assert "residu" not in everything_in(d)


def test_an_audited_write_to_a_public_action_refreshes_the_profile(
    scenario, django_capture_on_commit_callbacks
):
    build_profiles([scenario.c.pk])
    before = profile_of(scenario.c)
    assert "bibliotec" not in before.words["es"][1]
    with django_capture_on_commit_callbacks() as callbacks:
        action = create_action(
            scenario.c,
            acting_user=None,
            modality=Modality.CULTURE,
            title="Bibliotecas itinerantes",
            public_summary="Bibliotecas itinerantes recorren los barrios.",
            is_public=True,
            themes=["culture"],
        )
    stale = profile_of(scenario.c)
    assert stale.is_stale  # marked in the change's transaction…
    assert callbacks  # …and its refresh queued once the change commits
    for callback in callbacks:
        callback()  # the job (run inline by the test suite's queue)
    fresh = profile_of(scenario.c)
    assert not fresh.is_stale
    assert fresh.facts["action_themes"] == {"culture": 2}
    assert "bibliotec" in fresh.words["es"][1]
    assert action.pk in [text[1] for text in fresh.texts]


def test_a_stale_profile_is_refreshed_by_the_next_read(scenario):
    """No worker ran the job: the next peer page builds the stale profile (that one only)."""
    build_profiles([scenario.b.pk, scenario.c.pk, scenario.d.pk, scenario.e.pk])
    built_at = {p.government_id: p.built_at for p in PeerProfile.objects.all()}
    action = create_action(
        scenario.c,
        acting_user=None,
        modality=Modality.CULTURE,
        title="Bibliotecas itinerantes",
        public_summary="Bibliotecas itinerantes recorren los barrios.",
        is_public=True,
        themes=["culture"],
    )
    assert profile_of(scenario.c).is_stale
    result = suggest(seeker_for_challenge(scenario.a, "bibliotecas itinerantes"))
    c = find(result, scenario.c.name)
    assert c is not None
    assert "text" in reason_keys(c)
    assert not profile_of(scenario.c).is_stale
    for government in (scenario.b, scenario.d, scenario.e):  # not built again
        assert profile_of(government).built_at == built_at[government.pk]
    assert action.pk in [text[1] for text in profile_of(scenario.c).texts]


def test_making_an_action_private_takes_it_out_of_the_profile(
    scenario, django_capture_on_commit_callbacks
):
    """Private data never enters what other governments read: once an action is made
    private, its words, themes and places leave its government's profile."""
    with django_capture_on_commit_callbacks(execute=True):
        action = create_action(
            scenario.c,
            acting_user=None,
            modality=Modality.CULTURE,
            title=f"Encuentro de {SECRET}",
            public_summary=f"Los {SECRET} de la región tocan en las plazas.",
            is_public=True,
            themes=["tourism"],
            sdg_targets=["8.9"],
        )
    profile = profile_of(scenario.c)
    assert "tourism" in profile.facts["action_themes"]
    assert "zanfon" in everything_in(profile)
    found = find(suggest(seeker_for_challenge(scenario.a, SECRET)), scenario.c.name)
    assert found is not None

    with django_capture_on_commit_callbacks(execute=True):
        update_action(action, acting_user=None, is_public=False)
    profile = profile_of(scenario.c)
    assert not profile.is_stale
    assert "tourism" not in profile.facts["action_themes"]
    assert "8.9" not in profile.facts["action_targets"]
    assert "zanfon" not in everything_in(profile)
    assert SECRET not in everything_in(profile)
    assert find(suggest(seeker_for_challenge(scenario.a, SECRET)), scenario.c.name) is None


def test_a_private_action_made_private_before_any_worker_ran_is_not_read(scenario):
    """Even with the refresh job not run, a read never uses the stale profile's words."""
    build_profiles([scenario.c.pk])
    action = create_action(
        scenario.c,
        acting_user=None,
        modality=Modality.CULTURE,
        title=f"Encuentro de {SECRET}",
        public_summary=f"Los {SECRET} tocan en las plazas.",
        is_public=True,
        themes=["tourism"],
    )
    assert find(suggest(seeker_for_challenge(scenario.a, SECRET)), scenario.c.name) is not None
    update_action(action, acting_user=None, is_public=False)  # its job never runs here
    assert find(suggest(seeker_for_challenge(scenario.a, SECRET)), scenario.c.name) is None
    assert SECRET not in everything_in(profile_of(scenario.c))


def test_the_rebuild_command_builds_every_profile(scenario):
    build_profiles([scenario.c.pk])
    PeerProfile.objects.filter(government=scenario.c).update(version=PROFILE_FORMAT - 1)
    assert profile_of(scenario.c).is_stale
    out = StringIO()
    call_command("rebuild_peer_profiles", "--chunk", "2", stdout=out)
    governments = [scenario.a, scenario.b, scenario.c, scenario.d, scenario.e]
    assert f"{len(governments)} peer profiles built" in out.getvalue()
    assert PeerProfile.objects.count() == len(governments)
    assert not any(profile.is_stale for profile in PeerProfile.objects.all())
    assert profile_of(scenario.b).facts["action_themes"] == {"waste": 2, "education": 1}
    # Built again without change, a profile is the same.
    facts, words = profile_of(scenario.b).facts, profile_of(scenario.b).words
    call_command("rebuild_peer_profiles", stdout=StringIO())
    assert (profile_of(scenario.b).facts, profile_of(scenario.b).words) == (facts, words)


def test_fresh_profiles_reads_fresh_profiles_in_one_query(scenario, django_assert_num_queries):
    ids = [scenario.b.pk, scenario.c.pk, scenario.d.pk, scenario.e.pk]
    build_profiles(ids)
    with django_assert_num_queries(1):
        profiles = fresh_profiles(ids)
    assert sorted(profiles) == sorted(ids)

"""SDG loading, ordering, names in the active language and the SDG page."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from lazos.reference.loaders import SdgSyncCounts, SyncCounts, sync_sdgs, target_position
from lazos.reference.models import SdgGoal, SdgTarget

pytestmark = pytest.mark.django_db


def test_sync_is_idempotent_after_the_migration():
    assert sync_sdgs(SdgGoal, SdgTarget) == SdgSyncCounts(SyncCounts(0, 0), SyncCounts(0, 0))


def test_sync_restores_changed_and_missing_rows():
    SdgTarget.objects.filter(code="11.6").update(name_en="changed")
    SdgTarget.objects.filter(code="11.a").delete()

    counts = sync_sdgs(SdgGoal, SdgTarget)

    assert counts.targets == SyncCounts(created=1, updated=1)
    assert SdgTarget.objects.get(code="11.6").name_en != "changed"


def test_target_position_puts_numbers_before_letters():
    assert target_position("11.1") < target_position("11.7") < target_position("11.a")
    assert target_position("17.19") < target_position("17.a") < target_position("17.b")


def test_targets_are_ordered_by_goal_number_then_position():
    codes = list(SdgTarget.objects.values_list("code", flat=True))
    assert codes[:2] == ["1.1", "1.2"]
    assert codes.index("1.b") < codes.index("2.1") < codes.index("10.1")
    eleven = [c for c in codes if c.startswith("11.")]
    assert eleven == [*(f"11.{n}" for n in range(1, 8)), "11.a", "11.b", "11.c"]


def test_names_follow_the_active_language():
    goal = SdgGoal.objects.get(code="11")
    target = SdgTarget.objects.get(code="11.6")
    with translation.override("es"):
        assert goal.name == goal.name_es
        assert target.label == f"11.6 {target.name_es}"
    with translation.override("pt-br"):
        assert goal.name == goal.name_pt
    with translation.override("de"):
        assert goal.name == goal.name_en
    with translation.override("en"):
        assert str(goal) == f"11 {goal.name_en}"


def test_sdg_page_lists_goals_and_targets_within_query_budget(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("reference:sdg-list"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    content = response.content.decode()
    assert SdgGoal.objects.get(code="11").name_en in content
    assert SdgTarget.objects.get(code="11.6").name_en in content
    assert content.count('class="sdg-code"') == 169


def test_sdg_page_for_a_signed_in_user_in_spanish(client):
    user = get_user_model().objects.create_user(username="ana", password="not-used-here-42")
    client.force_login(user)

    response = client.get(reverse("reference:sdg-list"), HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 200
    content = response.content.decode()
    assert SdgTarget.objects.get(code="11.6").name_es in content
    assert '<html lang="es">' in content

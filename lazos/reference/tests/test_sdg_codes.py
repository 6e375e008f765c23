"""The SDG codes in Lazos are the official ones (checked against ../shared/data/sdg)."""

import re
from pathlib import Path

import pytest
import yaml

from lazos.reference.models import SdgGoal, SdgTarget
from lazos.reference.sdg_data import GOALS, TARGETS

SDG_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "sdg"
LANGUAGES = ("en", "es", "fr", "pt")

pytestmark = pytest.mark.shared_data


def _read(name: str) -> dict[str, str]:
    path = SDG_DIR / "en" / f"{name}.yml"
    if not path.is_file():
        pytest.skip(
            f"needs ../shared/data/sdg (reference files); {path} not found. "
            "Check out the shared data next to the repository to run this test."
        )
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def official_goal_codes() -> set[str]:
    codes = set()
    for key in _read("global_goals"):
        match = re.fullmatch(r"(\d+)-title", str(key))
        if match:
            codes.add(match[1])
    return codes


@pytest.fixture(scope="module")
def official_target_codes() -> set[str]:
    codes = set()
    for key in _read("global_targets"):
        match = re.fullmatch(r"(\d+)-(\w+)-title", str(key))
        if match:
            codes.add(f"{match[1]}.{match[2]}")
    return codes


def test_official_lists_have_17_goals_and_169_targets(official_goal_codes, official_target_codes):
    assert len(official_goal_codes) == 17
    assert len(official_target_codes) == 169


def test_sdg_data_codes_are_the_official_ones(official_goal_codes, official_target_codes):
    assert {goal.code for goal in GOALS} == official_goal_codes
    assert {target.code for target in TARGETS} == official_target_codes
    assert len(GOALS) == 17
    assert len(TARGETS) == 169


@pytest.mark.django_db
def test_migrated_database_holds_the_official_codes(official_goal_codes, official_target_codes):
    assert set(SdgGoal.objects.values_list("code", flat=True)) == official_goal_codes
    assert set(SdgTarget.objects.values_list("code", flat=True)) == official_target_codes
    for code, goal_id in SdgTarget.objects.values_list("code", "goal_id"):
        assert code.split(".")[0] == goal_id


def test_sdg_data_names_are_not_empty():
    for entry in (*GOALS, *TARGETS):
        for language in LANGUAGES:
            assert getattr(entry, language).strip(), f"{entry.code} has no {language} name"


@pytest.mark.django_db
def test_database_names_are_not_empty():
    for model in (SdgGoal, SdgTarget):
        for row in model.objects.values("code", *(f"name_{lang}" for lang in LANGUAGES)):
            for language in LANGUAGES:
                assert row[f"name_{language}"].strip(), f"{row['code']} has no {language} name"

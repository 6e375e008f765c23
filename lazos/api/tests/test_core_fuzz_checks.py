"""The fuzz run's own check: it finds another government's private texts in a response, and
the texts it looks for are the other government's private ones only."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from lazos.actions.tests.factories import ActionFactory
from lazos.api.tests import fuzz_checks
from lazos.api.tests.test_core_fuzz import distinctive_strings_of
from lazos.core.testing import TenantWorld
from lazos.core.testing.builders import DepartmentFactory


def test_the_check_fails_on_a_forbidden_text_plain_or_json_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forbidden = tmp_path / "forbidden.json"
    forbidden.write_text(json.dumps(["Their secret plan", "São Paulo “deal”"]))
    monkeypatch.setenv(fuzz_checks.FORBIDDEN_ENV, str(forbidden))
    fuzz_checks.forbidden_strings.cache_clear()
    try:
        check = fuzz_checks.no_other_governments_data

        def respond(body: str) -> SimpleNamespace:
            return SimpleNamespace(content=body.encode())

        assert check(None, respond('{"title": "Our plan"}'), None) is None
        assert check(None, respond(""), None) is None
        with pytest.raises(AssertionError, match="Their secret plan"):
            check(None, respond('{"title": "Their secret plan"}'), None)
        escaped = json.dumps({"title": "São Paulo “deal”"})  # \u escapes, as DRF may write
        with pytest.raises(AssertionError, match="São Paulo"):
            check(None, respond(escaped), None)
    finally:
        fuzz_checks.forbidden_strings.cache_clear()


@pytest.mark.django_db
def test_the_texts_looked_for_are_the_other_governments_private_ones(world: TenantWorld) -> None:
    DepartmentFactory.create(government=world.other_government, name="Their hidden bureau")
    DepartmentFactory.create(government=world.other_government, name="Shared name bureau")
    DepartmentFactory.create(government=world.government, name="Shared name bureau")
    ActionFactory.create(
        government=world.other_government,
        title="Their published twinning",
        is_public=True,
        public_summary="Public words",
    )
    ActionFactory.create(government=world.other_government, title="Their private twinning")

    texts = distinctive_strings_of(world.other_government, world.government)

    assert "Their hidden bureau" in texts
    assert "Their private twinning" in texts
    assert "Shared name bureau" not in texts  # ours has it too: not distinctive
    assert "Their published twinning" not in texts  # public by design (portal, open data)
    assert world.other_government.name not in texts  # the governments' list is public

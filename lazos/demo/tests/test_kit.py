"""The demo kit: registered steps, data files and their shape check."""

import sys
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from lazos.demo import kit
from lazos.demo.builders import discover_steps
from lazos.demo.kit import Choice, DataFile, DemoDataError, Each, Nullable

SHAPE = {
    "partners": [
        {
            "name": str,
            "kind": Choice(["city", "region"]),
            "since": date,
            "budget?": float,
            "languages": Each(str, keys=("es", "pt")),
            "note": Nullable(str),
            "span": (int, int),
        }
    ]
}


@pytest.fixture
def demo_app_in(tmp_path, monkeypatch):
    """The demo app's data files are read from ``tmp_path/demo_data`` for the test."""
    (tmp_path / "demo_data").mkdir()
    monkeypatch.setattr(apps.get_app_config("demo"), "path", str(tmp_path))
    return tmp_path / "demo_data"


def _file(folder: Path, name: str, text: str) -> DataFile:
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return DataFile("demo", name, SHAPE)


def test_a_well_formed_file_is_loaded(demo_app_in):
    data = _file(
        demo_app_in,
        "good",
        "partners:\n"
        "  - name: Rosario\n    kind: city\n    since: 2019-03-01\n    budget: 12\n"
        "    languages: {es: Rosario}\n    note: ~\n    span: [2019, 2023]\n",
    ).load()
    assert data["partners"][0]["since"] == date(2019, 3, 1)
    assert data["partners"][0]["note"] is None


def test_a_malformed_file_is_refused_with_its_path_and_the_place_of_each_fault(demo_app_in):
    data_file = _file(
        demo_app_in,
        "broken",
        "partners:\n"
        "  - name: Rosario\n    kind: city\n    since: 2019-03-01\n"
        "    languages: {es: Rosario}\n    note: ~\n    span: [2019, 2023]\n"
        "  - name: 12\n    kind: town\n    since: soon\n    languages: {fr: Lyon}\n"
        "    span: [2019]\n    colour: blue\n",
    )
    with pytest.raises(DemoDataError) as refused:
        data_file.load()
    message = str(refused.value)
    assert "lazos/demo/demo_data/broken.yaml" in message
    for fault in (
        "partners[1].name: expected a text, found 12",
        "partners[1].kind: 'town' is not one of city, region",
        "partners[1].since: expected a date (YYYY-MM-DD), found 'soon'",
        "partners[1].languages: unexpected key 'fr' (one of es, pt)",
        "partners[1]: missing key 'note'",
        "partners[1].span: expected a list of 2 items",
        "partners[1]: unexpected key 'colour'",
    ):
        assert fault in message
    assert "partners[0]" not in message


def test_a_file_that_is_not_yaml_or_is_missing_is_refused_with_its_path(demo_app_in):
    with pytest.raises(DemoDataError, match=r"lazos/demo/demo_data/bad\.yaml is not valid YAML"):
        _file(demo_app_in, "bad", "partners: [\n").load()
    with pytest.raises(DemoDataError, match=r"lazos/demo/demo_data/absent\.yaml cannot be read"):
        DataFile("demo", "absent", SHAPE).load()


def _declared_data_files() -> list[DataFile]:
    """The data files declared at the top level of the demo modules."""
    discover_steps()
    modules = [
        module
        for name, module in sorted(sys.modules.items())
        if name.startswith("lazos.") and (name.endswith(".demo") or name.startswith("lazos.demo."))
    ]
    return [
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, DataFile)
    ]


def test_every_data_file_is_declared_and_has_its_shape():
    declared = _declared_data_files()
    for data_file in declared:
        data_file.load()  # raises with the file and its faults
    on_disk = {
        path
        for config in apps.get_app_configs()
        for path in Path(config.path).glob(f"{kit.DATA_DIR}/*.yaml")
    }
    assert on_disk == {data_file.path for data_file in declared}  # no file left unread


def test_every_app_step_is_registered_once_in_order():
    discover_steps()
    names = [f"{step.__module__}.{step.__name__}" for step in kit.government_steps()]
    assert names[0] == "lazos.demo.register.load_register"
    assert names[-1] == "lazos.reports.demo.load_reports"  # last: it describes the whole demo
    assert len(names) == len(set(names))
    instance = [f"{step.__module__}.{step.__name__}" for step in kit.instance_steps()]
    assert instance[0] == "lazos.demo.peers.load_peer_government"  # the others need it
    assert len(instance) == len(set(instance))


def test_two_steps_cannot_ask_for_the_same_order():
    def one(government, report):
        pass

    def other(government, report):
        pass

    registry: dict = {}
    kit._register(registry, 5, one, "government")
    kit._register(registry, 5, one, "government")  # the same step again (a re-import): fine
    with pytest.raises(ImproperlyConfigured, match="order 5"):
        kit._register(registry, 5, other, "government")
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        kit._register(registry, 6, one, "government")


@pytest.mark.django_db
def test_reference_data_emptied_by_a_flush_is_loaded_again_as_the_migrations_left_it() -> None:
    """What a transactional test's flush empties (every row the migrations load) comes back
    before an ordinary test runs after it (the root conftest's teardown hook)."""
    from lazos.demo.testing import restore_reference_data

    models = apps.get_app_config("reference").get_models()
    reference = [model for model in models if model._default_manager.exists()]
    assert len(reference) >= 4, reference  # goals, targets, subdivisions, themes at least
    before = {
        model: sorted(model._default_manager.values_list("pk", flat=True)) for model in reference
    }
    for model in reversed(reference):
        model._default_manager.all().delete()
    restore_reference_data()
    assert {
        model: sorted(model._default_manager.values_list("pk", flat=True)) for model in reference
    } == before

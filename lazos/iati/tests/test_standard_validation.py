"""Validation by the official artefacts shipped in lazos/iati/standard: the schemas of 2.01,
2.02 and 2.03 and the codelists, on import and on export."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.utils import translation
from lxml import etree

from lazos.governments.models import Government
from lazos.iati import codelists, schema
from lazos.iati.reader import IatiFileError, read_file
from lazos.iati.tests.helpers import IATI, export_bytes, official_files, with_current_codes
from lazos.iati.validation import Problem, check_exported_document, describe_export_problems

STANDARD = Path(schema.__file__).resolve().parent / "standard"

ACTIVITY = """<iati-activity xml:lang="en" default-currency="EUR">
  <iati-identifier>XM-EX-1-1</iati-identifier>
  <reporting-org ref="XM-EX-1" type="40"><narrative>Example Org</narrative></reporting-org>
  <title><narrative>Clean rivers</narrative></title>
  <description><narrative>Work on rivers.</narrative></description>
  <participating-org ref="XM-EX-1" type="40" role="1"><narrative>Example Org</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2023-01-01"/>
  {middle}
</iati-activity>"""


def _file(tmp_path: Path, middle: str = "", version: str = "2.03", before: str = "") -> Path:
    path = tmp_path / "activities.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<iati-activities version="{version}">\n'
        + ACTIVITY.replace("{middle}", middle).replace(
            "  <activity-status", before + "  <activity-status", 1
        )
        + "\n</iati-activities>\n",
        encoding="utf-8",
    )
    return path


def _problems(path: Path) -> list[Problem]:
    with pytest.raises(IatiFileError) as error:
        read_file(str(path))
    return error.value.problems


def test_a_valid_file_is_read(tmp_path):
    data = read_file(str(_file(tmp_path, '<sector vocabulary="2" code="151"/>')))
    assert len(data.activities) == 1


# The shipped artefacts ------------------------------------------------------------------


@pytest.mark.shared_data
@pytest.mark.parametrize("version", schema.SUPPORTED_VERSIONS)
def test_the_shipped_schemas_are_the_official_ones(version):
    shipped = sorted(path.name for path in (STANDARD / version).iterdir())
    assert shipped == sorted(path.name for path in (IATI / version / "schemas").iterdir())
    for name in shipped:
        official = IATI / version / "schemas" / name
        assert (STANDARD / version / name).read_bytes() == official.read_bytes(), name


@pytest.mark.shared_data
def test_the_shipped_codelists_are_the_official_ones_and_cover_the_mapping():
    folder = STANDARD / "codelists"
    for path in folder.iterdir():
        assert path.read_bytes() == (IATI / "codelists" / path.name).read_bytes(), path.name
    by_name, _anywhere = codelists.activity_rules()
    mapping = etree.parse(str(folder / "mapping.xml"))
    for row in mapping.iter("mapping"):
        xpath = row.findtext("path") or ""
        if "iati-organisation" not in xpath:  # every codelist of an activity file is shipped
            assert (folder / f"{row.find('codelist').get('ref')}.xml").is_file(), xpath
    assert by_name["sector"][("sector",)]
    assert (STANDARD / "LICENSE-IATI-Schemas.txt").read_bytes() == (
        IATI / "LICENSE-IATI-Schemas.txt"
    ).read_bytes()
    assert "CC BY 4.0" in (STANDARD / "PROVENANCE.md").read_text(encoding="utf-8")


def test_the_product_reads_nothing_outside_the_package():
    assert schema.schema_path("2.03").is_relative_to(STANDARD)
    assert codelists.CODELISTS.is_relative_to(STANDARD)
    for version in schema.SUPPORTED_VERSIONS:
        assert schema.activity_schema(version) is schema.activity_schema(version)  # cached


# The official test files ----------------------------------------------------------------


@pytest.mark.shared_data
@pytest.mark.parametrize("path", official_files("should-pass"), ids=lambda p: p.name)
def test_every_should_pass_file_follows_the_schema(path):
    """They follow the 2.03 schema as they are; their placeholder codes ("xx") are the only
    thing the codelists refuse, and with real codes nothing is left."""
    document = etree.parse(str(path))
    validator = schema.activity_schema("2.03")
    assert validator.validate(document), validator.error_log
    coded = with_current_codes(path.read_bytes())
    assert check_exported_document(io.BytesIO(coded)) == []


@pytest.mark.shared_data
@pytest.mark.parametrize(
    "path", official_files("should-fail"), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_every_should_fail_file_is_refused_with_line_and_element(path):
    problems = check_exported_document(io.BytesIO(path.read_bytes()))
    assert problems, path
    for problem in problems:
        assert problem.line, problem
        assert problem.element, problem
        assert str(problem).startswith("Line "), problem


# Refusals on import -----------------------------------------------------------------------


def test_an_element_out_of_order_is_refused_with_line_and_path(tmp_path):
    path = _file(tmp_path, before='  <recipient-country code="MX"/>\n')
    problems = _problems(path)
    assert len(problems) == 1
    problem = problems[0]
    assert problem.element == "recipient-country"
    assert problem.line == 9
    assert problem.path == "/iati-activities/iati-activity/recipient-country"
    assert "order" in problem.message
    assert "<activity-status>" in problem.message  # what was expected there
    assert str(problem).startswith("Line 9, <recipient-country> at /iati-activities/")


def test_a_code_outside_its_codelist_is_refused_with_line_and_path(tmp_path):
    middle = (
        '<sector code="15110"/>\n'
        '  <sector vocabulary="1" code="99999"/>\n'
        '  <budget type="1" status="1"><period-start iso-date="2023-01-01"/>'
        '<period-end iso-date="2023-12-31"/><value currency="EURO" value-date="2023-01-01">1'
        "</value></budget>"
    )
    problems = _problems(_file(tmp_path, middle))
    assert [(p.line, p.element, p.path) for p in problems] == [
        (12, "sector", "/iati-activities/iati-activity/sector[2]"),
        (13, "value", "/iati-activities/iati-activity/budget/value"),
    ]
    assert "“99999”" in problems[0].message
    assert "Sector" in problems[0].message
    assert "“EURO”" in problems[1].message
    assert "Currency" in problems[1].message
    assert str(problems[1]).startswith("Line 13, <value> at /iati-activities/iati-activity/budget")


def test_codes_depend_on_the_vocabulary(tmp_path):
    fine = (
        '<sector vocabulary="2" code="151" percentage="50"/>'
        '<sector vocabulary="99" code="LOCAL" percentage="50"><narrative>x</narrative></sector>'
        '<sector vocabulary="7" code="11"/>'
    )
    read_file(str(_file(tmp_path, fine)))
    problems = _problems(_file(tmp_path, '<sector vocabulary="2" code="15110"/>'))
    assert ["SectorCategory" in p.message for p in problems] == [True]
    problems = _problems(_file(tmp_path, '<sector vocabulary="7" code="18"/>'))
    assert ["UNSDG-Goals" in p.message for p in problems] == [True]


def test_messages_are_in_the_active_language(tmp_path):
    path = _file(tmp_path, '<sector vocabulary="1"/>')
    with translation.override("es"):
        problems = _problems(path)
    assert [p.element for p in problems] == ["sector"]
    # A message the catalogues already translate; the new ones go through gettext the same
    # way (they are translated once the catalogues are compiled).
    assert "falta el atributo obligatorio @code" in problems[0].message
    assert str(problems[0]).startswith(("Línea 11, <sector>", "Line 11, <sector>"))


def test_an_unknown_version_is_refused_clearly(tmp_path):
    problems = _problems(_file(tmp_path, version="1.05"))
    assert [p.element for p in problems] == ["iati-activities"]
    assert "1.05" in problems[0].message
    assert "2.03" in problems[0].message
    path = tmp_path / "none.xml"
    path.write_text(
        "<iati-activities>" + ACTIVITY.replace("{middle}", "") + "</iati-activities>",
        encoding="utf-8",
    )
    assert "@version" in _problems(path)[0].message


def test_each_version_is_read_with_its_own_schema(tmp_path):
    """<tag> is new in 2.03: a 2.02 file may not hold it."""
    tag = '<tag vocabulary="1" code="1"><narrative>x</narrative></tag>'
    read_file(str(_file(tmp_path, tag, version="2.03")))
    problems = _problems(_file(tmp_path, tag, version="2.02"))
    assert [p.element for p in problems] == ["tag"]


def test_a_missing_required_element_is_named(tmp_path):
    path = _file(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace('  <activity-status code="2"/>\n', ""),
        encoding="utf-8",
    )
    problems = _problems(path)
    assert [(p.element, p.line) for p in problems] == [("iati-activity", 3)]
    assert "<activity-status>" in problems[0].message


# Exports ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_export_follows_the_schema_and_the_codelists():
    from lazos.core.testing.builders import GovernmentFactory
    from lazos.iati.tests.factories import cooperation_action

    government: Government = GovernmentFactory.create(iati_organisation_identifier="XM-DAC-7")
    cooperation_action(government, 1)
    content = export_bytes(government)
    assert etree.fromstring(content).find("iati-activity") is not None
    assert check_exported_document(io.BytesIO(content)) == []


def test_an_invalid_export_is_described_by_activity():
    document = etree.fromstring(
        (
            '<iati-activities version="2.03">'
            + ACTIVITY.replace("{middle}", '<sector code="1"/>')
            + "</iati-activities>"
        ).encode()
    )
    problems = check_exported_document(document)
    assert [(p.activity, p.element) for p in problems] == [("XM-EX-1-1", "sector")]
    message = describe_export_problems(problems)
    assert "activity XM-EX-1-1" in message
    assert "Sector" in message


@pytest.mark.django_db
def test_an_export_outside_the_standard_is_never_written(monkeypatch):
    from lazos.core.testing.builders import GovernmentFactory
    from lazos.iati import export
    from lazos.iati.tests.factories import cooperation_action

    government: Government = GovernmentFactory.create(iati_organisation_identifier="XM-DAC-7")
    action = cooperation_action(government, 1)
    original = export.ActivityWriter.build

    def with_a_bad_code(self, action):
        activity = original(self, action)
        activity.find("activity-status").set("code", "99")
        return activity

    monkeypatch.setattr(export.ActivityWriter, "build", with_a_bad_code)
    output = io.BytesIO()
    with pytest.raises(export.ExportError) as refused:
        export.write_file(government, output)
    assert output.getvalue() == b""
    message = str(refused.value)
    assert f"activity {export.activity_identifier(action, government)}" in message
    assert "ActivityStatus" in message
    assert "/iati-activities/iati-activity/activity-status" in message

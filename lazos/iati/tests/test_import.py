"""Importing IATI activity files: the annotated example, the official test files, dry runs,
updates by identifier, tolerance and all-or-nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from lazos.actions.models import Action, BudgetLine
from lazos.core.audit import Channel
from lazos.core.models import AuditEvent
from lazos.core.testing.builders import GovernmentFactory
from lazos.iati.models import IatiActivityExtra, IatiDocumentLink, Transaction
from lazos.iati.reader import IatiFileError, read_file
from lazos.iati.services import ImportRefused, import_file
from lazos.iati.tests.helpers import (
    EXAMPLE,
    XML_LANG,
    assert_codes_in_codelists,
    assert_valid,
    export_bytes,
    official_files,
    with_current_codes,
)
from lazos.partners.models import Partner
from lazos.results.choices import UpdateStatus
from lazos.results.models import Indicator, IndicatorUpdate

pytestmark = pytest.mark.django_db

NO_IDENTIFIER = "has no <iati-identifier>"


@pytest.fixture
def government():
    return GovernmentFactory.create(slug="villa-prueba", official_languages=["es"], currency="MXN")


def _write(tmp_path: Path, body: str, version: str = "2.03", name: str = "a.xml") -> Path:
    path = tmp_path / name
    path.write_text(
        f'<?xml version="1.0"?>\n<iati-activities version="{version}">{body}</iati-activities>\n',
        encoding="utf-8",
    )
    return path


ACTIVITY = """
<iati-activity xml:lang="en" default-currency="EUR">
  <iati-identifier>{identifier}</iati-identifier>
  <reporting-org ref="XM-EX-1" type="40"><narrative>Example Org</narrative></reporting-org>
  <title><narrative>{title}</narrative><narrative xml:lang="fr">Titre</narrative></title>
  <description><narrative>Description of the work.</narrative></description>
  <participating-org ref="FR-CITY-1" type="11" role="4"><narrative>Ville</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2023-01-01"/>
  <policy-marker vocabulary="1" code="2" significance="1"/>
  <budget type="1" status="1">
    <period-start iso-date="2023-01-01"/><period-end iso-date="2023-12-31"/>
    <value currency="EUR" value-date="2023-01-01">1000</value>
  </budget>
</iati-activity>
"""


@pytest.mark.shared_data
def test_the_annotated_example_round_trips(tmp_path, government):
    # The example's reporting organisation is the government: its activity is in its file.
    government.iati_organisation_identifier = "AA-AAA-123456789"
    government.save()
    example = tmp_path / EXAMPLE.name
    example.write_bytes(with_current_codes(EXAMPLE.read_bytes()))  # two retired codes
    plans = import_file(government, str(example), acting_user=None, publish=True)
    assert [plan.operation for plan in plans] == ["create"]
    action = Action.objects.get(government=government)
    assert action.iati_identifier == "AA-AAA-123456789-ABC123"
    assert action.title == "Activity title"
    assert action.language == "en"
    assert action.translations["es"]["title"] == "Título de la actividad"
    assert action.translations["fr"]["title"] == "Titre de l'activité"
    assert action.is_public
    indicator = Indicator.objects.get(action=action)
    assert indicator.title == "Indicator title"
    assert indicator.result_title == "Result title"
    assert indicator.baseline_value is not None
    update = IndicatorUpdate.objects.get(period__indicator=indicator)
    assert update.status == UpdateStatus.APPROVED
    assert update.reported_by is None
    assert BudgetLine.objects.filter(action=action, iati_budget__isnull=False).count() == 1
    assert Transaction.objects.filter(action=action).count() == 1
    assert IatiDocumentLink.objects.filter(action=action).count() == 1
    extra = IatiActivityExtra.objects.get(action=action)
    assert "policy-marker" in [item["name"] for item in extra.elements]
    assert Partner.objects.for_tenant(government).count() >= 2

    document = assert_valid(export_bytes(government))
    assert_codes_in_codelists_where_known(document)
    activity = document.find("iati-activity")
    assert activity.findtext("iati-identifier") == "AA-AAA-123456789-ABC123"
    # Written back as published: the first narrative has the activity's language (no xml:lang).
    languages = {n.get(XML_LANG) for n in activity.find("title")}
    assert languages == {None, "es", "fr"}
    assert activity.find("policy-marker") is not None  # kept as published, written back
    assert activity.find("result/indicator/period/actual") is not None


def assert_codes_in_codelists_where_known(document):
    """The example itself uses codes of vocabularies Lazos keeps as published (e.g. sector
    vocabulary 2 and 98): check the ones Lazos writes."""
    for element in document.iter("activity-status", "activity-date", "budget", "result"):
        assert_codes_in_codelists(element)


@pytest.mark.shared_data
@pytest.mark.parametrize("path", official_files("should-pass"), ids=lambda p: p.name)
def test_should_pass_files_import_or_lack_only_an_identifier(tmp_path, government, path):
    """Every official should-pass file follows the schema, but uses placeholder codes
    ("xx") the import refuses; with codes of the codelists, each one is read without a
    problem. They all leave <iati-identifier> empty, which the import states as its only
    reason to refuse; with an identifier filled in, each one imports."""
    coded = tmp_path / f"coded-{path.name}"
    coded.write_bytes(with_current_codes(path.read_bytes()))
    read_file(str(coded))
    with pytest.raises(ImportRefused) as refused:
        import_file(government, str(coded), acting_user=None)
    assert all(NO_IDENTIFIER in reason for reason in refused.value.reasons)
    assert not Action.objects.filter(government=government).exists()

    text = coded.read_bytes()
    filled = re.sub(
        rb"<iati-identifier>\s*</iati-identifier>",
        b"<iati-identifier>XX-TEST-1</iati-identifier>",
        text,
    )
    filled = re.sub(rb"<iati-identifier/>", b"<iati-identifier>XX-TEST-1</iati-identifier>", filled)
    copy = tmp_path / path.name
    copy.write_bytes(filled)
    plans = import_file(government, str(copy), acting_user=None)
    assert {plan.operation for plan in plans} == {"create"}
    assert Action.objects.filter(government=government, iati_identifier="XX-TEST-1").exists()


@pytest.mark.shared_data
@pytest.mark.parametrize(
    "path", official_files("should-fail"), ids=lambda p: str(p.parent.name + "/" + p.name)
)
def test_should_fail_files_are_refused_with_a_message_and_nothing_written(government, path):
    before = (Action.objects.count(), Partner.objects.count(), AuditEvent.objects.count())
    with pytest.raises(IatiFileError) as error:
        import_file(government, str(path), acting_user=None)
    assert error.value.problems
    first = str(error.value.problems[0])
    assert first.startswith("Line "), first
    assert "<" in first
    assert (Action.objects.count(), Partner.objects.count(), AuditEvent.objects.count()) == before


def test_messages_name_the_element_and_line(tmp_path, government):
    path = _write(
        tmp_path,
        ACTIVITY.format(identifier="X-1", title="T").replace(
            '<period-end iso-date="2023-12-31"/>', '<period-end iso-date="2023-13-45"/>'
        ),
    )
    with pytest.raises(IatiFileError) as error:
        read_file(str(path))
    messages = [str(problem) for problem in error.value.problems]
    assert any(
        m.startswith("Line ") and "<period-end>" in m and "@iso-date" in m for m in messages
    ), messages


def test_not_xml_is_refused(tmp_path, government):
    path = tmp_path / "bad.xml"
    path.write_text("<iati-activities><iati-activity>", encoding="utf-8")
    with pytest.raises(IatiFileError) as error:
        read_file(str(path))
    assert any("well-formed" in str(problem) for problem in error.value.problems)


def test_dry_run_writes_nothing(tmp_path, government):
    path = _write(tmp_path, ACTIVITY.format(identifier="X-1", title="Dry"))
    before = AuditEvent.objects.count()
    call_command("import_iati", str(path), "--government", government.slug, "--dry-run")
    assert not Action.objects.exists()
    assert not Partner.objects.exists()
    assert AuditEvent.objects.count() == before


def test_command_imports_with_the_command_channel(tmp_path, government):
    path = _write(tmp_path, ACTIVITY.format(identifier="X-1", title="Cmd"))
    call_command("import_iati", str(path), "--government", government.slug)
    action = Action.objects.get(iati_identifier="X-1")
    channels = set(AuditEvent.objects.values_list("channel", flat=True))
    assert channels == {Channel.COMMAND}
    assert action.title == "Cmd"


def test_command_refuses_an_invalid_file(tmp_path, government):
    path = _write(tmp_path, "<iati-activity><title/></iati-activity>")
    with pytest.raises(CommandError):
        call_command("import_iati", str(path), "--government", government.slug)
    assert not Action.objects.exists()


def test_update_by_identifier(tmp_path, government):
    first = _write(tmp_path, ACTIVITY.format(identifier="X-1", title="First"), name="1.xml")
    import_file(government, str(first), acting_user=None)
    second = _write(tmp_path, ACTIVITY.format(identifier="X-1", title="Second"), name="2.xml")
    plans = import_file(government, str(second), acting_user=None)
    assert [plan.operation for plan in plans] == ["update"]
    action = Action.objects.get(government=government)
    assert action.title == "Second"
    assert action.translations["fr"]["title"] == "Titre"
    assert BudgetLine.objects.filter(action=action).count() == 1  # replaced, not doubled
    # The participating and the reporting organisations, reused by their identifiers.
    assert Partner.objects.for_tenant(government).count() == 2


def test_reimporting_our_own_export_updates_the_actions(government):
    from lazos.iati.tests.factories import cooperation_action

    government.iati_organisation_identifier = "XM-DAC-7"  # only then is a file published
    government.save()
    action = cooperation_action(government)
    content = export_bytes(government)
    import io

    plans = import_file(government, io.BytesIO(content), acting_user=None)
    assert [(plan.operation, plan.action_id) for plan in plans] == [("update", action.pk)]
    assert Action.objects.filter(government=government).count() == 1


def test_an_activity_without_identifier_refuses_the_whole_file(tmp_path, government):
    body = ACTIVITY.format(identifier="X-1", title="Good") + ACTIVITY.format(
        identifier="", title="Bad"
    )
    path = _write(tmp_path, body)
    with pytest.raises(ImportRefused) as refused:
        import_file(government, str(path), acting_user=None)
    assert NO_IDENTIFIER in refused.value.reasons[0]
    assert not Action.objects.exists()


def test_duplicate_identifiers_are_refused(tmp_path, government):
    body = ACTIVITY.format(identifier="X-1", title="A") + ACTIVITY.format(
        identifier="X-1", title="B"
    )
    with pytest.raises(ImportRefused):
        import_file(government, str(_write(tmp_path, body)), acting_user=None)


def test_version_201_file_is_read_with_the_201_schema(tmp_path, government):
    """2.01 already fixed the order of an activity's elements: out of order is refused; in
    order, with an extension element, it imports."""
    body = """
<iati-activity>
  <iati-identifier>OLD-1</iati-identifier>
  <reporting-org ref="OLD" type="10"><narrative>Old</narrative></reporting-org>
  <title><narrative>Old activity</narrative><narrative xml:lang="pt">Atividade</narrative></title>
  <description><narrative>Old description</narrative></description>
  <participating-org ref="OLD" role="1"><narrative>Old</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2013-01-01"/>
  <sector vocabulary="99" code="LOCAL-7"><narrative>Local sector</narrative></sector>
  <ext:thing xmlns:ext="http://example.org/ext">kept</ext:thing>
</iati-activity>"""
    disordered = body.replace('  <activity-status code="2"/>\n', "").replace(
        "<iati-identifier>OLD-1</iati-identifier>",
        '<iati-identifier>OLD-1</iati-identifier>\n  <activity-status code="2"/>',
    )
    with pytest.raises(IatiFileError) as error:
        read_file(str(_write(tmp_path, disordered, version="2.01", name="b.xml")))
    assert any(problem.element == "activity-status" for problem in error.value.problems)
    path = _write(tmp_path, body, version="2.01")
    plans = import_file(government, str(path), acting_user=None, publish=True)
    assert plans[0].operation == "create"
    action = Action.objects.get(iati_identifier="OLD-1")
    assert action.translations["pt"]["title"] == "Atividade"
    names = [item["name"] for item in IatiActivityExtra.objects.get(action=action).elements]
    assert "sector" in names
    assert "{http://example.org/ext}thing" in names
    assert "{http://example.org/ext}thing" in plans[0].kept


def test_unmodelled_elements_are_listed_as_kept(tmp_path, government):
    path = _write(tmp_path, ACTIVITY.format(identifier="X-1", title="Kept"))
    plans = import_file(government, str(path), acting_user=None, dry_run=True)
    assert plans[0].kept == ["policy-marker"]
    assert plans[0].budgets == 1
    assert plans[0].partners == 2  # the participating and the reporting organisations


def test_import_is_all_or_nothing_when_a_write_fails(tmp_path, government, monkeypatch):
    from lazos.iati import services

    body = ACTIVITY.format(identifier="X-1", title="A") + ACTIVITY.format(
        identifier="X-2", title="B"
    )
    calls = {"n": 0}
    original = services._write_documents

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_write_documents", failing)
    with pytest.raises(RuntimeError):
        import_file(government, str(_write(tmp_path, body)), acting_user=None)
    assert not Action.objects.exists()


def test_a_large_file_is_read_activity_by_activity(tmp_path, government):
    body = "".join(ACTIVITY.format(identifier=f"X-{n}", title=f"A{n}") for n in range(300))
    data = read_file(str(_write(tmp_path, body)))
    assert len(data.activities) == 300
    assert etree  # the reader is iterparse-based: see reader.read_file

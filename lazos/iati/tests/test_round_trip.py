"""The round-trip guarantee: an activity the government reports, imported and exported again,
comes back identical (canonical XML, C14N 2.0 with whitespace around text stripped).

The differences allowed are listed in docs/iati.md ("Round-trip differences") and asserted
here exactly: none inside an activity; on the root element only its own attributes
(``generated-datetime``, ``version``, ``linked-data-default``), which are the file's, not an
activity's. An edit in Lazos rewrites only the kind of element edited.
"""

from __future__ import annotations

import difflib
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from lxml import etree

from lazos.actions.models import Action
from lazos.actions.services import update_action
from lazos.core.models import Attachment, AttachmentKind
from lazos.core.testing.builders import GovernmentFactory
from lazos.iati.export import ACTIVITY_CHILDREN, ActivityWriter, exported_actions
from lazos.iati.models import IatiActivityExtra, Transaction
from lazos.iati.services import import_file
from lazos.iati.tests.factories import cooperation_action
from lazos.iati.tests.helpers import (
    EXAMPLE,
    SCHEMA,
    export_bytes,
    official_files,
    with_current_codes,
)
from lazos.partners.tests.factories import PartnerFactory
from lazos.results.models import Indicator

pytestmark = pytest.mark.django_db

# Allowed differences inside an activity: none (docs/iati.md, "Round-trip differences").
ALLOWED_IN_ACTIVITY: list[str] = []
# The root's attributes belong to the file: Lazos writes its own.
ROOT_ATTRIBUTES_NOT_COMPARED = {"generated-datetime", "version", "linked-data-default"}
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)


def canonical(activity: etree._Element) -> str:
    """The activity on its own in C14N 2.0, comments dropped and the whitespace around text
    stripped (indentation is not content)."""
    text = etree.tostring(activity, encoding="unicode", with_tail=False)
    return str(etree.canonicalize(text, with_comments=False, strip_text=True))


def activities(content: bytes) -> dict[str, str]:
    root = etree.fromstring(content, PARSER)
    found = {}
    for activity in root.iterfind("iati-activity"):
        identifier = (activity.findtext("iati-identifier") or "").strip()
        assert identifier not in found, f"{identifier} twice"
        found[identifier] = canonical(activity)
    return found


def differences(source: bytes, exported: bytes) -> list[str]:
    """Every difference between the activities of ``source`` and those of ``exported``."""
    expected, got = activities(source), activities(exported)
    found = [f"missing from the export: {key}" for key in expected.keys() - got.keys()]
    found += [f"not in the source: {key}" for key in got.keys() - expected.keys()]
    for key in expected.keys() & got.keys():
        if expected[key] != got[key]:
            diff = difflib.unified_diff(
                expected[key].replace("><", ">\n<").splitlines(),
                got[key].replace("><", ">\n<").splitlines(),
                "source",
                "export",
                lineterm="",
            )
            found.append(f"{key}:\n" + "\n".join(diff))
    return found


def reporting_ref(content: bytes) -> str:
    refs = {
        element.get("ref", "")
        for element in etree.fromstring(content, PARSER).iterfind("iati-activity/reporting-org")
    }
    assert len(refs) == 1, refs
    return refs.pop()


def with_identifier(path: Path) -> bytes:
    """The official test file as the import takes it: its empty <iati-identifier> filled in
    (the test files leave it empty) and its placeholder codes ("xx") replaced by codes of
    their codelists (the import refuses a code outside its codelist). The comparison is with
    this file."""
    text = path.read_bytes()
    text = re.sub(rb"<iati-identifier>\s*</iati-identifier>", b"<iati-identifier/>", text)
    text = text.replace(b"<iati-identifier/>", b"<iati-identifier>XX-TEST-1</iati-identifier>")
    return with_current_codes(text)


def example() -> bytes:
    """The annotated example, with the two codes the current codelists no longer have
    replaced (see helpers.with_current_codes)."""
    return with_current_codes(EXAMPLE.read_bytes())


def round_trip(content: bytes, *, slug: str = "villa-ida") -> bytes:
    """Import ``content`` into a fresh government whose organisation identifier is the file's
    reporting organisation (the activities are its own) and export that government's file."""
    government = GovernmentFactory.create(
        slug=slug,
        official_languages=["es"],
        currency="MXN",
        iati_organisation_identifier=reporting_ref(content),
    )
    import_file(government, io.BytesIO(content), acting_user=None, publish=True)
    # No kind of element counts as edited right after the import (whatever the address the
    # file is served from), so every activity is written back as published.
    writer = ActivityWriter(government, "https://lazos.example.org")
    for action in exported_actions(government):
        assert writer.fingerprints(action) == action.iati_extra.fingerprints
    return export_bytes(government)


def assert_round_trips(content: bytes) -> None:
    exported = round_trip(content)
    found = differences(content, exported)
    assert found == ALLOWED_IN_ACTIVITY, "\n\n".join(found)


SHOULD_PASS = official_files("should-pass")


@pytest.mark.shared_data
@pytest.mark.parametrize(
    "path", SHOULD_PASS, ids=lambda p: str(p.relative_to(p.parents[1]) if p else p)
)
def test_every_should_pass_file_round_trips(path):
    assert_round_trips(with_identifier(path))


@pytest.mark.shared_data
def test_the_should_pass_files_are_all_there():
    assert len(SHOULD_PASS) >= 50  # the test above is not silently empty


@pytest.mark.shared_data
def test_the_annotated_example_round_trips():
    assert_round_trips(example())


@pytest.mark.shared_data
def test_only_the_roots_own_attributes_differ():
    content = example()
    source = etree.fromstring(content, PARSER)
    exported = etree.fromstring(round_trip(content), PARSER)
    changed = {
        key for key in {*source.attrib, *exported.attrib} if source.get(key) != exported.get(key)
    }
    assert changed <= ROOT_ATTRIBUTES_NOT_COMPARED


@pytest.mark.shared_data
def test_the_writers_order_is_the_schemas():
    schema = etree.parse(str(SCHEMA))
    xsd = "{http://www.w3.org/2001/XMLSchema}"
    activity = schema.find(f"{xsd}element[@name='iati-activity']")
    sequence = activity.find(f"{xsd}complexType/{xsd}sequence")
    names = tuple(
        element.get("ref") or element.get("name")
        for element in sequence
        if element.tag == f"{xsd}element"
    )
    assert names == ACTIVITY_CHILDREN
    assert sequence[-1].tag == f"{xsd}any"  # extensions come last


def _demo_like_government(slug: str, identifier: str):
    """A government with actions shaped like the demo's (built by factories, not the demo):
    partners, themes, SDG targets, budgets, an indicator with values, translations, a
    transaction and a public document."""
    government = GovernmentFactory.create(
        slug=slug,
        official_languages=["es"],
        currency="MXN",
        iati_organisation_identifier=identifier,
    )
    first = cooperation_action(government, 1)
    cooperation_action(government, 2, end_date=None, status="planned")
    Transaction.objects.create(
        government=government,
        action=first,
        transaction_type="3",
        date=date(2024, 5, 1),
        value=Decimal("1000.125"),
        currency="MXN",
        value_date=date(2024, 5, 1),
        description="Primer desembolso",
        provider_name="Villa Prueba",
        receiver_name="Ville de Paris",
    )
    from django.contrib.contenttypes.models import ContentType

    attachment = Attachment(
        government=government,
        content_type=ContentType.objects.get_for_model(first),
        object_id=first.pk,
        title="Informe final",
        kind=AttachmentKind.REPORT,
        original_name="informe.pdf",
        size=9,
        mime_type="application/pdf",
        is_public=True,
    )
    attachment.file.save("informe.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    return government


def test_a_demo_like_file_round_trips():
    source = export_bytes(_demo_like_government("villa-origen", "XM-LAZOS-RT"))
    assert len(activities(source)) == 2
    exported = round_trip(source, slug="villa-copia")
    found = differences(source, exported)
    assert found == ALLOWED_IN_ACTIVITY, "\n\n".join(found)


EDITABLE = """<?xml version="1.0"?>
<iati-activities version="2.03">
 <iati-activity xml:lang="en" default-currency="EUR" last-updated-datetime="2020-01-01T00:00:00Z">
  <iati-identifier>XM-EX-1-A</iati-identifier>
  <reporting-org ref="XM-EX-1" type="40"><narrative>Example Org</narrative></reporting-org>
  <title><narrative>Wells</narrative><narrative xml:lang="fr">Puits</narrative></title>
  <description type="2"><narrative>Clean water for two villages.</narrative></description>
  <participating-org ref="XM-EX-1" role="1" type="40"><narrative>Example Org</narrative></participating-org>
  <activity-status code="6"/>
  <activity-date type="1" iso-date="2020-01-01"><narrative>Planned</narrative></activity-date>
  <activity-date type="2" iso-date="2020-02-01"/>
  <activity-date type="3" iso-date="2021-12-31"/>
  <policy-marker vocabulary="1" code="2" significance="1"/>
  <transaction>
   <transaction-type code="3"/>
   <transaction-date iso-date="2020-03-01"/>
   <value currency="EUR" value-date="2020-03-01">1234.5678</value>
   <provider-org ref="XM-EX-1" type="40" provider-activity-id="XM-EX-1-P"><narrative>Example Org</narrative></provider-org>
  </transaction>
  <result type="1">
   <title><narrative>Water</narrative></title>
   <description><narrative>More water</narrative><narrative xml:lang="fr">Plus d'eau</narrative></description>
   <indicator measure="1"><title><narrative>Wells dug</narrative></title>
    <baseline year="2019" value="0"/></indicator>
  </result>
  <result type="1">
   <title><narrative>Water</narrative></title>
   <indicator measure="1"><title><narrative>People served</narrative></title>
    <baseline year="2019" value="0"/></indicator>
  </result>
 </iati-activity>
</iati-activities>
"""


def test_an_edit_rewrites_only_the_kind_edited():
    content = EDITABLE.encode()
    government = GovernmentFactory.create(
        slug="villa-edita", official_languages=["en"], iati_organisation_identifier="XM-EX-1"
    )
    import_file(government, io.BytesIO(content), acting_user=None, publish=True)
    assert differences(content, export_bytes(government)) == []

    action = Action.objects.get(government=government)
    update_action(action, acting_user=None, title="Deep wells")
    exported = etree.fromstring(export_bytes(government), PARSER)
    activity = exported.find("iati-activity")
    source = etree.fromstring(content, PARSER).find("iati-activity")
    title = activity.find("title")
    assert [n.text for n in title] == ["Deep wells", "Puits"]  # Lazos' rendering
    for kind in ACTIVITY_CHILDREN:  # every other kind exactly as published
        if kind != "title":
            assert [canonical(e) for e in activity.iterfind(kind)] == [
                canonical(e) for e in source.iterfind(kind)
            ], kind
    # The activity changed: its last-updated-datetime says when.
    assert activity.get("last-updated-datetime") != source.get("last-updated-datetime")


def test_lazos_rendering_keeps_what_the_import_mapped():
    """What Lazos writes for an imported activity's edited kinds keeps the file's status,
    planned and actual dates, description type, value precision, organisation types and
    activity ids, and the results apart."""
    government = GovernmentFactory.create(
        slug="villa-mapa", official_languages=["en"], iati_organisation_identifier="XM-EX-1"
    )
    import_file(government, io.BytesIO(EDITABLE.encode()), acting_user=None, publish=True)
    action = Action.objects.get(government=government)
    assert action.is_public  # its only description is of type 2: it is not dropped
    extra = IatiActivityExtra.objects.get(action=action)
    assert extra.status_code == "6"
    assert Transaction.objects.get(action=action).value == Decimal("1234.5678")

    rendered = ActivityWriter(government, "https://lazos.example.org").render(
        exported_actions(government).get()
    )
    assert rendered.find("activity-status").get("code") == "6"  # suspended, not "ongoing"
    assert [(d.get("type"), d.get("iso-date")) for d in rendered.iterfind("activity-date")] == [
        ("1", "2020-01-01"),
        ("2", "2020-02-01"),
        ("3", "2021-12-31"),
    ]
    assert rendered.find("activity-date").findtext("narrative") == "Planned"  # kept
    assert rendered.find("description").get("type") == "2"
    assert rendered.find("transaction/value").text == "1234.5678"
    provider = rendered.find("transaction/provider-org")
    assert (provider.get("type"), provider.get("provider-activity-id")) == ("40", "XM-EX-1-P")
    results = rendered.findall("result")
    assert len(results) == 2  # two results with the same title stay two
    assert [r.findtext("indicator/title/narrative") for r in results] == [
        "Wells dug",
        "People served",
    ]


def test_an_edited_indicator_rewrites_only_its_result():
    content = EDITABLE.encode()
    government = GovernmentFactory.create(
        slug="villa-indica", official_languages=["en"], iati_organisation_identifier="XM-EX-1"
    )
    import_file(government, io.BytesIO(content), acting_user=None, publish=True)
    indicator = Indicator.objects.get(government=government, title="People served")
    indicator.title = "People reached"
    indicator.save()

    activity = etree.fromstring(export_bytes(government), PARSER).find("iati-activity")
    source = etree.fromstring(content, PARSER).find("iati-activity")
    results = activity.findall("result")
    published = source.findall("result")
    assert len(results) == 2
    assert canonical(results[0]) == canonical(published[0])  # its description kept, both languages
    assert results[1].findtext("indicator/title/narrative") == "People reached"
    for kind in ACTIVITY_CHILDREN:
        if kind != "result":
            assert [canonical(e) for e in activity.iterfind(kind)] == [
                canonical(e) for e in source.iterfind(kind)
            ], kind


NARROW = """<?xml version="1.0"?>
<iati-activities version="2.03">
 <iati-activity xml:lang="es" default-currency="USD">
  <iati-identifier>XM-EX-1-N</iati-identifier>
  <reporting-org ref="XM-EX-1" type="40"><narrative>Banco</narrative></reporting-org>
  <title><narrative>{title}</narrative></title>
  <description><narrative>Descripción.</narrative></description>
  <participating-org ref="XM-EX-1" role="1" type="40"><narrative>Banco</narrative></participating-org>
  <activity-status code="3"/>
  <activity-date type="1" iso-date="2020-01-01"/>
  <budget type="1" status="1">
   <period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
   <value currency="USD" value-date="2020-01-01">10.555</value>
  </budget>
  <transaction>
   <transaction-type code="3"/><transaction-date iso-date="2020-03-01"/>
   <value currency="USD" value-date="2020-03-01">1.12345678</value>
  </transaction>
  <result type="1"><title><narrative>R</narrative></title>
   <indicator measure="1"><title><narrative>I</narrative></title>
    <baseline year="1985" value="2.5"/></indicator></result>
 </iati-activity>
</iati-activities>
"""


def test_what_a_lazos_field_cannot_hold_comes_back_as_published():
    """A title longer than the action's 300 characters, a budget to the tenth of a cent, a
    transaction to eight places and a baseline year before 1990: Lazos keeps what its fields
    hold, the file keeps the rest, and the export writes the file's values."""
    content = NARROW.format(title="Agua " * 80).encode()
    government = GovernmentFactory.create(
        slug="villa-estrecha", official_languages=["es"], iati_organisation_identifier="XM-EX-1"
    )
    import_file(government, io.BytesIO(content), acting_user=None, publish=True)
    action = Action.objects.get(government=government)
    assert len(action.title) == 300
    assert Transaction.objects.get(action=action).value == Decimal("1.123457")
    assert differences(content, export_bytes(government)) == []


def test_partners_and_themes_edited_in_lazos_leave_the_published_places_and_sectors():
    """The activity has no recipient country and no sector: a country given to its partner
    (by hand, or by another import that resolves the same organisation) and a theme added in
    Lazos do not add any; its published organisations stay as they are."""
    content = EDITABLE.encode()
    government = GovernmentFactory.create(
        slug="villa-socia", official_languages=["en"], iati_organisation_identifier="XM-EX-1"
    )
    import_file(government, io.BytesIO(content), acting_user=None, publish=True)
    action = Action.objects.get(government=government)
    partner = PartnerFactory.create(government=government, name="Ville de Lyon", country="FR")
    update_action(action, acting_user=None, partners=[partner], themes=["water"])
    assert differences(content, export_bytes(government)) == []

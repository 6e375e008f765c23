"""Shared helpers of the IATI tests: the official schema and codelists (tests only)."""

from __future__ import annotations

import functools
import io
import os
from pathlib import Path

from lxml import etree

from lazos.governments.models import Government
from lazos.iati.codes import READABLE_VERSIONS
from lazos.iati.export import write_file

REPO = Path(__file__).resolve().parents[3]
SHARED_DATA = Path(os.environ.get("LAZOS_SHARED_DATA", REPO.parent / "shared" / "data"))
IATI = SHARED_DATA / "iati"
SCHEMA = IATI / "2.03" / "schemas" / "iati-activities-schema.xsd"
EXAMPLE = IATI / "2.03" / "activity-standard-example-annotated.xml"
TESTS = IATI / "2.03" / "activity-tests"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def official_files(kind: str) -> list[Path]:
    folder = TESTS / kind
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.rglob("*") if path.is_file())


@functools.cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


@functools.cache
def codelist(name: str) -> frozenset[str]:
    tree = etree.parse(str(IATI / "codelists" / f"{name}.xml"))
    return frozenset(code.text.strip() for code in tree.iter("code") if code.text)


def export_bytes(government: Government) -> bytes:
    output = io.BytesIO()
    write_file(government, output, base_url="https://lazos.example.org")
    return output.getvalue()


def assert_valid(content: bytes) -> etree._Element:
    document = etree.fromstring(content)
    validator = schema()
    assert validator.validate(document), "\n".join(
        f"line {error.line}: {error.message}" for error in validator.error_log
    )
    return document


# (element, attribute) → codelist; (element, attribute, vocabulary) when it depends on one.
CODED = {
    ("reporting-org", "type"): "OrganisationType",
    ("participating-org", "type"): "OrganisationType",
    ("participating-org", "role"): "OrganisationRole",
    ("activity-status", "code"): "ActivityStatus",
    ("activity-date", "type"): "ActivityDateType",
    ("recipient-country", "code"): "Country",
    ("location-reach", "code"): "GeographicLocationReach",
    ("location-id", "vocabulary"): "GeographicVocabulary",
    ("exactness", "code"): "GeographicExactness",
    ("location-class", "code"): "GeographicLocationClass",
    ("feature-designation", "code"): "LocationType",
    ("sector", "vocabulary"): "SectorVocabulary",
    ("tag", "vocabulary"): "TagVocabulary",
    ("budget", "type"): "BudgetType",
    ("budget", "status"): "BudgetStatus",
    ("value", "currency"): "Currency",
    ("iati-activity", "default-currency"): "Currency",
    ("transaction-type", "code"): "TransactionType",
    ("document-link", "format"): "FileFormat",
    ("category", "code"): "DocumentCategory",
    ("result", "type"): "ResultType",
    ("indicator", "measure"): "IndicatorMeasure",
    ("description", "type"): "DescriptionType",
}
BY_VOCABULARY = {
    ("sector", "1"): "Sector",
    ("tag", "2"): "UNSDG-Goals",
    ("tag", "3"): "UNSDG-Targets",
}


def coded_values(document: etree._Element) -> list[tuple[str, str, str]]:
    """(codelist, value, where) for every coded value of the document."""
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute, value in element.attrib.items():
            where = f"line {element.sourceline} <{element.tag} @{attribute}>"
            if attribute == XML_LANG:
                found.append(("Language", value, where))
            elif (element.tag, attribute) in CODED:
                found.append((CODED[element.tag, attribute], value, where))
        vocabulary = element.get("vocabulary")
        if (element.tag, vocabulary) in BY_VOCABULARY:
            found.append(
                (BY_VOCABULARY[element.tag, vocabulary], element.get("code", ""), element.tag)
            )
    return found


def assert_codes_in_codelists(document: etree._Element) -> int:
    values = coded_values(document)
    wrong = [
        f"{where}: {value} not in {name}"
        for name, value, where in values
        if value not in codelist(name)
    ]
    assert not wrong, "\n".join(wrong)
    return len(values)


def with_current_codes(content: bytes) -> bytes:
    """``content`` with every code outside its (shipped) codelist replaced by a code of that
    list. The official should-pass files test the schema only and use placeholders ("xx"),
    and the annotated example holds two codes the current codelists no longer have; the
    import refuses both, as it refuses any code outside its codelist. A version Lazos does
    not read (the should-pass files say "xx") becomes 2.03."""
    from lazos.iati import codelists as shipped

    root = etree.fromstring(content)
    if root.get("version") not in READABLE_VERSIONS:
        root.set("version", "2.03")  # the should-pass files say "xx"
    for _attempt in range(3):  # a replaced vocabulary can make its code checkable
        found = [
            problem
            for activity in root.iter("iati-activity")
            for problem in shipped.check_codes(activity)
        ]
        for problem in found:
            replacement = min(shipped.codelist(problem.codelist).codes)
            if problem.target == shipped.TEXT:
                problem.element.text = replacement
            else:
                problem.element.set(problem.target, replacement)
        if not found:
            break
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="utf-8")

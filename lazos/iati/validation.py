"""Checks of IATI activity files with the official artefacts: the activity schema of the
file's version (:mod:`lazos.iati.schema`) and the codelists (:mod:`lazos.iati.codelists`).

An activity is checked as soon as the reader has it whole, so a large file is checked
activity by activity. Every problem names its line, the element and its path
(``/iati-activities/iati-activity/result/title[2]``) and says what is wrong in the active
language: the schema validator's own (English) messages are recognised and reworded; one this
module does not recognise is shown with the validator's words after a translated lead-in.
The same checks run on every file Lazos exports (:func:`check_exported_document`).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO

from django.utils.translation import gettext as _
from lxml import etree

from lazos.iati import codelists, schema
from lazos.iati.structure import structure

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ACTIVITY_PATH = "iati-activities/iati-activity"
ROOT = "iati-activities"
ACTIVITY = "iati-activity"

_DATE = re.compile(r"^(-?\d{4,})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$")
_DATETIME = re.compile(
    r"^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$"
)
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_LANGUAGE = re.compile(r"^([a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*)?$")
_NMTOKEN = re.compile(r"^[\w.\-:]+$")

# The schema validator's messages (libxml2), as this module rewords them.
_SUBJECT = re.compile(
    r"^Element '(?P<element>[^']+)'(?:, attribute '(?P<attribute>[^']+)')?: (?P<detail>.*)$",
    re.DOTALL,
)
_NOT_EXPECTED = re.compile(
    r"^This element is not expected\.(?: Expected is (?:one of )?\( ?(?P<expected>.*?) ?\)\.)?$",
    re.DOTALL,
)
_MISSING_CHILD = re.compile(
    r"^Missing child element\(s\)\. Expected is (?:one of )?\( ?(?P<expected>.*?) ?\)\.$", re.DOTALL
)
_NOT_ALLOWED_ATTRIBUTE = re.compile(r"^The attribute '(?P<name>[^']+)' is not allowed\.$")
_REQUIRED_ATTRIBUTE = re.compile(r"^The attribute '(?P<name>[^']+)' is required but missing\.$")
_BAD_VALUE = re.compile(
    r"^'(?P<value>.*)' is not a valid value of the (?P<local>local )?atomic type"
    r"(?: '(?:xs:|xsd:)?(?P<type>[^']+)')?\.$",
    re.DOTALL,
)
_TOO_SHORT = re.compile(r"^\[facet 'minLength'\] The value '' has a length of '0'")
_NO_TEXT = re.compile(r"^Character content (other than whitespace )?is not allowed")
_NO_ELEMENTS = re.compile(r"^Element content is not allowed")


@dataclass(frozen=True)
class Problem:
    """Something that makes the file invalid, where it is and what it is.

    ``path`` locates the element from the root (empty for problems of the file as a whole);
    ``activity`` is the ``iati-identifier`` of the activity it is in, when that is known.
    """

    line: int | None
    element: str
    message: str
    path: str = ""
    activity: str = ""

    def __str__(self) -> str:
        if self.line and self.path:
            return _("Line %(line)s, <%(element)s> at %(path)s: %(message)s") % {
                "line": self.line,
                "element": self.element,
                "path": self.path,
                "message": self.message,
            }
        if self.line:
            return _("Line %(line)s, <%(element)s>: %(message)s") % {
                "line": self.line,
                "element": self.element,
                "message": self.message,
            }
        return _("<%(element)s>: %(message)s") % {
            "element": self.element,
            "message": self.message,
        }


def parse_date(value: str) -> date | None:
    """An xsd:date as a date (time zone ignored), or None when it is not one."""
    match = _DATE.match(value.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_decimal(value: str) -> Decimal | None:
    cleaned = value.strip()
    if not _DECIMAL.match(cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern already excludes it
        return None


def is_valid(kind: str, value: str) -> bool:
    """Does ``value`` belong to the XML Schema type ``kind``? (For code that reads values one
    by one; files themselves are checked with the schema.)"""
    stripped = value.strip()
    if kind == "date":
        return parse_date(stripped) is not None
    if kind == "dateTime":
        match = _DATETIME.match(stripped)
        if not match:
            return False
        try:
            date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return False
        return int(match[4]) <= 24 and int(match[5]) < 60 and int(match[6]) < 61
    if kind == "decimal":
        return parse_decimal(stripped) is not None
    if kind in {"int", "positiveInteger", "nonNegativeInteger"}:
        if not _INTEGER.match(stripped):
            return False
        number = int(stripped)
        if kind == "positiveInteger":
            return number > 0
        if kind == "nonNegativeInteger":
            return number >= 0
        return -(2**31) <= number < 2**31
    if kind == "boolean":
        return stripped in {"true", "false", "1", "0"}
    if kind == "language":
        return bool(_LANGUAGE.match(stripped))
    if kind == "NMTOKEN":
        return bool(_NMTOKEN.match(stripped))
    return True  # string, anyURI


def _type_hint(kind: str) -> str:
    hints = {
        "date": _("a date as YYYY-MM-DD"),
        "dateTime": _("a date and time as YYYY-MM-DDThh:mm:ss"),
        "decimal": _("a decimal number"),
        "int": _("a whole number"),
        "positiveInteger": _("a whole number above 0"),
        "nonNegativeInteger": _("a whole number, 0 or more"),
        "boolean": _("true, false, 1 or 0"),
        "language": _("a language code"),
        "NMTOKEN": _("a code without spaces"),
    }
    return hints.get(kind, kind)


def local_name(element: etree._Element) -> str:
    tag = element.tag
    return tag if isinstance(tag, str) else ""


def _expected(names: str) -> str:
    return ", ".join(f"<{name.strip()}>" for name in names.split(",") if name.strip())


def _reworded(
    detail: str, attribute: str | None, missing: tuple[str, int] | None = None
) -> str | None:
    """The validator's ``detail`` in the active language; None for a message that repeats
    the one before it (the validator follows a facet error with a generic one). ``missing``
    names a required element the parent lacks, when an unexpected element is really there
    because that one is absent."""
    if match := _NOT_EXPECTED.match(detail):
        if missing is not None:
            return _("<%(child)s> is missing (at least %(minimum)s needed).") % {
                "child": missing[0],
                "minimum": missing[1],
            }
        if match["expected"]:
            return _(
                "this element is not expected here (the IATI standard fixes the order of "
                "elements); expected: %(expected)s."
            ) % {"expected": _expected(match["expected"])}
        return _("this element is not allowed here.")
    if match := _MISSING_CHILD.match(detail):
        return _("an element is missing; expected: %(expected)s.") % {
            "expected": _expected(match["expected"])
        }
    if match := _NOT_ALLOWED_ATTRIBUTE.match(detail):
        return _("the attribute @%(attribute)s is not allowed here.") % {"attribute": match["name"]}
    if match := _REQUIRED_ATTRIBUTE.match(detail):
        return _("the required attribute @%(attribute)s is missing.") % {"attribute": match["name"]}
    if _TOO_SHORT.match(detail):
        if attribute:
            return _("@%(attribute)s must not be empty.") % {"attribute": attribute}
        return _("the content must not be empty.")
    if match := _BAD_VALUE.match(detail):
        if match["local"]:
            return None
        expected = _type_hint(match["type"] or "")
        if attribute:
            return _("@%(attribute)s is “%(value)s”; it must be %(expected)s.") % {
                "attribute": attribute,
                "value": match["value"],
                "expected": expected,
            }
        return _("the content “%(value)s” must be %(expected)s.") % {
            "value": match["value"],
            "expected": expected,
        }
    if _NO_TEXT.match(detail):
        return _("text is not allowed here, only elements and attributes.")
    if _NO_ELEMENTS.match(detail):
        return _("elements are not allowed here, only text.")
    return _("this does not follow the IATI schema: %(detail)s") % {"detail": detail.strip()}


def _full_path(path: str | None) -> str:
    path = path or ""
    if path.startswith(f"/{ACTIVITY}"):
        return f"/{ROOT}{path}"
    return path


def _missing_before(
    element: etree._Element, path: str, detail: str, version: str
) -> tuple[str, int, etree._Element] | None:
    """For "this element is not expected" at ``path`` (inside ``element``, the activity): the
    required element the validator expected there and that the parent does not hold at all
    (an absent element, rather than one out of order), with its minimum count and the
    parent, where the problem is then reported."""
    match = _NOT_EXPECTED.match(detail)
    prefix = f"/{ACTIVITY}/"
    if match is None or not match["expected"] or not path.startswith(prefix):
        return None
    try:
        found = element.xpath(path.removeprefix(prefix))
    except etree.XPathError:
        return None
    if not isinstance(found, list) or not found or not isinstance(found[0], etree._Element):
        return None
    parent = found[0].getparent()
    if parent is None:
        return None
    steps = [re.sub(r"\[\d+\]$", "", step) for step in path.strip("/").split("/")[:-1]]
    spec = structure(version).get("/".join([ROOT, *steps]))
    if spec is None:
        return None
    expected = {name.strip() for name in match["expected"].split(",")}
    present = {local_name(child) for child in parent}
    for name, minimum, _maximum in spec.children:
        if name in expected and minimum > 0 and name not in present:
            return name, minimum, parent
    return None


def _schema_problems(
    validator: etree.XMLSchema,
    element: etree._Element,
    version: str,
    *,
    skip_missing_children: bool = False,
) -> list[Problem]:
    if validator.validate(element):
        return []
    problems: list[Problem] = []
    for error in validator.error_log:
        match = _SUBJECT.match(error.message or "")
        if match is None:
            name, attribute, detail = "", None, error.message or ""
        else:
            name, attribute, detail = match["element"], match["attribute"], match["detail"]
        if skip_missing_children and _MISSING_CHILD.match(detail):
            continue  # the root is checked without its activities
        missing = _missing_before(element, error.path or "", detail, version)
        message = _reworded(detail, attribute, missing and missing[:2])
        if message is None:
            continue
        path = _full_path(error.path)
        line = error.line or element.sourceline
        if missing is not None:
            path = path.rsplit("/", 1)[0]
            name, line = local_name(missing[2]), missing[2].sourceline
        if not name:
            name = path.rsplit("/", 1)[-1].split("[", 1)[0]
        problems.append(Problem(line, name, message, path))
    return problems


def _code_problems(activity: etree._Element) -> list[Problem]:
    problems = []
    for found in codelists.check_codes(activity):
        name = local_name(found.element)
        if found.target == codelists.TEXT:
            message = _("“%(value)s” is not a code of the IATI codelist %(codelist)s.") % {
                "value": found.value,
                "codelist": found.codelist,
            }
        else:
            attribute = found.target.replace(f"{{{codelists.XML_NAMESPACE}}}", "xml:")
            message = _(
                "@%(attribute)s is “%(value)s”, which is not a code of the IATI codelist "
                "%(codelist)s."
            ) % {"attribute": attribute, "value": found.value, "codelist": found.codelist}
        problems.append(
            Problem(
                found.element.sourceline,
                name,
                message,
                codelists.path_of(found.element, activity),
            )
        )
    return problems


def check_activity(activity: etree._Element, version: str, problems: list[Problem]) -> None:
    """Add the problems of one whole ``iati-activity`` (of a file of ``version``): its
    structure and types by the version's schema, its codes by the codelists. A version Lazos
    does not read was already reported by :func:`check_root_attributes`."""
    if not schema.is_supported(version):
        return
    problems.extend(_schema_problems(schema.activity_schema(version), activity, version))
    problems.extend(_code_problems(activity))


def check_root_attributes(root: etree._Element, problems: list[Problem]) -> None:
    """The ``<iati-activities>`` element itself: a version Lazos reads, and its attributes
    (its activities are checked one by one with :func:`check_activity`)."""
    version = (root.get("version") or "").strip()
    if not schema.is_supported(version):
        problems.append(Problem(root.sourceline, ROOT, schema.version_message(version), f"/{ROOT}"))
        return
    holder = etree.Element(root.tag, dict(root.attrib))
    found = _schema_problems(
        schema.activity_schema(version), holder, version, skip_missing_children=True
    )
    problems.extend(dataclasses.replace(problem, line=root.sourceline) for problem in found)


def check_exported_document(
    source: IO[bytes] | etree._ElementTree | etree._Element, *, limit: int = 50
) -> list[Problem]:
    """The problems of a whole written file (at most ``limit``), each naming its activity by
    identifier. A file object is read from its start, activity by activity, so memory stays
    small; it is left at its end."""
    if isinstance(source, etree._ElementTree):
        source = source.getroot()
    if isinstance(source, etree._Element):
        return _check_tree(source, limit)
    source.seek(0)
    problems: list[Problem] = []
    root: etree._Element | None = None
    try:
        for event, element in etree.iterparse(
            source,
            events=("start", "end"),
            remove_comments=True,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
        ):
            if event == "start":
                if root is None:
                    root = element
                    from lazos.iati import safexml  # safexml builds on this module

                    if safexml.declares_doctype(element):
                        problems.append(Problem(None, safexml.DOCTYPE, safexml.doctype_message()))
                        break
                    check_root_attributes(element, problems)
                continue
            if element.getparent() is not root or root is None:
                continue
            _check_top_level(element, (root.get("version") or "").strip(), problems)
            element.clear()
            while element.getprevious() is not None:
                del root[0]
            if len(problems) >= limit:
                break
    except etree.XMLSyntaxError as error:
        problems.append(
            Problem(
                error.lineno,
                "xml",
                _("the file is not well-formed XML: %(error)s") % {"error": error.msg},
            )
        )
    return problems[:limit]


def _check_tree(root: etree._Element, limit: int) -> list[Problem]:
    problems: list[Problem] = []
    check_root_attributes(root, problems)
    version = (root.get("version") or "").strip()
    for element in root:
        _check_top_level(element, version, problems)
        if len(problems) >= limit:
            break
    return problems[:limit]


def _check_top_level(element: etree._Element, version: str, problems: list[Problem]) -> None:
    name = local_name(element)
    if name == ACTIVITY:
        found: list[Problem] = []
        check_activity(element, version, found)
        identifier = (element.findtext("iati-identifier") or "").strip()
        problems.extend(dataclasses.replace(problem, activity=identifier) for problem in found)
    elif name and not name.startswith("{"):
        problems.append(
            Problem(
                element.sourceline,
                name,
                _("this element is not allowed inside <iati-activities>."),
                f"/{ROOT}/{name}",
            )
        )


def describe_export_problems(problems: list[Problem], limit: int = 10) -> str:
    """An :class:`~lazos.iati.export.ExportError` message: the file is not served."""
    described = "; ".join(
        f"activity {problem.activity or '?'}: {problem}" for problem in problems[:limit]
    )
    more = len(problems) - limit
    suffix = f" (and {more} more)" if more > 0 else ""
    return f"the written file does not follow the IATI standard: {described}{suffix}"

"""Checks of an IATI activity file against the structure of the 2.03 standard.

The structure (children with their cardinality, attributes with their type, text) comes from
``structure.py``; every problem names the element, its path and its line, in the active
language. Files of versions 2.01 and 2.02 are checked the same way inside each element, but
the order and number of an activity's own elements are not enforced for them (those versions
did not fix them).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from lxml import etree

from lazos.iati.structure import STRUCTURE, ElementSpec

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ACTIVITY_PATH = "iati-activities/iati-activity"

_DATE = re.compile(r"^(-?\d{4,})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$")
_DATETIME = re.compile(
    r"^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$"
)
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_LANGUAGE = re.compile(r"^([a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*)?$")
_NMTOKEN = re.compile(r"^[\w.\-:]+$")


@dataclass(frozen=True)
class Problem:
    """Something that makes the file invalid, where it is and what it is."""

    line: int | None
    element: str
    message: str

    def __str__(self) -> str:
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
    """Does ``value`` belong to the XML Schema type ``kind``?"""
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


def spec_for(path: str) -> ElementSpec | None:
    if path.endswith("/narrative") or path == "narrative":
        return STRUCTURE["narrative"]
    return STRUCTURE.get(path)


def check_element(
    element: etree._Element, path: str, problems: list[Problem], *, strict_counts: bool = True
) -> None:
    """Check ``element`` (found at ``path``) and everything inside it."""
    spec = spec_for(path)
    name = local_name(element)
    line = element.sourceline
    if spec is None:  # pragma: no cover - callers only descend into known elements
        return
    for attribute, value in element.attrib.items():
        if attribute == XML_LANG:
            if not is_valid("language", value):
                problems.append(
                    Problem(
                        line,
                        name,
                        _("xml:lang “%(value)s” is not a language code.") % {"value": value},
                    )
                )
            continue
        if attribute.startswith("{"):
            continue  # attributes of other namespaces extend the standard
        if attribute not in spec.attrs:
            problems.append(
                Problem(
                    line,
                    name,
                    _("the attribute @%(attribute)s is not allowed here.")
                    % {"attribute": attribute},
                )
            )
            continue
        kind, _required = spec.attrs[attribute]
        if not is_valid(kind, value):
            problems.append(
                Problem(
                    line,
                    name,
                    _("@%(attribute)s is “%(value)s”; it must be %(expected)s.")
                    % {"attribute": attribute, "value": value, "expected": _type_hint(kind)},
                )
            )
    for attribute, (_kind, required) in spec.attrs.items():
        if required and attribute != "xml:lang" and attribute not in element.attrib:
            problems.append(
                Problem(
                    line,
                    name,
                    _("the required attribute @%(attribute)s is missing.")
                    % {"attribute": attribute},
                )
            )
    texts = [element.text or ""] + [child.tail or "" for child in element]
    if spec.text is None:
        if any(text.strip() for text in texts):
            problems.append(
                Problem(line, name, _("text is not allowed here, only elements and attributes."))
            )
    elif spec.text != "string" and not is_valid(spec.text, element.text or ""):
        problems.append(
            Problem(
                line,
                name,
                _("the content “%(value)s” must be %(expected)s.")
                % {"value": (element.text or "").strip(), "expected": _type_hint(spec.text)},
            )
        )
    allowed = {child_name for child_name, _min, _max in spec.children}
    counts: Counter[str] = Counter()
    for child in element:
        child_name = local_name(child)
        if not child_name or child_name.startswith("{"):
            continue  # comments, processing instructions, other namespaces' extensions
        if child_name not in allowed:
            problems.append(
                Problem(
                    child.sourceline,
                    child_name,
                    _("this element is not allowed inside <%(parent)s>.") % {"parent": name},
                )
            )
            continue
        counts[child_name] += 1
        check_element(child, f"{path}/{child_name}", problems)
    if not strict_counts:
        return
    for child_name, minimum, maximum in spec.children:
        if counts[child_name] < minimum:
            problems.append(
                Problem(
                    line,
                    name,
                    _("<%(child)s> is missing (at least %(minimum)s needed).")
                    % {"child": child_name, "minimum": minimum},
                )
            )
        if maximum is not None and counts[child_name] > maximum:
            problems.append(
                Problem(
                    line,
                    name,
                    _("<%(child)s> appears %(count)s times; at most %(maximum)s allowed.")
                    % {"child": child_name, "count": counts[child_name], "maximum": maximum},
                )
            )


def check_activity(activity: etree._Element, version: str, problems: list[Problem]) -> None:
    check_element(activity, ACTIVITY_PATH, problems, strict_counts=version not in {"2.01", "2.02"})


def check_root_attributes(root: etree._Element, problems: list[Problem]) -> None:
    """The attributes of <iati-activities> (its children are checked one by one)."""
    holder = etree.Element(root.tag, dict(root.attrib))
    holder.sourceline = root.sourceline
    check_element(holder, "iati-activities", problems, strict_counts=False)

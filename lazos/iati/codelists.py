"""The official IATI codelists (shipped in ``standard/codelists``) and the checks of an
activity's coded values against them.

``mapping.xml`` says which attribute (or text) of which element takes its codes from which
codelist, sometimes under a condition on the element's ``@vocabulary`` (a sector code is a
DAC code only when the vocabulary is 1 or absent, a DAC category when it is 2, an SDG goal when
it is 7…). The mapping and the codes are read once per process; an activity is then checked in
one pass over its elements with dictionary and set look-ups.

A code outside a *complete* codelist is a problem. Codelists the standard marks incomplete
(countries, languages, humanitarian scopes…) admit other codes, so those are not refused.
Withdrawn codes are still codes of their list (older files use them).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

CODELISTS = Path(__file__).resolve().parent / "standard" / "codelists"
ACTIVITY_PREFIX = "//iati-activity/"
ANY_ELEMENT_PREFIX = "//@"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
TEXT = "text()"

_EQUALS = re.compile(r"^@([\w-]+)\s*=\s*'([^']*)'$")
_ABSENT = re.compile(r"^not\(@([\w-]+)\)$")


@dataclass(frozen=True)
class Condition:
    """``@attribute = 'a' or @attribute = 'b' [or not(@attribute)]``."""

    attribute: str
    values: frozenset[str]
    when_absent: bool

    def holds(self, element: etree._Element) -> bool:
        value = element.get(self.attribute)
        if value is None:
            return self.when_absent
        return value.strip() in self.values


@dataclass(frozen=True)
class Codelist:
    name: str
    codes: frozenset[str]
    complete: bool


@dataclass(frozen=True)
class Rule:
    """Where a codelist applies: the attribute (or ``text()``) of the element at ``path``
    (element names from inside ``iati-activity``; empty for the activity itself)."""

    path: tuple[str, ...]
    target: str
    codelist: str
    condition: Condition | None


@dataclass(frozen=True)
class CodeProblem:
    element: etree._Element
    target: str
    value: str
    codelist: str


def parse_condition(text: str) -> Condition | None:
    """The conditions ``mapping.xml`` uses, or None for one this module cannot evaluate (its
    rule is then not applied: better no check than a wrong refusal)."""
    attribute = ""
    values: set[str] = set()
    when_absent = False
    for part in (piece.strip() for piece in text.split(" or ")):
        equals, absent = _EQUALS.match(part), _ABSENT.match(part)
        name = equals[1] if equals else absent[1] if absent else None
        if name is None or (attribute and name != attribute):
            return None
        attribute = name
        if equals:
            values.add(equals[2])
        else:
            when_absent = True
    return Condition(attribute, frozenset(values), when_absent) if attribute else None


def _read_codelist(name: str) -> Codelist:
    root = etree.parse(str(CODELISTS / f"{name}.xml")).getroot()
    codes = frozenset((item.findtext("code") or "").strip() for item in root.iter("codelist-item"))
    return Codelist(name, codes - {""}, root.get("complete") == "1")


@functools.cache
def codelist(name: str) -> Codelist:
    return _read_codelist(name)


@functools.cache
def activity_rules() -> tuple[dict[str, dict[tuple[str, ...], tuple[Rule, ...]]], tuple[Rule, ...]]:
    """The mapping's rules for activity files: by element name, then by path; and the rules
    for an attribute of any element (``//@xml:lang``). Rules on codelists that admit other
    codes are left out."""
    mapping = etree.parse(str(CODELISTS / "mapping.xml")).getroot()
    by_name: dict[str, dict[tuple[str, ...], list[Rule]]] = {}
    anywhere: list[Rule] = []
    for item in mapping.iter("mapping"):
        path = (item.findtext("path") or "").strip()
        reference = item.find("codelist")
        name = reference.get("ref", "") if reference is not None else ""
        condition_text = (item.findtext("condition") or "").strip()
        condition = parse_condition(condition_text) if condition_text else None
        if not name or (condition_text and condition is None):
            continue
        if path.startswith(ANY_ELEMENT_PREFIX):
            attribute = path.removeprefix(ANY_ELEMENT_PREFIX)
            if attribute.startswith("xml:"):
                attribute = f"{{{XML_NAMESPACE}}}{attribute.removeprefix('xml:')}"
            rule = Rule((), attribute, name, condition)
            if codelist(name).complete:
                anywhere.append(rule)
            continue
        if not path.startswith(ACTIVITY_PREFIX):
            continue  # the file's @version (checked with the schema) and organisation files
        *steps, last = path.removeprefix(ACTIVITY_PREFIX).split("/")
        target = last.removeprefix("@")
        if not codelist(name).complete:
            continue
        rule = Rule(tuple(steps), target, name, condition)
        element_name = steps[-1] if steps else "iati-activity"
        by_name.setdefault(element_name, {}).setdefault(tuple(steps), []).append(rule)
    frozen = {
        element_name: {path: tuple(rules) for path, rules in paths.items()}
        for element_name, paths in by_name.items()
    }
    return frozen, tuple(anywhere)


def _path_inside(element: etree._Element, activity: etree._Element) -> tuple[str, ...]:
    steps: list[str] = []
    current: etree._Element | None = element
    while current is not None and current is not activity:
        steps.append(str(current.tag))
        current = current.getparent()
    steps.reverse()
    return tuple(steps)


def _value(element: etree._Element, target: str) -> str | None:
    if target == TEXT:
        return (element.text or "").strip()
    value = element.get(target)
    return None if value is None else value.strip()


def _apply(element: etree._Element, rules: Sequence[Rule], found: list[CodeProblem]) -> None:
    # Rules of one target with conditions are alternatives: the value is checked against the
    # codelist of the rule whose condition holds (none holding: not checked).
    for rule in rules:
        if rule.condition is not None and not rule.condition.holds(element):
            continue
        value = _value(element, rule.target)
        if value is None:
            continue  # a missing attribute is the schema's business
        if value not in codelist(rule.codelist).codes:
            found.append(CodeProblem(element, rule.target, value, rule.codelist))


# The rules by path, as a tree: element name -> (the rules of the element at that path, the
# tree of its children).
_RuleTree = dict[str, tuple[Sequence["Rule"], "_RuleTree"]]


@functools.cache
def _rule_tree() -> tuple[tuple[Rule, ...], _RuleTree]:
    """The rules of the activity itself, and the others as a tree of their paths."""
    by_name, _anywhere = activity_rules()
    own: tuple[Rule, ...] = ()
    tree: _RuleTree = {}
    for paths in by_name.values():
        for path, rules in paths.items():
            if not path:
                own += rules
                continue
            level = tree
            entry: tuple[Sequence[Rule], _RuleTree] | None = None
            for step in path:
                entry = level.setdefault(step, ([], {}))
                level = entry[1]
            assert entry is not None
            assert isinstance(entry[0], list)
            entry[0].extend(rules)
    return own, _frozen(tree)


def _frozen(tree: _RuleTree) -> _RuleTree:
    return {name: (tuple(rules), _frozen(below)) for name, (rules, below) in tree.items()}


def _check_below(element: etree._Element, level: _RuleTree, found: list[CodeProblem]) -> None:
    """:func:`_apply` to each element under ``element`` that ``level`` names, and so on down."""
    for child in element:
        entry = level.get(child.tag)  # never for a comment or a processing instruction
        if entry is None:
            continue
        rules, below = entry
        for rule in rules:  # what _apply does, inlined: most of a file's elements pass here
            condition = rule.condition
            if condition is not None and not condition.holds(child):
                continue
            target = rule.target
            if target == TEXT:
                value = (child.text or "").strip()
            else:
                given = child.get(target)
                if given is None:
                    continue  # a missing attribute is the schema's business
                value = given.strip()
            if value not in codelist(rule.codelist).codes:
                found.append(CodeProblem(child, target, value, rule.codelist))
        if below:
            _check_below(child, below, found)


def check_codes(activity: etree._Element) -> list[CodeProblem]:
    """Every coded value of ``activity`` outside its (complete) codelist, in document order."""
    by_name, anywhere = activity_rules()
    found: list[CodeProblem] = []
    if not anywhere:
        # Only down the paths a rule names, in document order (parents before children).
        own, tree = _rule_tree()
        if own:
            _apply(activity, own, found)
        _check_below(activity, tree, found)
        return found
    for element in activity.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        _apply(element, anywhere, found)
        paths = by_name.get(tag)
        if paths is None:
            continue
        rules = paths.get(_path_inside(element, activity))
        if rules:
            _apply(element, rules, found)
    return found


def path_of(element: etree._Element, activity: etree._Element) -> str:
    """``/iati-activities/iati-activity/transaction[2]/value``: where ``element`` is, with
    the position among same-named siblings where there are several."""
    steps: list[str] = []
    current: etree._Element | None = element
    while current is not None and current is not activity:
        parent = current.getparent()
        name = str(current.tag)
        if parent is not None:
            same = [sibling for sibling in parent if sibling.tag == current.tag]
            if len(same) > 1:
                name = f"{name}[{same.index(current) + 1}]"
        steps.append(name)
        current = parent
    steps.reverse()
    return "/".join(["/iati-activities/iati-activity", *steps])

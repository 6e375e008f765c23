"""The structure of IATI activity files, read from the official 2.03 activity schema that
ships in ``standard/``: for each element (by path from ``iati-activities``), its children in
schema order with their cardinality, its attributes (type, required) and the type of its text.

Validation uses the compiled schema itself (:mod:`lazos.iati.schema`); this table serves code
that writes IATI elements and needs their order (the export writes an activity's children in
schema order). It is built once, on first use, from the schema files: there is no hand-written
copy of the standard to keep in step.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from lxml import etree

from lazos.iati.schema import STANDARD

XSD = "{http://www.w3.org/2001/XMLSchema}"
XSD_PREFIX = "xsd:"
VERSION = "2.03"
ROOT = "iati-activities"


class ElementSpec(NamedTuple):
    children: tuple[tuple[str, int, int | None], ...]
    attrs: dict[str, tuple[str, bool]]
    text: str | None


class _Schema:
    """The global element and complex type declarations of one version's schema files."""

    def __init__(self, version: str):
        self.elements: dict[str, etree._Element] = {}
        self.types: dict[str, etree._Element] = {}
        self.attributes: dict[str, etree._Element] = {}
        for name in ("iati-activities-schema.xsd", "iati-common.xsd"):
            root = etree.parse(str(STANDARD / version / name)).getroot()
            for declaration in root:
                if declaration.tag == f"{XSD}element":
                    self.elements[declaration.get("name", "")] = declaration
                elif declaration.tag == f"{XSD}complexType":
                    self.types[declaration.get("name", "")] = declaration
                elif declaration.tag == f"{XSD}attribute":
                    self.attributes[declaration.get("name", "")] = declaration

    def resolve(self, declaration: etree._Element) -> etree._Element:
        reference = declaration.get("ref")
        return self.elements[reference] if reference else declaration

    def describe(
        self, declaration: etree._Element
    ) -> tuple[ElementSpec, list[tuple[str, etree._Element]]]:
        """The spec of an element declaration and its child element declarations."""
        kind = declaration.get("type")
        if kind is not None and kind.startswith(XSD_PREFIX):
            return ElementSpec((), {}, kind.removeprefix(XSD_PREFIX)), []
        if kind is not None:
            return self._complex(self.types[kind])
        inline = declaration.find(f"{XSD}complexType")
        if inline is not None:
            return self._complex(inline)
        return ElementSpec((), {}, "string"), []  # pragma: no cover - not in the standard

    def _complex(
        self, complex_type: etree._Element
    ) -> tuple[ElementSpec, list[tuple[str, etree._Element]]]:
        children: list[tuple[str, int, int | None]] = []
        declarations: list[tuple[str, etree._Element]] = []
        attrs: dict[str, tuple[str, bool]] = {}
        text: str | None = "string" if complex_type.get("mixed") == "true" else None
        body = complex_type
        simple = complex_type.find(f"{XSD}simpleContent/{XSD}extension")
        extended = complex_type.find(f"{XSD}complexContent/{XSD}extension")
        if simple is not None:
            text = simple.get("base", "string").removeprefix(XSD_PREFIX)
            body = simple
        elif extended is not None:
            base, base_declarations = self._complex(self.types[extended.get("base", "")])
            children.extend(base.children)
            declarations.extend(base_declarations)
            attrs.update(base.attrs)
            text = base.text
            body = extended
        for particle in _particles(body):
            element = self.resolve(particle)
            name = element.get("name", "")
            maximum = particle.get("maxOccurs", "1")
            children.append(
                (
                    name,
                    int(particle.get("minOccurs", "1")),
                    None if maximum == "unbounded" else int(maximum),
                )
            )
            declarations.append((name, element))
        for attribute in body.findall(f"{XSD}attribute"):
            reference = attribute.get("ref")
            required = attribute.get("use") == "required"
            if reference == "xml:lang":
                attrs[reference] = ("language", required)
                continue
            declared = self.attributes[reference] if reference else attribute
            attrs[declared.get("name", "")] = (
                declared.get("type", "xsd:string").removeprefix(XSD_PREFIX),
                required,
            )
        return ElementSpec(tuple(children), attrs, text), declarations


def _particles(body: etree._Element) -> Iterator[etree._Element]:
    """The element particles of a content model, in order (``xsd:any`` left out)."""
    for group in body.findall(f"{XSD}sequence"):
        yield from group.findall(f"{XSD}element")


@functools.cache
def structure(version: str = VERSION) -> Mapping[str, ElementSpec]:
    """Every element of an activity file by path (``iati-activities/iati-activity/...``),
    plus ``narrative`` for the narrative element wherever it appears."""
    schema = _Schema(version)
    table: dict[str, ElementSpec] = {}
    pending = [(ROOT, schema.elements[ROOT])]
    while pending:
        path, declaration = pending.pop()
        spec, children = schema.describe(declaration)
        table[path] = spec
        pending.extend((f"{path}/{name}", child) for name, child in reversed(children))
        if path.endswith("/narrative") and "narrative" not in table:
            table["narrative"] = spec
    return table


class _Lazy(Mapping[str, ElementSpec]):
    """``STRUCTURE`` for the modules that import it: built from the schema on first use."""

    def __getitem__(self, key: str) -> ElementSpec:
        return structure()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(structure())

    def __len__(self) -> int:
        return len(structure())


STRUCTURE: Mapping[str, ElementSpec] = _Lazy()

"""Reading XML Lazos did not write (imported IATI files, and the fragments of them it keeps).

IATI files need no document type declaration, and one is the door to every entity attack:
internal entities (whose references a kept fragment cannot carry on its own), external
entities and DTDs (reading the server's files, calling addresses from it), parameter
entities, and exponential expansion ("billion laughs"). So:

1. the prolog of a file is read before the XML parser sees it, and a ``<!DOCTYPE`` there
   refuses the file at once, with its line (:func:`guarded_source`);
2. the parser never loads a DTD, never resolves an entity, never uses the network, and
   keeps libxml2's size and expansion limits (:data:`PARSER_OPTIONS`); a declaration the
   prolog scan missed is still found in the parsed document (:func:`declares_doctype`);
3. an entity node in an element is refused before the element is kept
   (:func:`entity_problems`), so every kept fragment parses again on its own
   (:func:`fragment`).
"""

from __future__ import annotations

import codecs
import io
from typing import IO, Any

from django.utils.translation import gettext as _
from lxml import etree

from lazos.iati.validation import Problem, local_name

PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "load_dtd": False,
    "dtd_validation": False,
    "attribute_defaults": False,
    "no_network": True,
    "huge_tree": False,
}
DOCTYPE = "!DOCTYPE"
PROLOG_LIMIT = 1024 * 1024  # bytes read ahead to find the root element
_CHUNK = 64 * 1024


def hardened_parser() -> etree.XMLParser:
    """A parser for XML Lazos did not write (see the module's documentation)."""
    return etree.XMLParser(**PARSER_OPTIONS)


_FRAGMENT_PARSER = hardened_parser()


def fragment(xml: str) -> etree._Element:
    """A kept fragment (``<element …>…</element>``) parsed on its own. A document type
    declaration (none is ever kept) is refused like malformed XML, before parsing."""
    data = xml.encode("utf-8")
    if data[:1] == b"<" and data[1:2] not in (b"?", b"!"):
        # It opens with its element ("<name", what Lazos keeps): there is no prolog, so no
        # document type declaration (one after the element is not well-formed).
        return etree.fromstring(data, _FRAGMENT_PARSER)
    _, line = doctype_line(data[:PROLOG_LIMIT], complete=True)
    if line is not None:
        raise etree.XMLSyntaxError(doctype_message(), 0, line, 0)
    element = etree.fromstring(data, _FRAGMENT_PARSER)
    if declares_doctype(element):
        raise etree.XMLSyntaxError(doctype_message(), 0, element.sourceline or 1, 0)
    return element


def doctype_message() -> str:
    return _(
        "the file declares a document type (DTD), which IATI files do not use; it is refused "
        "because its entities could read files or addresses, or expand without end. Remove "
        "the <!DOCTYPE …> declaration and write the text itself in place of each entity "
        "reference (&name;)."
    )


def _decode(head: bytes) -> str:
    """The prolog as text: UTF-16 and UTF-32 by their byte order mark or their zero bytes,
    everything else as UTF-8 (the prolog of an ASCII-compatible encoding is ASCII)."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="replace")
    if head.startswith(b"<\x00\x00\x00"):
        return head.decode("utf-32-le", errors="replace")
    if head.startswith(b"\x00\x00\x00<"):
        return head.decode("utf-32-be", errors="replace")
    if head.startswith(b"<\x00"):
        return head.decode("utf-16-le", errors="replace")
    if head.startswith(b"\x00<"):
        return head.decode("utf-16-be", errors="replace")
    return head.decode("utf-8", errors="replace")


def _line(text: str, position: int) -> int:
    before = text[:position].replace("\r\n", "\n").replace("\r", "\n")
    return before.count("\n") + 1


def doctype_line(head: bytes, complete: bool) -> tuple[bool, int | None]:
    """Scan the prolog at the start of a file: (decided, line of a ``<!DOCTYPE``).

    ``decided`` is False while ``head`` ends before the root element (or the end of the
    file, when ``complete``); the line is None when the prolog declares no document type.
    Anything that is not a declaration, comment, processing instruction or blank ends the
    prolog: the parser says what is wrong with it, if anything.
    """
    text = _decode(head)
    position = 0
    length = len(text)
    while True:
        while position < length and text[position] in " \t\r\n":
            position += 1
        if position >= length:
            return complete, None
        for opening, closing in (("<?", "?>"), ("<!--", "-->")):
            if text.startswith(opening, position):
                end = text.find(closing, position + len(opening))
                if end < 0:
                    return complete, None
                position = end + len(closing)
                break
        else:
            if text.startswith("<!DOCTYPE", position):
                return True, _line(text, position)
            rest = text[position:]
            cut_short = len(rest) < len("<!DOCTYPE") and (
                "<!DOCTYPE".startswith(rest) or "<!--".startswith(rest)
            )
            if cut_short and not complete:
                return False, None  # "<", "<!", "<!-", "<!DO" at the end of what was read
            return True, None


class _Replay(io.RawIOBase):
    """The bytes read ahead, then the rest of the source."""

    def __init__(self, head: bytes, rest: IO[bytes]):
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            data, self._head = self._head + self._rest.read(), b""
            return data
        if self._head:
            data, self._head = self._head[:size], self._head[size:]
            return data
        return self._rest.read(size)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def guarded_source(source: IO[bytes]) -> tuple[IO[bytes], int | None]:
    """``source`` to hand to the parser, and the line of a ``<!DOCTYPE`` in its prolog.

    Reads ahead until the root element (at most :data:`PROLOG_LIMIT` bytes); the parser
    then gets those bytes again followed by the rest.
    """
    head = b""
    while True:
        chunk = source.read(_CHUNK)
        head += chunk
        decided, line = doctype_line(head, complete=not chunk)
        if decided or len(head) >= PROLOG_LIMIT:
            return io.BufferedReader(_Replay(head, source)), line


def declares_doctype(element: etree._Element) -> bool:
    """Does the document of ``element`` (parsed) carry a document type declaration?"""
    info = element.getroottree().docinfo
    return bool(info.doctype or info.internalDTD is not None or info.system_url or info.public_id)


def entity_problems(element: etree._Element) -> list[Problem]:
    """A problem for every entity reference left in ``element`` (none once the document
    type is refused, as an undeclared entity is not well-formed: a last line of defence)."""
    problems = []
    for node in element.iter(etree.Entity):
        parent = node.getparent()
        where = parent if parent is not None else element
        problems.append(
            Problem(
                where.sourceline or element.sourceline,
                local_name(where) or str(where.tag),
                _("the entity reference %(reference)s cannot be kept: write its text instead.")
                % {"reference": f"&{node.name};"},
            )
        )
    return problems

"""Cells a spreadsheet program cannot run: the defence against formula (CSV) injection.

Excel, LibreOffice and Google Sheets read a text cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return as a formula, so a title such as ``=HYPERLINK(…)`` or
``+cmd|' /C calc'!A0`` typed by anyone (a partner's name, an imported row, a consultation
contribution) would run on the computer of the person who opens the export. Every CSV and
XLSX file Lazos writes passes its values through :func:`neutralise` (CSV) or
:func:`xlsx_row` (XLSX):

- a text value starting with one of those characters gets an apostrophe in front
  (``'=HYPERLINK(…)``), the usual OWASP approach: spreadsheet programs show it as text;
- numbers, decimals, dates and booleans are left as typed values, so a negative number stays
  a number; only *text* is escaped (``"-"`` alone or ``"-2+3"`` are text and are escaped);
- the escape is reversible: a text that already starts with apostrophes followed by one of
  those characters gets one more, and :func:`restore` (used by the spreadsheet import)
  removes exactly one, so an exported list imports back unchanged.

In XLSX files every text cell is also stored as a string (openpyxl would otherwise store a
text starting with ``=`` as a formula and one such as ``#N/A`` as an error), and the control
characters XML cannot hold are dropped instead of failing the whole export.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise

#: Characters that make a spreadsheet program read a text cell as a formula.
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"

_NEEDS_ESCAPE = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d*)?")


def neutralise(value: Any, *, numeric_text: bool = False) -> Any:
    """The value to write in a cell: text that would be read as a formula is escaped.

    ``numeric_text`` is for a column of numbers already written as text (``"-12.5"``): a
    plain number there is kept as it is, anything else is escaped like any text.
    """
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str) or not _NEEDS_ESCAPE.match(value):
        return value
    if numeric_text and _PLAIN_NUMBER.fullmatch(value):
        return value
    return ESCAPE + value


def neutralise_row(values: Iterable[Any]) -> list[Any]:
    return [neutralise(value) for value in values]


def restore(text: str) -> str:
    """The text :func:`neutralise` escaped, as it was (one apostrophe fewer)."""
    return text[len(ESCAPE) :] if _ESCAPED.match(text) else text


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """openpyxl cells for ``sheet.append()`` (normal or write-only sheet): text neutralised,
    stored as a string, never as a formula or an error."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

    cells = []
    for value in values:
        if isinstance(value, Promise):
            value = str(value)
        if isinstance(value, str):
            # First drop what XML cannot hold, so nothing dangerous hides behind it.
            cell = Cell(
                sheet, row=1, column=1, value=neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
            )
            cell.data_type = "s"
        else:
            cell = Cell(sheet, row=1, column=1, value=value)
        cells.append(cell)
    return cells

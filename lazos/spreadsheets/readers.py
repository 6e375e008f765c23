"""Read a CSV or XLSX file into rows of ``{header: value}`` with their spreadsheet row number.

- CSV: UTF-8 with or without a byte-order mark, falling back to Latin-1 (Windows-1252) when
  the bytes are not UTF-8; the delimiter is sniffed among comma, semicolon and tab.
- XLSX: the first sheet, values only (formulas give their cached result), read-only mode.

The header row is row 1, the first data row is row 2, exactly as a spreadsheet program shows
them, so error messages can point at the cell. Rows whose cells are all empty are skipped
(they keep their numbers: the row after two blank rows is still numbered as in the file).
Headers are compared after :func:`fold_header` (case, accents, spaces, "_" and "-" ignored).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from unidecode import unidecode

FORMATS = ("csv", "xlsx")
XLSX_SIGNATURE = b"PK\x03\x04"
_SEPARATORS = re.compile(r"[\s_\-]+")
_DELIMITERS = ",;\t"


class SpreadsheetError(ValidationError):
    """The file cannot be read as a spreadsheet (wrong format, no header row…)."""


def fold_header(text: Any) -> str:
    """Comparable form of a header: "Fecha de inicio" → "fecha de inicio", "start_date" →
    "start date", "Ré-férence" → "re ference"."""
    return _SEPARATORS.sub(" ", unidecode(str(text or "")).lower()).strip()


@dataclass
class Row:
    """One data row: its number in the spreadsheet and its cells by header (as in the file)."""

    number: int
    values: dict[str, Any]


@dataclass
class Sheet:
    headers: list[str]
    rows: list[Row] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


def _clean(value: Any) -> Any:
    """Strip text; turn empty text into None; keep numbers, dates and booleans."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0, 0):
        return value.date()
    return value


def _build(header_cells: list[Any], data: Iterator[tuple[int, list[Any]]]) -> Sheet:
    headers = [str(_clean(h) or "") for h in header_cells]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise SpreadsheetError(
            _("The first row must hold the column headers, but it is empty."), code="no_header"
        )
    seen: dict[str, str] = {}
    for header in headers:
        if not header:
            continue
        key = fold_header(header)
        if key in seen:
            raise SpreadsheetError(
                _("The column “%(header)s” appears twice in the header row."),
                code="duplicate_header",
                params={"header": header},
            )
        seen[key] = header
    sheet = Sheet(headers=[h for h in headers if h])
    for number, cells in data:
        values = {
            header: _clean(cells[index]) if index < len(cells) else None
            for index, header in enumerate(headers)
            if header
        }
        if any(value is not None for value in values.values()):
            sheet.rows.append(Row(number=number, values=values))
    return sheet


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Latin-1 — more exactly Windows-1252, its superset
    that spreadsheet programs write, and Latin-1 for the bytes Windows-1252 leaves undefined."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        counts = {d: first.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def read_csv(data: bytes) -> Sheet:
    text = decode_text(data)
    if "\x00" in text:
        raise SpreadsheetError(_("This is not a CSV text file."), code="not_csv")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        lines = list(reader)
    except csv.Error as error:
        raise SpreadsheetError(
            _("The CSV file cannot be read: %(error)s"), code="bad_csv", params={"error": error}
        ) from error
    if not lines:
        raise SpreadsheetError(_("The file is empty."), code="empty")
    return _build(lines[0], ((number, cells) for number, cells in enumerate(lines[1:], start=2)))


def read_xlsx(data: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise SpreadsheetError(
            _("The XLSX file cannot be opened: it is damaged or not an Excel workbook."),
            code="bad_xlsx",
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise SpreadsheetError(_("The file is empty."), code="empty")
        return _build(
            list(header), ((number, list(cells)) for number, cells in enumerate(rows, start=2))
        )
    finally:
        workbook.close()


def detect_format(data: bytes, name: str = "") -> str:
    """ "xlsx" or "csv", from the content first (an XLSX is a ZIP archive), then the name."""
    if data.startswith(XLSX_SIGNATURE):
        return "xlsx"
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix in ("xlsx", "xlsm"):
        raise SpreadsheetError(
            _("“%(name)s” does not look like an XLSX file: its content does not match."),
            code="bad_xlsx",
            params={"name": name},
        )
    return "csv"


def read_bytes(data: bytes, name: str = "") -> Sheet:
    fmt = detect_format(data, name)
    return read_xlsx(data) if fmt == "xlsx" else read_csv(data)


def read_spreadsheet(source: str | Path | IO[bytes], name: str = "") -> Sheet:
    """Read a path or a binary file object (an upload, a stored ``FieldFile``)."""
    if isinstance(source, str | Path):
        path = Path(source)
        return read_bytes(path.read_bytes(), name or path.name)
    if hasattr(source, "seek"):
        source.seek(0)
    data = source.read()
    return read_bytes(data, name or str(getattr(source, "name", "") or ""))

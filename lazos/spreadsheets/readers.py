"""Read a CSV or XLSX file into rows of ``{header: value}`` with their spreadsheet row number.

- CSV: UTF-8 with or without a byte-order mark, falling back to Latin-1 (Windows-1252) when
  the bytes are not UTF-8; the delimiter is sniffed among comma, semicolon and tab.
- XLSX: the first sheet, values only (formulas give their cached result), read in streaming
  (read-only) mode, and only after the ZIP archive passed :func:`check_xlsx_archive`: the
  total uncompressed size, each part's compression ratio and the number of parts are checked
  from the archive's directory before anything is expanded (a "zip bomb" is refused at once).
- Both: at most ``LAZOS_IMPORT_MAX_ROWS`` data rows and ``LAZOS_IMPORT_MAX_CELLS`` cells are
  read; a larger file is refused with the limit, without being read to its end.
- A text cell escaped against formula injection by a Lazos export (``'=…``, see
  :mod:`lazos.core.spreadsheet_safety`) is read back as it was, so an exported list imports
  back unchanged.

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
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from unidecode import unidecode

from lazos.core.spreadsheet_safety import restore

FORMATS = ("csv", "xlsx")
XLSX_SIGNATURE = b"PK\x03\x04"
_SEPARATORS = re.compile(r"[\s_\-]+")
_DELIMITERS = ",;\t"
_SNIFF_CHARS = 64 * 1024
#: A part smaller than this, uncompressed, is never refused for its compression ratio: it
#: cannot hurt, and tiny XML parts (styles, relationships) compress very well.
RATIO_GRACE_BYTES = 1024 * 1024


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
        value = restore(value.strip()).strip()
        return value or None
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0, 0):
        return value.date()
    return value


@dataclass(frozen=True)
class Limits:
    """What an import reads at most; from the settings (see the README)."""

    rows: int
    cells: int
    uncompressed_bytes: int
    ratio: int
    parts: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            rows=int(getattr(settings, "LAZOS_IMPORT_MAX_ROWS", 50_000)),
            cells=int(getattr(settings, "LAZOS_IMPORT_MAX_CELLS", 1_000_000)),
            uncompressed_bytes=int(getattr(settings, "LAZOS_IMPORT_XLSX_MAX_UNCOMPRESSED_MB", 100))
            * 1024
            * 1024,
            ratio=int(getattr(settings, "LAZOS_IMPORT_XLSX_MAX_RATIO", 100)),
            parts=int(getattr(settings, "LAZOS_IMPORT_XLSX_MAX_PARTS", 500)),
        )


def _count(value: int) -> str:
    return number_format(value, force_grouping=True)


def _limited(
    data: Iterable[tuple[int, list[Any]]], name: str, limits: Limits, cells: int
) -> Iterator[tuple[int, list[Any]]]:
    """The rows, refused as soon as there are more rows or cells than the limits allow.

    The row number counts empty rows too (a sheet with one cell at row 1,048,576 has a
    million rows to walk), and a cell is counted whether it holds a value or not."""
    for number, row in data:
        if number - 1 > limits.rows:
            raise SpreadsheetError(
                _(
                    "“%(name)s” has more than %(limit)s rows; an import reads at most "
                    "%(limit)s. Split it into several files."
                ),
                code="too_many_rows",
                params={"name": name, "limit": _count(limits.rows)},
            )
        cells += len(row)
        _check_cells(cells, name, limits)
        yield number, row


def _check_cells(cells: int, name: str, limits: Limits) -> None:
    if cells > limits.cells:
        raise SpreadsheetError(
            _(
                "“%(name)s” has more than %(limit)s cells; an import reads at most "
                "%(limit)s. Remove the columns it does not need, or split it into "
                "several files."
            ),
            code="too_many_cells",
            params={"name": name, "limit": _count(limits.cells)},
        )


def _build(header_cells: list[Any], data: Iterable[tuple[int, list[Any]]], name: str = "") -> Sheet:
    name = name or str(_("the file"))
    limits = Limits.from_settings()
    _check_cells(len(header_cells), name, limits)
    data = _limited(data, name, limits, cells=len(header_cells))
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
    # The first lines only: splitting a whole large file would hold every line at once.
    lines = text[:_SNIFF_CHARS].splitlines()[:20]
    sample = "\n".join(lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        first = lines[0] if lines else ""
        counts = {d: first.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def read_csv(data: bytes, name: str = "") -> Sheet:
    text = decode_text(data)
    if "\x00" in text:
        raise SpreadsheetError(_("This is not a CSV text file."), code="not_csv")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))

    def lines() -> Iterator[list[str]]:
        try:
            yield from reader
        except csv.Error as error:
            raise SpreadsheetError(
                _("The CSV file cannot be read: %(error)s"),
                code="bad_csv",
                params={"error": error},
            ) from error

    rows = lines()  # streamed: the limits stop a huge file before all its rows are held
    header = next(rows, None)
    if header is None:
        raise SpreadsheetError(_("The file is empty."), code="empty")
    return _build(header, enumerate(rows, start=2), name)


def check_xlsx_archive(data: bytes, name: str = "") -> None:
    """Refuse an XLSX archive that would expand too much, before anything is expanded.

    The sizes come from the archive's directory; Python's zipfile (which openpyxl reads
    through) never expands a part past the size its directory gives, and a part whose data
    does not match it fails its checksum, so the declared sizes bound what is read."""
    name = name or str(_("the file"))
    limits = Limits.from_settings()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise SpreadsheetError(
            _("The XLSX file cannot be opened: it is damaged or not an Excel workbook."),
            code="bad_xlsx",
        ) from error
    if len(parts) > limits.parts:
        raise SpreadsheetError(
            _(
                "“%(name)s” is made of %(count)s parts; a workbook to import may have at "
                "most %(limit)s."
            ),
            code="xlsx_parts",
            params={"name": name, "count": _count(len(parts)), "limit": _count(limits.parts)},
        )
    for part in parts:
        expanded, packed = part.file_size, max(part.compress_size, 1)
        if expanded > RATIO_GRACE_BYTES and expanded > limits.ratio * packed:
            raise SpreadsheetError(
                _(
                    "“%(name)s” is refused: its part “%(part)s” would expand %(ratio)s times "
                    "(at most %(limit)s times is accepted), the mark of a “zip bomb”. Save "
                    "the workbook again from your spreadsheet program."
                ),
                code="xlsx_ratio",
                params={
                    "name": name,
                    "part": part.filename,
                    "ratio": _count(expanded // packed),
                    "limit": _count(limits.ratio),
                },
            )
    total = sum(part.file_size for part in parts)
    if total > limits.uncompressed_bytes:
        largest = max(parts, key=lambda part: part.file_size)
        raise SpreadsheetError(
            _(
                "“%(name)s” is refused: uncompressed it takes %(size)s (its largest part, "
                "“%(part)s”, %(part_size)s), more than the %(limit)s an import reads. Split "
                "it into several files."
            ),
            code="xlsx_size",
            params={
                "name": name,
                "size": filesizeformat(total),
                "part": largest.filename,
                "part_size": filesizeformat(largest.file_size),
                "limit": filesizeformat(limits.uncompressed_bytes),
            },
        )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        declaring = next((part for part in parts if _declares_doctype(archive, part)), None)
    if declaring is not None:
        raise SpreadsheetError(
            _(
                "“%(name)s” is refused: its part “%(part)s” declares a document type "
                "(DTD), which workbooks do not use and whose entities could read files "
                "or expand without end. Save the workbook again from your spreadsheet "
                "program."
            ),
            code="xlsx_doctype",
            params={"name": name, "part": declaring.filename},
        )


DOCTYPE_SCAN_BYTES = 64 * 1024


def _declares_doctype(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Does an XML part of the workbook carry ``<!DOCTYPE`` near its start (where a document
    type is declared)? Only the first bytes are expanded; the XML parser's own limits stay
    the second line of defence for a declaration put further away."""
    if not part.filename.lower().endswith((".xml", ".rels", ".vml")):
        return False
    with archive.open(part) as stream:
        head = stream.read(DOCTYPE_SCAN_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    elif head[:1] == b"\x00":
        text = head.decode("utf-16-be", errors="replace")
    elif head[1:2] == b"\x00":
        text = head.decode("utf-16-le", errors="replace")
    else:
        text = head.decode("utf-8", errors="replace")
    return "<!DOCTYPE" in text


def read_xlsx(data: bytes, name: str = "") -> Sheet:
    from openpyxl import load_workbook

    check_xlsx_archive(data, name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise SpreadsheetError(
            _("The XLSX file cannot be opened: it is damaged or not an Excel workbook."),
            code="bad_xlsx",
        ) from error
    try:
        sheet = workbook.worksheets[0]
        # A wrong <dimension> (A1:XFD1048576) would pad every row to 16,384 cells: rows are
        # read as long as their last cell instead.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise SpreadsheetError(_("The file is empty."), code="empty")
        return _build(
            list(header),
            ((number, list(cells)) for number, cells in enumerate(rows, start=2)),
            name,
        )
    except SyntaxError as error:  # a part that is not well-formed XML, met while reading
        raise SpreadsheetError(
            _("The XLSX file cannot be opened: it is damaged or not an Excel workbook."),
            code="bad_xlsx",
        ) from error
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
    return read_xlsx(data, name) if fmt == "xlsx" else read_csv(data, name)


def read_spreadsheet(source: str | Path | IO[bytes], name: str = "") -> Sheet:
    """Read a path or a binary file object (an upload, a stored ``FieldFile``)."""
    if isinstance(source, str | Path):
        path = Path(source)
        return read_bytes(path.read_bytes(), name or path.name)
    if hasattr(source, "seek"):
        source.seek(0)
    data = source.read()
    return read_bytes(data, name or str(getattr(source, "name", "") or ""))

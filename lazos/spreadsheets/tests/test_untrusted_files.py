"""Untrusted spreadsheets: a zip bomb, too many parts, rows or cells is refused before it is
expanded, quickly and in little memory, with a message that names the file, the part and the
limit; an ordinary workbook still imports."""

from __future__ import annotations

import functools
import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lazos.spreadsheets.importers import plan
from lazos.spreadsheets.models import ImportRun
from lazos.spreadsheets.readers import SpreadsheetError, read_bytes

SHEET = "xl/worksheets/sheet1.xml"
HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>'


def workbook(rows: list[list[Any]] | None = None, *, kind: bool = False) -> bytes:
    """A real workbook written by openpyxl: a header and ``rows`` (with a partner kind)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Country"] + (["Kind"] if kind else []))
    for row in rows or [["Rosario", "AR"]]:
        sheet.append(row + (["foreign local or regional government"] if kind else []))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_sheet(data: bytes, write_sheet: Callable[[Any], None], extra: int = 0) -> bytes:
    """The same workbook with its first sheet's XML replaced (written in chunks, so the test
    never holds the expanded XML in memory), plus ``extra`` tiny parts."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == SHEET:
                part = zipfile.ZipInfo(SHEET)
                part.compress_type = zipfile.ZIP_DEFLATED
                with target.open(part, "w", force_zip64=True) as handle:
                    write_sheet(handle)
            else:
                target.writestr(info, source.read(info.filename))
        for index in range(extra):
            target.writestr(f"customXml/item{index}.xml", "<a/>")
    return buffer.getvalue()


def sheet_xml(handle: Any, body: Callable[[Any], None], dimension: str = "A1") -> None:
    handle.write(
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="' + dimension.encode() + b'"/><sheetData>' + HEADER.encode()
    )
    body(handle)
    handle.write(b"</sheetData></worksheet>")


@functools.cache
def bomb(expanded_mb: int) -> bytes:
    """A zip bomb: a sheet whose one row holds ``expanded_mb`` MB of the same cell."""
    chunk = b'<c t="inlineStr"><is><t>x</t></is></c>' * 27_000  # about 1 MB

    def body(handle: Any) -> None:
        handle.write(b'<row r="2">')
        for _ in range(expanded_mb):
            handle.write(chunk)
        handle.write(b"</row>")

    return with_sheet(workbook(), lambda handle: sheet_xml(handle, body))


def refused(data: bytes, name: str = "partners.xlsx") -> tuple[SpreadsheetError, float, int]:
    """Read ``data``, expecting a refusal: the error, the seconds and the peak bytes taken."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(SpreadsheetError) as caught:
            read_bytes(data, name)
        return caught.value, time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def message(error: SpreadsheetError) -> str:
    return " ".join(error.messages)


def test_a_zip_bomb_is_refused_before_it_expands():
    data = bomb(300)
    sheet = zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET)
    assert len(data) < 2 * 1024 * 1024 < 250 * 1024 * 1024 < sheet.file_size  # a real bomb
    error, seconds, peak = refused(data)
    assert error.code == "xlsx_ratio"
    assert "partners.xlsx" in message(error)
    assert SHEET in message(error)
    assert "100" in message(error)  # the limit
    assert seconds < 2
    assert peak < 10 * 1024 * 1024  # nothing was expanded


def test_a_workbook_that_expands_past_the_total_is_refused(settings):
    settings.LAZOS_IMPORT_XLSX_MAX_RATIO = 100_000
    settings.LAZOS_IMPORT_XLSX_MAX_UNCOMPRESSED_MB = 5
    error, seconds, peak = refused(bomb(8))
    assert error.code == "xlsx_size"
    assert "partners.xlsx" in message(error)
    assert SHEET in message(error)  # the largest part
    assert "5" in message(error)
    assert seconds < 2
    assert peak < 10 * 1024 * 1024


def test_a_workbook_with_too_many_parts_is_refused():
    data = with_sheet(workbook(), lambda h: sheet_xml(h, lambda _h: None), extra=600)
    error, seconds, _peak = refused(data)
    assert error.code == "xlsx_parts"
    assert "500" in message(error)
    assert seconds < 2


def test_a_workbook_with_too_many_rows_is_refused_with_the_limit(settings):
    settings.LAZOS_IMPORT_MAX_ROWS = 1000
    data = workbook([[f"Partner {n}", "AR"] for n in range(5000)])
    error, _seconds, _peak = refused(data)
    assert error.code == "too_many_rows"
    assert "1,000" in message(error) or "1000" in message(error)
    settings.LAZOS_IMPORT_MAX_ROWS = 5000
    assert len(read_bytes(data, "partners.xlsx").rows) == 5000


def test_rows_far_down_the_sheet_are_counted_without_walking_a_million_empty_rows():
    """One cell at row 1,048,576: openpyxl would yield a million empty rows before it."""

    def body(handle: Any) -> None:
        handle.write(b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>')

    data = with_sheet(workbook(), lambda h: sheet_xml(h, body, "A1:A1048576"))
    error, seconds, _peak = refused(data)
    assert error.code == "too_many_rows"
    assert "50,000" in message(error) or "50000" in message(error)
    assert seconds < 30  # minutes before the limits, on the same machine


def test_a_workbook_with_too_many_cells_is_refused(settings):
    settings.LAZOS_IMPORT_MAX_CELLS = 100
    data = workbook([[f"Partner {n}", "AR"] for n in range(60)])
    error, _seconds, _peak = refused(data)
    assert error.code == "too_many_cells"
    assert "100" in message(error)
    header_only = ",".join(f"Column {n}" for n in range(200)).encode()
    error, _seconds, _peak = refused(header_only, "partners.csv")
    assert error.code == "too_many_cells"


def test_a_wrong_dimension_does_not_pad_every_row_to_16384_cells():
    """A sheet claiming A1:XFD1048576 but holding 100 short rows is an ordinary small sheet
    (padded, its rows would count 1.6 million cells)."""

    def body(handle: Any) -> None:
        for number in range(2, 102):
            handle.write(
                f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>P{number}</t></is>'
                "</c></row>".encode()
            )

    data = with_sheet(workbook(), lambda h: sheet_xml(h, body, "A1:XFD1048576"))
    sheet = read_bytes(data, "partners.xlsx")
    assert sheet.headers == ["Name"]
    assert len(sheet.rows) == 100
    assert sheet.rows[0].values == {"Name": "P2"}


def test_a_csv_with_too_many_rows_is_refused_in_little_memory(settings):
    error, seconds, peak = refused(b"Name\n" + b"x\n" * 3_000_000, "partners.csv")
    assert error.code == "too_many_rows"
    assert seconds < 30  # minutes before the limits, on the same machine
    assert peak < 60 * 1024 * 1024  # the rows are not all held at once
    settings.LAZOS_IMPORT_MAX_ROWS = 3
    error, _seconds, _peak = refused(b"Name\na\nb\nc\nd\n", "partners.csv")
    assert "3" in message(error)
    assert len(read_bytes(b"Name\na\nb\nc\n", "partners.csv").rows) == 3


@pytest.mark.django_db
def test_an_ordinary_workbook_still_imports(world):
    data = workbook([["Rosario", "AR"], ["Ville de Genève", "CH"]], kind=True)
    preview = plan(world.government, read_bytes(data, "partners.xlsx"), kind="partners")
    assert preview.errors == []
    assert preview.counts["to_create"] == 2


@pytest.mark.django_db
def test_the_import_page_refuses_a_bomb_and_stores_nothing(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("bomb.xlsx", bomb(300))
    response = world.client_for("administrator").post(
        reverse("spreadsheets:import-start"), {"kind": "partners", "file": upload}
    )
    assert response.status_code == 200
    assert "bomb.xlsx" in response.content.decode()
    assert ImportRun.objects.count() == 0

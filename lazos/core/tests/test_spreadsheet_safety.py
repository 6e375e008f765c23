"""The cell neutraliser (core/spreadsheet_safety.py): text is escaped, typed values are not."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.utils.functional import lazy

from lazos.core.spreadsheet_safety import neutralise, restore, xlsx_row

TEXTS = [
    '=HYPERLINK("https://attacker.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "-",
    "-5",
    "'=already escaped once",
    "''+twice",
]


@pytest.mark.parametrize("text", TEXTS)
def test_dangerous_text_is_escaped_and_restored(text):
    escaped = neutralise(text)
    assert escaped == "'" + text
    assert restore(escaped) == text


@pytest.mark.parametrize(
    "value",
    ["Rosario", "", "'quoted but harmless", "a=b", "5-3", "#N/A", None, 0, -5, -2.5,
     Decimal("-12.50"), True, False, datetime.date(2024, 1, 1),
     datetime.datetime(2024, 1, 1, 12, 0)],
)  # fmt: skip
def test_safe_values_are_left_as_they_are(value):
    assert neutralise(value) == value
    assert type(neutralise(value)) is type(value)
    if isinstance(value, str):
        assert restore(value) == value


def test_lazy_text_and_numbers_written_as_text():
    lazy_text = lazy(str, str)("=SUM(A1)")  # like a translated label
    assert neutralise(lazy_text) == "'=SUM(A1)"
    assert neutralise("-12.5", numeric_text=True) == "-12.5"
    assert neutralise("-2+3", numeric_text=True) == "'-2+3"
    assert neutralise("-", numeric_text=True) == "'-"


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_cells_are_strings_never_formulas_and_numbers_stay_numbers(write_only):
    from openpyxl import Workbook, load_workbook

    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("s") if write_only else workbook.active
    values = [*TEXTS, "#N/A", "bell\x07=1", "\x01=cmd", -5, Decimal("-1.5"), True,
              datetime.date(2024, 5, 31)]  # fmt: skip
    sheet.append(xlsx_row(sheet, values))
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = next(load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0].iter_rows())
    assert all(cell.data_type != "f" for cell in cells)
    read = [cell.value for cell in cells]
    assert read[: len(TEXTS)] == ["'" + text for text in TEXTS]
    assert read[len(TEXTS)] == "#N/A"
    assert cells[len(TEXTS)].data_type == "s"
    assert read[len(TEXTS) + 1 : len(TEXTS) + 3] == ["bell=1", "'=cmd"]
    assert read[len(TEXTS) + 3 :] == [
        -5,
        -1.5,
        True,
        datetime.datetime(2024, 5, 31),
    ]

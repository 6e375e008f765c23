import datetime

import pytest

from lazos.spreadsheets.readers import (
    SpreadsheetError,
    fold_header,
    read_bytes,
    read_spreadsheet,
)
from lazos.spreadsheets.tests.helpers import write_csv, write_xlsx


def test_headers_fold_case_accents_and_separators():
    assert fold_header("  Fecha de INICIO ") == "fecha de inicio"
    assert fold_header("start_date") == fold_header("Start-Date") == "start date"
    assert fold_header("Référence") == "reference"


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("latin-1", ";"), ("cp1252", "\t"), ("utf-8", "\t")],
)
def test_csv_encodings_and_delimiters(tmp_path, encoding, delimiter):
    path = write_csv(
        tmp_path / "partners.csv",
        ["Name", "Country", "Description"],
        [["Ville de Genève", "CH", "Coopération, culture"], ["São Paulo", "BR", ""]],
        delimiter=delimiter,
        encoding=encoding,
    )
    sheet = read_spreadsheet(path)
    assert sheet.headers == ["Name", "Country", "Description"]
    assert [row.number for row in sheet.rows] == [2, 3]
    assert sheet.rows[0].values == {
        "Name": "Ville de Genève",
        "Country": "CH",
        "Description": "Coopération, culture",
    }
    assert sheet.rows[1].values["Description"] is None


def test_xlsx_first_sheet_values_and_row_numbers(tmp_path):
    path = write_xlsx(
        tmp_path / "a.xlsx",
        ["Title", "Start", "Count"],
        [
            ["First", datetime.datetime(2024, 5, 31), 3],
            [None, None, None],
            ["  Third  ", "2024-06-01", None],
        ],
    )
    sheet = read_spreadsheet(path)
    assert [row.number for row in sheet.rows] == [2, 4]
    assert sheet.rows[0].values == {
        "Title": "First",
        "Start": datetime.date(2024, 5, 31),
        "Count": 3,
    }
    assert sheet.rows[1].values["Title"] == "Third"


def test_unreadable_files_say_why(tmp_path):
    with pytest.raises(SpreadsheetError):
        read_bytes(b"PK\x03\x04 this is no workbook", "x.xlsx")
    with pytest.raises(SpreadsheetError):
        read_bytes(b"title,modality\n", "x.docx.xlsx")
    with pytest.raises(SpreadsheetError, match="twice"):
        read_bytes(b"Title,title\nA,B\n", "x.csv")
    with pytest.raises(SpreadsheetError, match="empty"):
        read_bytes(b"", "x.csv")

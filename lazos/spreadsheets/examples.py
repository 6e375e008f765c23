"""Example files: for each kind, an XLSX with the headers an import understands and one row.

The example row names the government's own records, so its cells go through
:func:`lazos.core.spreadsheet_safety.xlsx_row` like every other spreadsheet Lazos writes.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import translation

from lazos.agreements.models import Agreement
from lazos.core.spreadsheet_safety import xlsx_row
from lazos.governments.models import Department, Government
from lazos.partners.models import Partner
from lazos.spreadsheets.importers import importer_for

# Example cell per field; references are replaced by the government's own records if any.
EXAMPLES: dict[str, dict[str, Any]] = {
    "partners": {
        "external_id": "P-0001",
        "name": "City of Rosario",
        "kind": "foreign local or regional government",
        "country": "AR",
        "website": "https://www.rosario.gob.ar",
        "languages": "es",
        "description": "Sister city since 1998.",
        "is_active": "yes",
        "tags": "twinning; culture",
    },
    "agreements": {
        "external_id": "AG-0001",
        "title": "Twinning with the City of Rosario",
        "kind": "twinning / sister city",
        "partners": "P-0001",
        "status": "in force",
        "summary": "Cooperation in culture, youth and urban planning.",
        "signed_on": "2019-05-31",
        "in_force_from": "2019-06-15",
        "valid_until": "2029-06-14",
        "renewal": "automatic (tacit) renewal",
        "notice_period_days": "90",
        "lead_department": "International Relations",
        "registration_required": "no",
        "themes": "culture; urban-planning",
        "sdg_targets": "11.4; 17.17",
        "tags": "twinning",
        "is_public": "no",
    },
    "actions": {
        "external_id": "A-0001",
        "title": "Youth exchange with Rosario",
        "modality": "technical exchange / peer learning",
        "status": "planned",
        "description": "Twenty young people from each city spend two weeks in the other.",
        "start_date": "2025-03-01",
        "end_date": "2025-06-30",
        "partners": "P-0001",
        "agreement": "AG-0001",
        "lead_department": "International Relations",
        "themes": "education",
        "sdg_targets": "4.7",
        "tags": "youth; exchange",
        "is_public": "no",
        "location": "Rosario",
    },
}


def _reference(government: Government, field: str, default: str) -> str:
    """The government's own first record for a reference column, so the example imports."""
    if field == "partners":
        partner = Partner.objects.for_tenant(government).order_by("pk").first()
        return (partner.external_id or partner.name) if partner else default
    if field == "agreement":
        agreement = Agreement.objects.for_tenant(government).order_by("pk").first()
        # An action needs no agreement: leave the example cell empty rather than wrong.
        return (agreement.external_id or agreement.title) if agreement else ""
    if field == "lead_department":
        department = Department.objects.for_tenant(government).order_by("name").first()
        return department.name if department else default
    return default


def example_workbook(kind: str, government: Government) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    importer = importer_for(kind)
    examples = EXAMPLES[kind]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = kind
    with translation.override("en"):
        headers = [importer.column_label(column) for column in importer.columns]
    sheet.append(xlsx_row(sheet, headers))
    sheet.append(
        xlsx_row(
            sheet,
            [
                _reference(government, column.field, str(examples.get(column.field, "")))
                for column in importer.columns
            ],
        )
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(
            14, len(header) + 2
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

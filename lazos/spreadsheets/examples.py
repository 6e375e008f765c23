"""Import templates: for each kind, an XLSX in the person's language, ready to fill in.

- The first sheet has the headers (the columns' labels in that language: the import reads
  them in any of the four languages) and one example row, whose choices, country, themes and
  yes/no are written in that language too and whose references name the government's own
  records, so the file imports as it is.
- "Instructions": one row per column: whether a new record needs it, what to write, the
  valid values or where to find them.
- "Valid values": one column per coded column (kinds, statuses, countries, themes, the
  government's departments, SDG targets, yes/no), and drop-down lists on the first sheet for
  the columns holding one such value (a warning, not a refusal: codes and the other
  languages are accepted too).

Every cell goes through :func:`lazos.core.spreadsheet_safety.xlsx_row`, like every other
spreadsheet Lazos writes.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from lazos.agreements.models import Agreement
from lazos.core.spreadsheet_safety import xlsx_row
from lazos.governments.models import Department, Government
from lazos.partners.models import Partner
from lazos.reference.models import City, SdgTarget, Theme
from lazos.spreadsheets.countries import country_names
from lazos.spreadsheets.importers import (
    LANGUAGES,
    LISTS_SHEET_TITLE,
    Column,
    Importer,
    importer_for,
)

#: Rosario, Argentina, in GeoNames: the example partner's place.
EXAMPLE_PLACE_ID = 3838583
#: Rows of the first sheet that get the drop-down lists.
VALIDATED_ROWS = 1000

# Example cell per field: codes for choices, countries and themes (written in the template's
# language), text otherwise; references are replaced by the government's own records if any.
EXAMPLES: dict[str, dict[str, Any]] = {
    "partners": {
        "external_id": "P-0001",
        "name": "Rosario",
        "kind": "local_government",
        "country": "AR",
        "place": "Rosario",
        "website": "https://www.rosario.gob.ar",
        "languages": "es",
        "description": _("Sister city since 1998."),
        "is_active": True,
        "tags": _("twinning"),
    },
    "agreements": {
        "external_id": "AG-0001",
        "title": _("Twinning with the City of Rosario"),
        "kind": "twinning",
        "partners": "P-0001",
        "status": "in_force",
        "summary": _("Cooperation in culture, youth and urban planning."),
        "signed_on": "2019-05-31",
        "in_force_from": "2019-06-15",
        "valid_until": "2029-06-14",
        "renewal": "automatic",
        "notice_period_days": "90",
        "lead_department": "International Relations",
        "registration_required": False,
        "themes": ["culture", "urban-planning"],
        "sdg_targets": "11.4; 17.17",
        "tags": _("twinning"),
        "is_public": False,
    },
    "actions": {
        "external_id": "A-0001",
        "title": _("Youth exchange with Rosario"),
        "modality": "technical_exchange",
        "status": "planned",
        "description": _("Twenty young people from each city spend two weeks in the other."),
        "start_date": "2025-03-01",
        "end_date": "2025-06-30",
        "partners": "P-0001",
        "agreement": "AG-0001",
        "lead_department": "International Relations",
        "themes": ["education"],
        "sdg_targets": "4.7",
        "tags": _("youth; exchange"),
        "is_public": False,
        "location": "Rosario",
    },
}

HOW_TO_WRITE: dict[str, Any] = {
    "text": _("Text."),
    "date": _("A date: 2024-05-31 or 31/05/2024."),
    "decimal": _("A number."),
    "integer": _("A whole number."),
    "boolean": _("Yes or no, in any of the four languages (see “%(sheet)s”)."),
    "choice": _(
        "One of the values of this column in the sheet “%(sheet)s” (a drop-down list); "
        "its code, or its name in another language, is accepted too."
    ),
    "country": _(
        "The country's name in English, Spanish, French or Portuguese (“United States”, "
        "“EE. UU.”, “Brasil”, “Royaume-Uni”), or its ISO code (“US”, “USA”). The sheet "
        "“%(sheet)s” lists them."
    ),
    "place": _(
        "For a city or region: the place in GeoNames, by any of its names (“Kraków”, "
        "“Cracovia”), found in the row's country; or its GeoNames id. Leave it empty for an "
        "organisation, or a place of fewer than 15,000 inhabitants."
    ),
    "languages": _("Language codes separated by “;”, such as “fr; en”."),
    "tags": _("Words separated by “;”."),
    "partners": _(
        "Partners of the government, by their external id or exact name, separated by “;”."
    ),
    "agreement": _("An agreement of the government, by its external id or exact title."),
    "department": _("A department, by its name or acronym (see “%(sheet)s”)."),
    "departments": _("Departments, by their names or acronyms, separated by “;”."),
    "themes": _(
        "Themes by their names (in any of the four languages) or codes, separated by “;” "
        "(see “%(sheet)s”)."
    ),
    "sdg_targets": _("SDG target codes separated by “;”, such as “11.6; 17.17”."),
}
EXTERNAL_ID_HELP = _(
    "Your own identifier of the record. A row whose external id is already used updates "
    "that record; a row without one creates a new record."
)


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


def _yes_no(value: bool) -> str:
    return gettext("yes") if value else gettext("no")


def _example(importer: Importer, column: Column, government: Government) -> str:
    """The example cell of a column, in the active language."""
    value = EXAMPLES[importer.kind].get(column.field, "")
    if column.parser == "choice":
        return str(dict(importer.model_field(column).choices).get(value, value))
    if column.parser == "country":
        return str(dict(country_names()).get(value, value))
    if column.parser == "boolean":
        return _yes_no(bool(value))
    if column.parser == "place":
        # Only a place Lazos knows (the reference data may not be loaded): else none.
        found = City.objects.filter(pk=EXAMPLE_PLACE_ID).exists()
        return str(value) if found else ""
    if column.parser == "themes":
        themes = {theme.code: theme for theme in Theme.objects.filter(code__in=value)}
        return "; ".join(str(themes[code].name) if code in themes else code for code in value)
    return _reference(government, column.field, str(value))


def _valid_values(importer: Importer, column: Column, government: Government) -> list[str]:
    """The valid values of a coded column, in the active language ([] for free text)."""
    if column.parser == "choice":
        return [str(label) for _value, label in importer.model_field(column).choices]
    if column.parser == "country":
        return [name for _code, name in country_names()]
    if column.parser == "boolean":
        return [_yes_no(True), _yes_no(False)]
    if column.parser == "themes":
        return [str(theme.name) for theme in Theme.objects.order_by("code")]
    if column.parser in ("department", "departments"):
        return list(
            Department.objects.for_tenant(government)
            .order_by("name")
            .values_list("name", flat=True)
        )
    if column.parser == "sdg_targets":
        return [
            f"{target.code} {target.name}"
            for target in SdgTarget.objects.order_by("goal__number", "position")
        ]
    return []


def _header_style(sheet: Worksheet, widths: list[int]) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def example_workbook(kind: str, government: Government, language: str | None = None) -> bytes:
    """The import template of ``kind`` in ``language`` (the active language by default)."""
    with translation.override(language or translation.get_language() or LANGUAGES[0]):
        return _workbook(kind, government)


def _workbook(kind: str, government: Government) -> bytes:
    importer = importer_for(kind)
    lists_title = str(LISTS_SHEET_TITLE)[:31]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = str(capfirst(importer.model._meta.verbose_name_plural))[:31]
    instructions = workbook.create_sheet(gettext("Instructions")[:31])
    lists = workbook.create_sheet(lists_title)

    headers = [str(capfirst(importer.model_field(c).verbose_name)) for c in importer.columns]
    sheet.append(xlsx_row(sheet, headers))
    sheet.append(xlsx_row(sheet, [_example(importer, c, government) for c in importer.columns]))
    _header_style(sheet, [max(14, len(header) + 2) for header in headers])
    sheet.freeze_panes = "A2"

    instructions.append(
        xlsx_row(
            instructions,
            [
                gettext("Column"),
                gettext("Needed to create a record"),
                gettext("What to write"),
                gettext("Valid values"),
            ],
        )
    )
    list_headers: list[str] = []
    list_columns: list[list[str]] = []
    for index, (column, header) in enumerate(zip(importer.columns, headers, strict=True)):
        values = _valid_values(importer, column, government)
        if column.field == "external_id":
            how = str(EXTERNAL_ID_HELP)
        else:
            how = str(HOW_TO_WRITE.get(column.parser, HOW_TO_WRITE["text"])) % {
                "sheet": lists_title
            }
            help_text = str(importer.model_field(column).help_text or "")
            if column.parser == "text" and help_text:
                how = help_text
        shown = "; ".join(values[:12]) + ("…" if len(values) > 12 else "")
        instructions.append(
            xlsx_row(
                instructions,
                [header, _yes_no(column.required), how, shown],
            )
        )
        if not values:
            continue
        list_headers.append(header)
        list_columns.append(values)
        letter = get_column_letter(len(list_headers))
        if not column.many and column.parser in ("choice", "country", "boolean", "department"):
            validation = DataValidation(
                type="list",
                formula1=f"{quote_sheetname(lists_title)}!${letter}$2:${letter}${len(values) + 1}",
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle=gettext("Not in the list"),
                error=gettext(
                    "This value is not in the list of the sheet “%(sheet)s”. Codes and the "
                    "names in the other languages are accepted too: see “Instructions”."
                )
                % {"sheet": lists_title},
            )
            target = get_column_letter(index + 1)
            validation.add(f"{target}2:{target}{VALIDATED_ROWS}")
            sheet.add_data_validation(validation)
    lists.append(xlsx_row(lists, list_headers or [lists_title]))
    for line in range(max((len(values) for values in list_columns), default=0)):
        lists.append(
            xlsx_row(
                lists, [values[line] if line < len(values) else None for values in list_columns]
            )
        )
    _header_style(instructions, [28, 14, 70, 70])
    for row in instructions.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    _header_style(lists, [max(16, len(header) + 2) for header in list_headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

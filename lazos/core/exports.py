"""Export any list, with its current filters, to CSV or XLSX.

A list view declares ``export_fields``: (accessor, label) pairs. An accessor is a dotted path
(``"lead_department.name"``), a method or property name, or a callable taking the object.
Many-to-many managers are joined with "; ". The queryset is the view's own (same scoping,
filters and prefetching), unpaginated.

Every cell goes through :mod:`lazos.core.spreadsheet_safety`: a text starting with
``= + - @``, a tab or a carriage return is escaped with an apostrophe so no spreadsheet
program runs it as a formula; numbers and dates stay typed values.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Manager, Model
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from lazos.core.spreadsheet_safety import neutralise, neutralise_row, xlsx_row

ExportField = tuple[str | Callable[[Any], Any], Any]
FORMATS = ("csv", "xlsx")
MAX_ROWS = 100_000
# A list of more rows than this is exported by the job worker, not in the request (#13): the
# request answers at once with the job's page, which offers the file when it is written. A
# smaller one (well under a second) is answered at once.
INLINE_ROWS = 2_000

# The function that queues the export of a large list (registered by the app that keeps the
# exported files, so the core imports no app): (request, format, list name, rows) → response.
QueueExport = Callable[[Any, str, str, int], HttpResponse]
_export_queue: list[QueueExport] = []


def register_export_queue(function: QueueExport) -> QueueExport:
    _export_queue[:] = [function]
    return function


def queued_export(request: Any, fmt: str, name: str, total: int) -> HttpResponse | None:
    """The answer to an export of ``total`` rows: None when it is small enough to be written
    in the request, else the registered queue's response (a redirect to the job's page)."""
    if total <= INLINE_ROWS or not _export_queue:
        return None
    return _export_queue[0](request, fmt, name, total)


def resolve(obj: Any, accessor: str | Callable[[Any], Any]) -> Any:
    if callable(accessor):
        return accessor(obj)
    value = obj
    for part in accessor.split("."):
        if value is None:
            return None
        display = getattr(value, f"get_{part}_display", None)
        value = display() if callable(display) else getattr(value, part, None)
        if isinstance(value, Manager):
            value = "; ".join(str(item) for item in value.all())
        elif callable(value) and not isinstance(value, Model):
            value = value()
    return value


def cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def rows(objects: Iterable[Any], fields: Sequence[ExportField]) -> Iterable[list[Any]]:
    for obj in objects:
        yield [cell(resolve(obj, accessor)) for accessor, _label in fields]


def export_response(
    objects: Iterable[Any], fields: Sequence[ExportField], fmt: str, name: str
) -> HttpResponse:
    headers = [str(label) for _accessor, label in fields]
    stamp = timezone.localdate().isoformat()
    filename = f"{slugify(name) or 'export'}-{stamp}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(neutralise_row(headers))
        for row in rows(objects, fields):
            writer.writerow(
                [v.isoformat() if isinstance(v, datetime.date) else neutralise(v) for v in row]
            )
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=(str(name) or "export")[:31])
        sheet.append(xlsx_row(sheet, headers))
        for row in rows(objects, fields):
            sheet.append(xlsx_row(sheet, row))
        buffer_bytes = io.BytesIO()
        workbook.save(buffer_bytes)
        response = HttpResponse(
            buffer_bytes.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

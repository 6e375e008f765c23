"""The partner list exports its filtered rows to CSV and XLSX."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lazos.partners.tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(world):
    PartnerFactory.create(government=world.government, name="Bogotá", country="CO", kind="company")
    PartnerFactory.create(government=world.government, name="Medellín", country="CO")
    PartnerFactory.create(government=world.government, name="Lyon", country="FR")
    PartnerFactory.create(government=world.other_government, name="Foreign", country="CO")


def test_csv_export_has_only_the_filtered_rows(world, partners):
    response = world.client_for("viewer").get(
        reverse("partners:partner-list"), {"country": "CO", "export": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "Kind", "Country"]
    assert sorted(row[0] for row in rows[1:]) == ["Bogotá", "Medellín"]
    assert {row[2] for row in rows[1:]} == {"Colombia"}


def test_xlsx_export_has_only_the_filtered_rows(world, partners):
    response = world.client_for("viewer").get(
        reverse("partners:partner-list"), {"country": "CO", "kind": "company", "export": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "Name"
    assert [row[0] for row in values[1:]] == ["Bogotá"]
    assert values[1][1] == "company"


def test_filters_still_apply_after_the_api_schema_was_generated(world, partners):
    """Generating the OpenAPI schema builds form fields on the class's filters; the list's
    per-government choices must still be used afterwards."""
    from drf_spectacular.generators import SchemaGenerator

    SchemaGenerator().get_schema(request=None, public=True)
    response = world.client_for("viewer").get(
        reverse("partners:partner-list"), {"country": "CO", "export": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row[0] for row in rows[1:]) == ["Bogotá", "Medellín"]


def test_the_export_says_which_partners_may_be_duplicates(world, partners):
    PartnerFactory.create(government=world.government, name="Alcaldía de Medellín", country="CO")
    response = world.client_for("viewer").get(reverse("partners:partner-list"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    column = rows[0].index("Possible duplicate")
    flagged = {row[0]: row[column] for row in rows[1:]}
    assert flagged["Medellín"] == flagged["Alcaldía de Medellín"] != flagged["Lyon"]

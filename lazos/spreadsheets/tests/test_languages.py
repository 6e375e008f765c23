"""Spreadsheets people already have (#13, point 6): templates in the person's language,
countries and headers in any of the four languages, refusals that list the valid values."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from lazos.partners.models import Partner
from lazos.reference.loaders import search_text
from lazos.reference.models import City
from lazos.spreadsheets.choices import ImportKind
from lazos.spreadsheets.countries import find_country
from lazos.spreadsheets.importers import LISTS_SHEET_TITLE, plan
from lazos.spreadsheets.readers import read_bytes, read_spreadsheet
from lazos.spreadsheets.tests.helpers import write_csv, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("United States", "US"),
        ("United States of America", "US"),
        ("USA", "US"),
        ("U.S.", "US"),
        ("EE. UU.", "US"),
        ("EEUU", "US"),
        ("Estados Unidos", "US"),
        ("États-Unis", "US"),
        ("Spain", "ES"),
        ("España", "ES"),
        ("Espagne", "ES"),
        ("Espanha", "ES"),
        ("UK", "GB"),
        ("United Kingdom", "GB"),
        ("Reino Unido", "GB"),
        ("Royaume-Uni", "GB"),
        ("Brasil", "BR"),
        ("Brésil", "BR"),
        ("México", "MX"),
        ("MEXICO", "MX"),
        ("Mexique", "MX"),
        ("Polônia", "PL"),  # Brazilian Portuguese
        ("Polónia", "PL"),  # European Portuguese
        ("the Netherlands", "NL"),
        ("Holland", "NL"),
        ("Países Bajos", "NL"),
        ("Côte d'Ivoire", "CI"),
        ("Costa de Marfil", "CI"),
        ("Bolivia", "BO"),
        ("fr", "FR"),
        ("FRA", "FR"),
        ("Colombie", "CO"),
    ],
)
def test_countries_in_four_languages_common_forms_and_codes(written, code):
    assert find_country(written) == (code, [])


def test_a_name_of_several_countries_is_ambiguous():
    assert find_country("Korea") == (None, ["KP", "KR"])
    assert find_country("Atlantis") == (None, [])


@pytest.mark.parametrize("language", ["en", "es", "fr", "pt"])
@pytest.mark.parametrize("kind", ImportKind.values)
def test_the_templates_in_each_language_import_as_they_are(world, kind, language):
    Partner.objects.create(
        government=world.government, name="Rosario", kind="local_government", external_id="P-1"
    )
    client = world.client_for("coordinator")
    response = client.get(
        reverse("spreadsheets:import-template"), {"kind": kind, "language": language}
    )
    assert response.status_code == 200
    assert f"template-{language}.xlsx" in response["Content-Disposition"]
    preview = plan(world.government, read_bytes(response.content, "t.xlsx"), kind=kind)
    assert preview.errors == [], (kind, language, preview.errors)
    assert preview.ignored_headers == []
    assert len(preview.to_create) == 1


def test_the_spanish_partner_template(world):
    client = world.client_for("coordinator")
    response = client.get(
        reverse("spreadsheets:import-template"), {"kind": "partners", "language": "es"}
    )
    workbook = load_workbook(io.BytesIO(response.content))
    with translation.override("es"):
        titles = [gettext("Instructions"), str(LISTS_SHEET_TITLE)]
    assert workbook.sheetnames == ["Socios", *titles]
    sheet = workbook["Socios"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:5] == ["Identificador externo", "Nombre", "Tipo", "País", "Lugar (GeoNames)"]
    assert rows[1][2:4] == ["gobierno local o regional extranjero", "Argentina"]
    # Drop-down lists on the kind, the country and "active".
    validated = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    assert {"C2", "D2"} <= validated
    lists = workbook[titles[1]]
    header = [cell.value for cell in lists[1]]
    assert "País" in header
    countries = [row[header.index("País")].value for row in lists.iter_rows(min_row=2)]
    assert {"Estados Unidos", "España", "Brasil"} <= set(countries)
    instructions = [[c.value for c in row] for row in workbook[titles[0]].iter_rows()]
    place = next(row for row in instructions if row[0] == "Lugar (GeoNames)")
    assert "GeoNames" in place[2]


def test_headers_in_portuguese_and_french(world, tmp_path):
    path = write_csv(
        tmp_path / "parceiros.csv",
        ["Identificador externo", "Nome", "Tipo", "País", "Local (GeoNames)", "Idiomas"],
        [
            [
                "X-1",
                "Cidade de Lyon",
                "collectivité locale ou régionale étrangère",
                "França",
                "",
                "fr",
            ]
        ],
        delimiter=";",
    )
    preview = plan(world.government, read_spreadsheet(path), kind="partners")
    assert preview.errors == []
    assert preview.ignored_headers == []
    path = write_xlsx(
        tmp_path / "partenaires.xlsx",
        ["Identifiant externe", "Nom", "Type", "Pays", "Lieu", "Langues de travail"],
        [["X-2", "Ville de Porto", "local_government", "Portugal", "", "pt"]],
    )
    preview = plan(world.government, read_spreadsheet(path), kind="partners")
    assert preview.errors == []
    assert preview.ignored_headers == []
    assert preview.to_create[0].values["country"] == "PT"


def _errors(preview):
    return {(error.row, error.column): error.message for error in preview.errors}


def test_every_refusal_of_a_coded_value_lists_the_valid_values(world, tmp_path):
    path = write_xlsx(
        tmp_path / "acciones.xlsx",
        ["Título", "Modalidad", "Estado", "Temas", "Metas ODS", "Área responsable", "Público"],
        [
            ["Misión", "teletransporte", "medio hecho", "astrología", "11.99", "Magia", "quizás"],
            ["Misión 2", "misión al exterior", "planificada", "cultura", "19.1", "", ""],
        ],
    )
    found = _errors(plan(world.government, read_spreadsheet(path), kind="actions"))
    modality = found[(2, "Modalidad")]
    assert "“teletransporte”" in modality
    assert "mission abroad (mission)" in modality
    assert "“medio hecho”" in found[(2, "Estado")]
    assert "planned" in found[(2, "Estado")]
    themes = found[(2, "Temas")]
    assert "“astrología” is not a theme. Use one of:" in themes
    assert "Culture and heritage (culture)" in themes
    assert "11.1; 11.2" in found[(2, "Metas ODS")]
    assert "Culture" in found[(2, "Área responsable")]  # the government's departments
    assert "sí / no" in found[(2, "Público")]
    assert "the goal (1 to 17)" in found[(3, "Metas ODS")]


def test_country_refusals_suggest_and_explain(world, tmp_path):
    path = write_xlsx(
        tmp_path / "p.xlsx",
        ["Name", "Kind", "Country"],
        [
            ["A", "company", "Colmbia"],
            ["B", "company", "Korea"],
            ["C", "company", "Atlantis"],
            ["D", "company", "United States"],
        ],
    )
    found = _errors(plan(world.government, read_spreadsheet(path), kind="partners"))
    assert "Did you mean: Colombia (CO)?" in found[(2, "Country")]
    assert "North Korea (KP); South Korea (KR)" in found[(3, "Country")]
    assert "ISO code" in found[(4, "Country")]
    assert (5, "Country") not in found


def _city(geonameid, name, country, population, others=()):
    return City.objects.create(
        geonameid=geonameid,
        name=name,
        ascii_name=name,
        country=country,
        population=population,
        latitude=Decimal("0"),
        longitude=Decimal("0"),
        timezone="UTC",
        search_text=search_text(name, name, others),
    )


def test_the_place_column(world, tmp_path):
    _city(2509954, "Valencia", "ES", 814208, ["València"])
    _city(3625549, "Valencia", "VE", 1385224)
    _city(3094802, "Kraków", "PL", 755050, ["Cracovia", "Krakow"])
    path = write_xlsx(
        tmp_path / "p.xlsx",
        ["Name", "Kind", "Country", "Place"],
        [
            ["Valencia", "local_government", "Venezuela", "Valencia"],
            ["València", "local_government", "", "Valencia"],  # which one?
            ["Kraków", "local_government", "", "Cracovia"],  # one place: its country
            ["Kraków 2", "local_government", "PL", "3094802"],  # a GeoNames id
            ["Gotham", "local_government", "US", "Gotham"],
            ["Kraków 3", "local_government", "ES", "3094802"],
        ],
    )
    preview = plan(world.government, read_spreadsheet(path), kind="partners")
    found = _errors(preview)
    assert "several countries" in found[(3, "Place")]
    assert "[2509954]" in found[(3, "Place")]
    assert "[3625549]" in found[(3, "Place")]
    assert "No place is called “Gotham” in United States of America (US)" in found[(6, "Place")]
    assert "is not in Spain (ES)" in found[(7, "Place")]
    places = {row.number: row.values["place"].pk for row in preview.rows}
    assert places == {2: 3625549, 4: 3094802, 5: 3094802}


def test_partners_named_as_in_the_list_are_found_or_suggested(world, tmp_path):
    medellin = Partner.objects.create(
        government=world.government, name="Alcaldía de Medellín", kind="local_government"
    )
    path = write_xlsx(
        tmp_path / "acuerdos.xlsx",
        ["Título", "Tipo", "Contrapartes"],
        [
            ["Hermanamiento con Medellín", "hermanamiento / ciudad hermana", "Medellín"],
            ["Otro", "twinning", "Alcaldia de Medelin"],
        ],
    )
    preview = plan(world.government, read_spreadsheet(path), kind="agreements")
    assert preview.to_create[0].relations["partners"] == [medellin]
    message = _errors(preview)[(3, "Contrapartes")]
    assert "Did you mean: Alcaldía de Medellín?" in message


def test_rows_of_the_file_that_would_create_the_same_partner(world, tmp_path):
    path = write_xlsx(
        tmp_path / "p.xlsx",
        ["Nombre", "Tipo", "País"],
        [
            ["Medellín", "local_government", "Colombia"],
            ["Alcaldía de Medellín", "local_government", "CO"],
            ["Medellín", "local_government", "Venezuela"],
        ],
    )
    preview = plan(world.government, read_spreadsheet(path), kind="partners")
    assert {row.number: row.same_in_file for row in preview.rows} == {2: [3], 3: [2], 4: []}
    assert [row["row"] for row in preview.sample() if row.get("same_in_file")] == [2, 3]

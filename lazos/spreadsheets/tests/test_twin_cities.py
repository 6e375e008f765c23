"""Acceptance (#13, points 4 and 6): a real list of twin cities, as an office keeps it.

A spreadsheet of 56 partners with Spanish headers, cities written in English, Spanish and
Portuguese, countries in four languages, common English forms and ISO codes, a GeoNames place
column, several rows that are already partners under another name ("Alcaldía de Medellín",
"Prefeitura de São Paulo", "Ville de Lyon"…) and same-named cities of different countries
(Santiago, Valencia, Córdoba). It is uploaded through the import page; the preview shows the
rows matching existing partners ("merge or create?"), the person chooses row by row, and the
applied import links the chosen rows to the existing partners, creates the others and keeps
the same-named cities of different countries apart.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lazos.core.models import AuditEvent
from lazos.partners.models import Partner
from lazos.reference.loaders import search_text
from lazos.reference.models import City
from lazos.spreadsheets.models import ImportRun
from lazos.spreadsheets.tests.helpers import write_xlsx

pytestmark = pytest.mark.django_db

# GeoNames id, name, country, population, other names (as GeoNames gives them).
CITIES = [
    (3674962, "Medellín", "CO", 1999979, ["Medellin"]),
    (3688689, "Bogotá", "CO", 7674366, ["Bogota", "Santa Fe de Bogota"]),
    (3687925, "Cali", "CO", 2392877, ["Santiago de Cali"]),
    (3448439, "São Paulo", "BR", 10021295, ["Sao Paulo", "San Pablo"]),
    (3452925, "Porto Alegre", "BR", 1372741, ["Portoalegre"]),
    (3464975, "Curitiba", "BR", 1718421, []),
    (3451190, "Rio de Janeiro", "BR", 6023699, ["Río de Janeiro"]),
    (2996944, "Lyon", "FR", 472317, ["Lyons", "Lion"]),
    (3031582, "Bordeaux", "FR", 231844, ["Burdeos", "Bordéus"]),
    (2995469, "Marseille", "FR", 870731, ["Marsella", "Marselha", "Marseilles"]),
    (3094802, "Kraków", "PL", 755050, ["Krakow", "Cracovia", "Cracow", "Cracóvia", "Cracovie"]),
    (3871336, "Santiago", "CL", 4837295, ["Santiago de Chile"]),
    (3109642, "Santiago de Compostela", "ES", 95092, ["Santiago"]),
    (2509954, "Valencia", "ES", 814208, ["València", "Valence"]),
    (3625549, "Valencia", "VE", 1385224, []),
    (3860259, "Córdoba", "AR", 1428214, ["Cordoba"]),
    (2519240, "Córdoba", "ES", 328428, ["Cordoba", "Cordoue"]),
    (3838583, "Rosario", "AR", 1173533, []),
    (3441575, "Montevideo", "UY", 1270737, []),
    (4887398, "Chicago", "US", 2720546, []),
    (5391959, "San Francisco", "US", 864816, []),
    (5128581, "New York City", "US", 8804190, ["New York", "Nueva York", "Nova Iorque"]),
    (2643123, "Manchester", "GB", 395515, []),
    (2650225, "Edinburgh", "GB", 464990, ["Edimburgo", "Édimbourg"]),
    (2735943, "Porto", "PT", 249633, ["Oporto"]),
    (2267057, "Lisbon", "PT", 517802, ["Lisboa", "Lisbonne"]),
    (3128760, "Barcelona", "ES", 1620343, ["Barcelone"]),
    (3117735, "Madrid", "ES", 3255944, []),
    (4005539, "Guadalajara", "MX", 1495182, []),
    (3530597, "Mexico City", "MX", 12294193, ["Ciudad de México", "Cidade do México"]),
    (3521081, "Puebla", "MX", 1692181, []),
    (3936456, "Lima", "PE", 7737002, []),
    (3435910, "Buenos Aires", "AR", 13076300, []),
    (2800866, "Brussels", "BE", 1019022, ["Bruxelles", "Bruselas", "Bruxelas"]),
    (2950159, "Berlin", "DE", 3426354, ["Berlín", "Berlim"]),
    (3169070, "Rome", "IT", 2318895, ["Roma"]),
    (6077243, "Montréal", "CA", 1600000, ["Montreal"]),
    (2253354, "Dakar", "SN", 2476400, []),
    (2538475, "Rabat", "MA", 1655753, []),
    (1850147, "Tokyo", "JP", 8336599, ["Tokio", "Tóquio"]),
    (3553478, "Havana", "CU", 2163824, ["La Habana", "Havana"]),
    (3439525, "Asunción", "PY", 1482200, ["Asuncion"]),
    (3911925, "La Paz", "BO", 812799, []),
    (3652462, "Quito", "EC", 1399814, []),
    (3621849, "San José", "CR", 335007, ["San Jose"]),
]


def _city(geonameid: int, name: str, country: str, population: int, others: list[str]) -> City:
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


HEADERS = ["Nombre", "Tipo", "País", "Lugar (GeoNames)", "Sitio web", "Idiomas", "Etiquetas"]
LOCAL = "gobierno local o regional extranjero"  # the Spanish label of the kind

# Name, kind, country (as written), place (as written), website, languages, tags
ROWS: list[tuple[str, str, str, str, str, str, str]] = [
    # Already partners under another name (rows 2-10)
    ("Medellín", LOCAL, "Colombia", "Medellín", "", "es", "hermanamiento"),
    ("Sao Paulo", LOCAL, "Brasil", "São Paulo", "", "pt", "hermanamiento"),
    ("Prefeitura Municipal de São Paulo", "local_government", "Brazil", "Sao Paulo", "", "", ""),
    ("Lyon", LOCAL, "Francia", "Lyon", "https://www.lyon.fr/", "fr", "cultura"),
    ("Cracovia", LOCAL, "Polonia", "Cracovia", "", "pl", ""),
    ("City of Chicago", LOCAL, "USA", "Chicago", "", "en", ""),
    ("Ajuntament de València", LOCAL, "España", "València", "", "ca; es", ""),
    ("Municipalidad de Córdoba", LOCAL, "Argentina", "Córdoba", "", "es", ""),
    ("Rosario", LOCAL, "AR", "Rosario", "", "es", "Mercociudades"),
    # Same name as a partner, another country: new partners (rows 11-13)
    ("Santiago", LOCAL, "Chile", "Santiago", "", "es", ""),
    ("Valencia", LOCAL, "Venezuela", "Valencia", "", "es", ""),
    ("Córdoba", LOCAL, "Spain", "Córdoba", "", "es", ""),
    # New partners, countries in four languages, common forms and ISO codes (rows 14-)
    ("Bogotá", LOCAL, "Colômbia", "Bogotá", "", "es", ""),
    ("Santiago de Cali", LOCAL, "CO", "Cali", "", "es", ""),
    ("Porto Alegre", LOCAL, "Brasil", "Porto Alegre", "", "pt", "Mercocidades"),
    ("Curitiba", LOCAL, "BRA", "Curitiba", "", "pt", ""),
    ("Rio de Janeiro", LOCAL, "Brésil", "Río de Janeiro", "", "pt", ""),
    ("Ville de Bordeaux", LOCAL, "France", "Burdeos", "", "fr", ""),
    ("Marseille", LOCAL, "França", "Marsella", "", "fr", ""),
    ("Montevideo", LOCAL, "Uruguay", "Montevideo", "", "es", "Mercociudades"),
    ("San Francisco", LOCAL, "Estados Unidos", "San Francisco", "", "en", ""),
    ("New York City", LOCAL, "EE. UU.", "Nueva York", "", "en", ""),
    ("Manchester City Council", LOCAL, "UK", "Manchester", "", "en", ""),
    ("City of Edinburgh", LOCAL, "United Kingdom", "Edimburgo", "", "en", ""),
    ("Câmara Municipal do Porto", LOCAL, "Portugal", "Oporto", "", "pt", ""),
    ("Lisboa", LOCAL, "PT", "Lisboa", "", "pt", ""),
    ("Barcelona", LOCAL, "Espanha", "Barcelona", "", "ca; es", ""),
    ("Madrid", LOCAL, "Espagne", "Madrid", "", "es", ""),
    ("Guadalajara", LOCAL, "México", "Guadalajara", "", "es", ""),
    ("Ciudad de México", LOCAL, "Mexique", "Ciudad de México", "", "es", ""),
    ("Puebla", LOCAL, "MEX", "Puebla", "", "es", ""),
    ("Lima", LOCAL, "Perú", "Lima", "", "es", ""),
    ("Buenos Aires", LOCAL, "Argentine", "Buenos Aires", "", "es", ""),
    ("Bruxelles", LOCAL, "Bélgica", "Bruselas", "", "fr; nl", ""),
    ("Berlin", LOCAL, "Alemania", "Berlín", "", "de", ""),
    ("Roma Capitale", LOCAL, "Italia", "Roma", "", "it", ""),
    ("Montréal", LOCAL, "Canadá", "Montreal", "", "fr", ""),
    ("Dakar", LOCAL, "Sénégal", "Dakar", "", "fr", ""),
    ("Rabat", LOCAL, "Marruecos", "Rabat", "", "fr; ar", ""),
    ("Tokio", LOCAL, "Japón", "Tokio", "", "ja", ""),
    ("La Habana", LOCAL, "Cuba", "La Habana", "", "es", ""),
    ("Asunción", LOCAL, "Paraguay", "Asunción", "", "es", ""),
    ("La Paz", LOCAL, "Bolivia", "La Paz", "", "es", ""),
    ("Quito", LOCAL, "Equador", "Quito", "", "es", ""),
    ("San José", LOCAL, "Costa Rica", "San José", "", "es", ""),
    # Not cities: no place
    ("Mercociudades", "city network", "", "", "https://mercociudades.org", "es; pt", ""),
    ("UCLG", "red de ciudades", "", "", "https://www.uclg.org", "en; es; fr", ""),
    ("Metropolis", "réseau de villes", "", "", "https://www.metropolis.org", "en", ""),
    ("Embajada de Francia", "national_government", "Francia", "", "", "fr", ""),
    ("Embaixada do Brasil", "national_government", "Brasil", "", "", "pt", ""),
    ("Universidad de Chile", "universidad o centro de investigación", "Chile", "", "", "es", ""),
    ("Universidade de São Paulo", "university", "Brasil", "", "https://www.usp.br", "pt", ""),
    ("ONU-Hábitat", "international_organisation", "", "", "https://unhabitat.org", "", ""),
    ("Fundación Avina", "foundation", "Panamá", "", "", "es", ""),
    ("Sister Cities International", "civil_society", "Estados Unidos", "", "", "en", ""),
    ("Câmara de Comércio Brasil-Espanha", "company", "Brasil", "", "", "pt", ""),
]

# Existing partners (name, country, place, external id)
EXISTING = [
    ("Alcaldía de Medellín", "CO", 3674962, ""),
    ("Prefeitura de São Paulo", "BR", 3448439, ""),
    ("Ville de Lyon", "FR", 2996944, ""),
    ("City of Kraków", "PL", 3094802, ""),
    ("Chicago", "US", 4887398, "US-CHI"),
    ("Valencia", "ES", 2509954, ""),
    ("Córdoba", "AR", 3860259, ""),
    ("Rosario", "AR", 3838583, "P-1"),
    ("Santiago de Compostela", "ES", 3109642, ""),
]


@pytest.fixture
def cities() -> dict[tuple[str, str], City]:
    return {(c[1], c[2]): _city(*c) for c in CITIES}


@pytest.fixture
def existing(world, cities) -> dict[str, Partner]:
    found = {}
    for name, country, place, external_id in EXISTING:
        found[name] = Partner.objects.create(
            government=world.government,
            name=name,
            kind="local_government",
            country=country,
            place_id=place,
            external_id=external_id,
        )
    return found


def _file(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "hermanamientos.xlsx", HEADERS, [list(row) for row in ROWS])


def _row_of(name: str) -> int:
    return next(index for index, row in enumerate(ROWS, start=2) if row[0] == name)


def test_a_twin_city_list_with_partners_already_there(world, existing, cities, tmp_path):
    assert len(ROWS) >= 50
    before = Partner.objects.count()
    client = world.client_for("coordinator")
    path = _file(tmp_path)
    response = client.post(
        reverse("spreadsheets:import-start"),
        {"kind": "partners", "file": SimpleUploadedFile(path.name, path.read_bytes())},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    run = ImportRun.objects.get()
    assert run.errors == []
    assert (run.to_create, run.to_update, run.error_count) == (len(ROWS), 0, 0)

    # The preview: each row that would create a partner already there is shown with it.
    matched = {row["row"]: row for row in run.sample if row.get("matches")}
    expected = {
        "Medellín": "Alcaldía de Medellín",
        "Sao Paulo": "Prefeitura de São Paulo",
        "Prefeitura Municipal de São Paulo": "Prefeitura de São Paulo",
        "Lyon": "Ville de Lyon",
        "Cracovia": "City of Kraków",
        "City of Chicago": "Chicago",
        "Ajuntament de València": "Valencia",
        "Municipalidad de Córdoba": "Córdoba",
        "Rosario": "Rosario",
    }
    assert {row["label"]: [m["name"] for m in row["matches"]] for row in matched.values()} == {
        label: [name] for label, name in expected.items()
    }
    # Same-named cities of other countries are not offered as matches.
    for name in ("Santiago", "Valencia", "Córdoba"):
        assert _row_of(name) not in matched
    # The two São Paulo rows are also flagged as the same partner as each other.
    sao_paulo = _row_of("Sao Paulo")
    assert matched[sao_paulo]["same_in_file"] == [sao_paulo + 1]
    assert matched[sao_paulo + 1]["same_in_file"] == [sao_paulo]
    page = client.get(run.get_absolute_url()).content.decode()
    assert "9 rows match existing partners: merge or create?" in page
    assert f"Rows of this file that look like the same partner: {sao_paulo + 1}." in page
    for name in expected.values():
        assert f"Use the existing partner “{name}”" in page
    assert page.count('value="new"') == 9
    assert 'form="import-apply-form"' in page

    # Without a choice for every matched row, nothing is applied.
    response = client.post(reverse("spreadsheets:import-apply", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "previewed"
    assert Partner.objects.count() == before

    # The person keeps "Rosario" apart (a new partner), links the others.
    choices = {
        f"match-{number}": ("new" if row["label"] == "Rosario" else str(row["matches"][0]["id"]))
        for number, row in matched.items()
    }
    response = client.post(reverse("spreadsheets:import-apply", args=[run.pk]), choices)
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == "applied", run.errors
    linked_rows = len(expected) - 1
    assert Partner.objects.count() == before + len(ROWS) - linked_rows

    # Linked rows: the existing partner keeps its name and gains what it lacked.
    medellin = Partner.objects.get(pk=existing["Alcaldía de Medellín"].pk)
    assert medellin.name == "Alcaldía de Medellín"
    assert medellin.languages == ["es"]
    assert [t.name for t in medellin.tags.all()] == ["hermanamiento"]
    lyon = Partner.objects.get(pk=existing["Ville de Lyon"].pk)
    assert lyon.website == "https://www.lyon.fr/"
    assert not Partner.objects.filter(name__in=["Medellín", "Lyon", "Cracovia"]).exists()
    assert Partner.objects.filter(name="Rosario").count() == 2
    chicago = Partner.objects.get(pk=existing["Chicago"].pk)
    assert (chicago.name, chicago.external_id) == ("Chicago", "US-CHI")

    # Same-named cities of different countries stay apart, each in its place.
    def place_of(name: str, country: str) -> tuple[str, int | None]:
        partner = Partner.objects.get(name=name, country=country)
        return partner.country.code, partner.place_id

    assert place_of("Santiago", "CL") == ("CL", 3871336)
    assert place_of("Santiago de Compostela", "ES") == ("ES", 3109642)
    assert place_of("Valencia", "VE") == ("VE", 3625549)
    assert place_of("Valencia", "ES") == ("ES", 2509954)
    assert place_of("Córdoba", "ES") == ("ES", 2519240)
    assert place_of("Córdoba", "AR") == ("AR", 3860259)

    # Every city row found its GeoNames place, whatever the language it was written in.
    new_city_rows = [row for row in ROWS if row[3] and row[0] not in expected]
    assert len(new_city_rows) == 36
    places = {
        (partner.name, partner.place_id)
        for partner in Partner.objects.exclude(pk__in=[p.pk for p in existing.values()])
    }
    for name, *_rest in new_city_rows:
        assert any(n == name and place for n, place in places), name
    assert Partner.objects.get(name="Ville de Bordeaux").place_id == 3031582
    assert Partner.objects.get(name="New York City").country.code == "US"
    assert Partner.objects.get(name="City of Edinburgh").place_id == 2650225
    assert Partner.objects.get(name="Câmara Municipal do Porto").place_id == 2735943
    assert Partner.objects.get(name="Sister Cities International").country.code == "US"
    assert Partner.objects.get(name="UCLG").kind == "city_network"

    # Linking is audited as the import's change of the existing partner.
    events = AuditEvent.objects.filter(object_id=str(medellin.pk), channel="import")
    assert events.count() == 1

    page = client.get(run.get_absolute_url()).content.decode()
    assert "Chosen:" in page


def test_the_preview_of_the_list_reads_the_partners_in_a_constant_number_of_queries(
    world, existing, cities, tmp_path, django_assert_max_num_queries
):
    from lazos.spreadsheets.importers import plan
    from lazos.spreadsheets.readers import read_spreadsheet

    sheet = read_spreadsheet(_file(tmp_path))
    # One query per distinct place and a few more, whatever the number of matches.
    with django_assert_max_num_queries(len(ROWS) + 10):
        preview = plan(world.government, sheet, kind="partners")
    assert preview.errors == []
    assert len(preview.matched) == 9

"""Likely duplicate partners: messy real names, the reasons of a match, groups, query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lazos.core.testing.builders import GovernmentFactory
from lazos.partners.choices import PartnerKind
from lazos.partners.duplicates import (
    Candidate,
    MatchReason,
    duplicate_groups,
    find_matches,
    find_matches_for_many,
    name_key,
    website_domain,
)
from lazos.partners.models import Partner
from lazos.partners.tests.factories import PartnerFactory, make_city

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Medellín", "Alcaldía de Medellín"),
        ("MEDELLIN", "Medellín City Council"),
        ("Curitiba", "Prefeitura Municipal de Curitiba"),
        ("Rio de Janeiro", "Prefeitura da Cidade do Rio de Janeiro"),
        ("Lisboa", "Câmara Municipal de Lisboa"),
        ("Saint-Étienne", "Ville de Saint Etienne"),
        ("Saint-Étienne", "Saint Etienne, Mairie de"),
        ("Lyon", "Lyon (Ville de)"),
        ("Paris", "Mairie de Paris"),
        ("Paris", "City of Paris"),
        ("Montevideo", "Intendencia de Montevideo"),
        ("Rosario", "Municipalidad de Rosario"),
        ("Barcelona", "Ajuntament de Barcelona"),
        ("Barcelona City Council", "Ayuntamiento de Barcelona"),
        ("Cape Town", "City of Cape Town"),
        ("Ciudad de México", "Mexico City"),
        ("La Paz", "Gobierno Autónomo Municipal de La Paz"),
        ("İstanbul Büyükşehir Belediyesi", "Istanbul Metropolitan Municipality"),
        ("Universidad de Buenos Aires", "Buenos Aires, Universidad de"),
        ("Ministry of Finance", "finance, ministry of"),
    ],
)
def test_messy_names_have_the_same_key(first, second):
    assert name_key(first) == name_key(second) != ""


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Ville de Québec", "Gouvernement du Québec"),
        ("Prefeitura de São Paulo", "Governo do Estado de São Paulo"),
        ("Universidad de la Ciudad", "Universidad"),
        ("Ministry of Finance", "Ministry of Foreign Affairs"),
    ],
)
def test_different_organisations_keep_different_keys(first, second):
    assert name_key(first) != name_key(second)


def test_a_name_that_is_only_a_prefix_keeps_it():
    assert name_key("Ville") == "ville"
    assert name_key("!!!") == ""


def test_website_domain():
    assert website_domain("https://WWW.Medellin.gov.co/alcaldia") == "medellin.gov.co"
    assert website_domain("medellin.gov.co") == "medellin.gov.co"
    assert website_domain("http://www.example.org:8080/x") == "example.org"
    assert website_domain("https://www.facebook.com/alcaldiademedellin") == ""
    assert website_domain("http://[broken") == ""
    assert website_domain("") == ""


def test_the_key_and_domain_follow_every_save_and_bulk_write():
    partner = PartnerFactory.create(name="Alcaldía de Medellín", website="https://medellin.gov.co")
    assert (partner.match_key, partner.website_domain) == ("medellin", "medellin.gov.co")
    partner.name = "Ville de Lyon"
    partner.save(update_fields=["name"])
    partner.refresh_from_db()
    assert partner.match_key == "lyon"
    government = partner.government
    created = Partner.objects.bulk_create(
        [Partner(government=government, name="Prefeitura de Curitiba", kind="other")]
    )
    assert Partner.objects.get(pk=created[0].pk).match_key == "curitiba"
    partner.name, partner.website = "City of Porto", "https://www.cm-porto.pt"
    Partner.objects.bulk_update([partner], ["name", "website"])
    partner.refresh_from_db()
    assert (partner.match_key, partner.website_domain) == ("porto", "cm-porto.pt")


def test_find_matches_gives_the_reasons():
    government = GovernmentFactory.create()
    medellin = PartnerFactory.create(
        government=government,
        name="Alcaldía de Medellín",
        country="CO",
        website="https://www.medellin.gov.co",
    )
    PartnerFactory.create(government=government, name="Medellín", country="ES")  # elsewhere
    matches = find_matches(government, name="MEDELLIN", country="CO")
    assert [(m.partner, m.reasons) for m in matches] == [(medellin, [MatchReason.NAME])]
    by_site = find_matches(
        government, name="Empresa X", country="CO", website="http://medellin.gov.co/en"
    )
    assert [(m.partner, m.reasons) for m in by_site] == [(medellin, [MatchReason.WEBSITE])]
    both = find_matches(government, name="Medellin", country="CO", website="medellin.gov.co")
    assert both[0].reasons == [MatchReason.NAME, MatchReason.WEBSITE]
    assert both[0].reason_labels == ["same name in the same country", "same website domain"]
    # The partner being edited does not duplicate itself.
    assert find_matches(government, name="Medellín", country="CO", exclude=medellin) == []


def test_same_name_in_three_countries_is_not_a_duplicate_unless_same_iati_or_domain():
    government = GovernmentFactory.create()
    for country in ("FR", "SN", "BR"):
        PartnerFactory.create(
            government=government,
            name="Ministry of Finance",
            country=country,
            kind=PartnerKind.NATIONAL_GOVERNMENT,
        )
    assert duplicate_groups(government) == []
    assert [
        m.partner.country
        for m in find_matches(government, name="Finance, Ministry of", country="SN")
    ] == ["SN"]
    PartnerFactory.create(
        government=government,
        name="World Bank",
        country="",
        iati_identifier="44000",
        kind=PartnerKind.INTERNATIONAL_ORGANISATION,
    )
    matches = find_matches(government, name="IBRD", country="US", iati_identifier="44000")
    assert [m.reasons for m in matches] == [[MatchReason.IATI]]


def test_place_matches_need_the_same_kind():
    government = GovernmentFactory.create()
    paris = make_city()
    city_hall = PartnerFactory.create(
        government=government, name="Hôtel de Ville", country="FR", place=paris
    )
    PartnerFactory.create(
        government=government,
        name="Sorbonne",
        country="FR",
        place=paris,
        kind=PartnerKind.UNIVERSITY,
    )
    matches = find_matches(
        government, name="Paris", country="FR", place=paris, kind=PartnerKind.LOCAL_GOVERNMENT
    )
    assert [(m.partner, m.reasons) for m in matches] == [(city_hall, [MatchReason.PLACE])]
    assert duplicate_groups(government) == []


def test_duplicate_groups_join_partners_sharing_any_value():
    government = GovernmentFactory.create()
    a = PartnerFactory.create(government=government, name="Medellín", country="CO")
    b = PartnerFactory.create(
        government=government,
        name="Alcaldía de Medellín",
        country="CO",
        website="https://medellin.gov.co",
    )
    c = PartnerFactory.create(
        government=government,
        name="Medellin Town Hall (old record)",
        country="CO",
        website="https://www.medellin.gov.co/x",
    )
    d = PartnerFactory.create(government=government, name="Curitiba", country="BR")
    e = PartnerFactory.create(government=government, name="Prefeitura de Curitiba", country="BR")
    PartnerFactory.create(government=government, name="Curitiba", country="PT")
    other = GovernmentFactory.create()
    PartnerFactory.create(government=other, name="Medellín", country="CO")
    groups = duplicate_groups(government)
    assert [set(g.partners) for g in groups] == [{a, b, c}, {d, e}]
    assert groups[0].reasons == [MatchReason.NAME, MatchReason.WEBSITE]
    flagged = set(Partner.objects.for_tenant(government).possible_duplicates())
    assert flagged == {a, b, c, d, e}


def test_thousands_of_partners_constant_queries():
    government = GovernmentFactory.create()
    countries = ["FR", "ES", "BR", "CO", "PT", "MX", "AR", "IT"]
    Partner.objects.bulk_create(
        [
            Partner(
                government=government,
                name=f"Ciudad número {i}",
                country=countries[i % len(countries)],
                kind=PartnerKind.LOCAL_GOVERNMENT,
                website=f"https://city{i}.example.org",
            )
            for i in range(3000)
        ]
    )
    Partner.objects.bulk_create(
        [
            Partner(government=government, name="Alcaldía de Medellín", country="CO", kind="other"),
            Partner(government=government, name="Medellin", country="CO", kind="other"),
        ]
    )
    candidates = [
        Candidate(name=f"City of numero {i}", country=countries[i % len(countries)])
        for i in range(200)
    ] + [Candidate(name="medellín", country="CO")]
    with CaptureQueriesContext(connection) as queries:
        found = find_matches_for_many(government, candidates)
    assert len(queries.captured_queries) == 1
    assert all(len(matches) == 1 for matches in found[:200])
    assert len(found[-1]) == 2
    with CaptureQueriesContext(connection) as queries:
        groups = duplicate_groups(government)
    assert len(queries.captured_queries) == 4
    assert [len(g.partners) for g in groups] == [2]
    with CaptureQueriesContext(connection) as queries:
        assert Partner.objects.for_tenant(government).possible_duplicates().count() == 2
    assert len(queries.captured_queries) == 1


# A list of twin cities as offices keep them: English, Spanish and Portuguese names, with or
# without the city hall's title, several countries; some are partners already.
TWIN_CITY_LIST = [
    ("Medellín", "CO", "https://www.medellin.gov.co"),
    ("City of Rosario", "AR", ""),
    ("Prefeitura Municipal de Curitiba", "BR", ""),
    ("Porto Alegre", "BR", "https://prefeitura.poa.br"),
    ("Câmara Municipal de Lisboa", "PT", ""),
    ("Ayuntamiento de Barcelona", "ES", ""),
    ("Montevideo", "UY", ""),
    ("Ciudad de México", "MX", ""),
    ("Saint-Louis", "SN", ""),
    ("Saint Louis", "US", ""),
    ("Quito", "EC", ""),
    ("Valparaíso", "CL", ""),
]


def test_a_twin_city_list_finds_the_existing_partners():
    government = GovernmentFactory.create()
    existing = {
        "medellin": PartnerFactory.create(
            government=government, name="Alcaldía de Medellín", country="CO"
        ),
        "poa": PartnerFactory.create(
            government=government,
            name="Prefeitura de Porto Alegre (PMPA)",
            country="BR",
            website="http://www.prefeitura.poa.br/",
        ),
        "lisboa": PartnerFactory.create(government=government, name="Lisboa", country="PT"),
        "barcelona": PartnerFactory.create(
            government=government, name="Barcelona City Council", country="ES"
        ),
        "montevideo": PartnerFactory.create(
            government=government, name="Intendencia de Montevideo", country="UY"
        ),
        "saint-louis": PartnerFactory.create(
            government=government, name="Ville de Saint-Louis", country="SN"
        ),
        "rosario-es": PartnerFactory.create(
            government=government, name="Rosario", country="ES"
        ),  # another country: not Rosario (AR)
    }
    candidates = [
        Candidate(name=name, country=country, website=website)
        for name, country, website in TWIN_CITY_LIST
    ]
    with CaptureQueriesContext(connection) as queries:
        found = find_matches_for_many(government, candidates)
    assert len(queries.captured_queries) == 1
    matched = {
        candidate.name: [(m.partner, m.reasons) for m in matches]
        for candidate, matches in zip(candidates, found, strict=True)
        if matches
    }
    assert matched == {
        "Medellín": [(existing["medellin"], [MatchReason.NAME])],
        "Porto Alegre": [(existing["poa"], [MatchReason.WEBSITE])],
        "Câmara Municipal de Lisboa": [(existing["lisboa"], [MatchReason.NAME])],
        "Ayuntamiento de Barcelona": [(existing["barcelona"], [MatchReason.NAME])],
        "Montevideo": [(existing["montevideo"], [MatchReason.NAME])],
        "Saint-Louis": [(existing["saint-louis"], [MatchReason.NAME])],
    }

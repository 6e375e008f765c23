"""Organisations of imported IATI activities becoming partners: by identifier first, then by
name and country (bodies of different countries never merged), kind from the organisation
type, country from a national registry's identifier or the implementing body's recipient
country, and the preview of partners created and matched."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lazos.core.audit import Channel
from lazos.core.models import AuditEvent
from lazos.core.testing.builders import GovernmentFactory
from lazos.iati.organisations import (
    BY_IDENTIFIER,
    BY_NAME_AND_COUNTRY,
    FROM_IDENTIFIER,
    FROM_RECIPIENT_COUNTRY,
    PartnerResolver,
    activity_organisations,
    country_of_identifier,
    normalise_name,
    partner_kind,
)
from lazos.iati.reader import ActivityData, read_file
from lazos.iati.services import apply_import, import_file, preview_import
from lazos.partners.choices import PartnerKind
from lazos.partners.models import Partner
from lazos.partners.services import create_partner
from lazos.reference.codelists import ORGANISATION_TYPES

pytestmark = pytest.mark.django_db

GOVERNMENT_ID = "MX-RFC-CDM123456"


@pytest.fixture
def government():
    return GovernmentFactory.create(
        slug="ciudad-prueba",
        name="Ciudad de Prueba",
        official_languages=["es"],
        currency="MXN",
        iati_organisation_identifier=GOVERNMENT_ID,
    )


def activity_xml(
    identifier: str,
    *,
    organisations: str = "",
    countries: tuple[str, ...] = (),
    transactions: str = "",
    reporting: str = '<reporting-org ref="XM-DAC-41114" type="40">'
    "<narrative>Programa de las Naciones Unidas para el Desarrollo</narrative>"
    "</reporting-org>",
    language: str = "es",
) -> str:
    recipient = "".join(
        f'<recipient-country code="{code}" percentage="{100 // len(countries)}"/>'
        for code in countries
    )
    return f"""
<iati-activity xml:lang="{language}" default-currency="USD">
  <iati-identifier>{identifier}</iati-identifier>
  {reporting}
  <title><narrative>Actividad {identifier}</narrative></title>
  <description><narrative>Descripción de la actividad.</narrative></description>
  {organisations}
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2023-01-01"/>
  {recipient}
  {transactions}
</iati-activity>"""


def org(role: str, name: str, *, ref: str = "", type: str = "", lang: str = "") -> str:
    attributes = (
        f'role="{role}"' + (f' ref="{ref}"' if ref else "") + (f' type="{type}"' if type else "")
    )
    language = f' xml:lang="{lang}"' if lang else ""
    return (
        f"<participating-org {attributes}><narrative{language}>{name}</narrative>"
        "</participating-org>"
    )


def write_file(tmp_path: Path, *activities: str, name: str = "file.xml") -> Path:
    path = tmp_path / name
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">'
        + "".join(activities)
        + "</iati-activities>\n",
        encoding="utf-8",
    )
    return path


def read_activity(tmp_path: Path, activity: str) -> ActivityData:
    return read_file(str(write_file(tmp_path, activity)), default_language="es").activities[0]


def organisations_of(tmp_path: Path, activity: str):
    return activity_organisations(
        read_activity(tmp_path, activity),
        own_identifier=GOVERNMENT_ID,
        own_name="Ciudad de Prueba",
    )


def partners(government):
    return list(Partner.objects.for_tenant(government).order_by("pk"))


# Pure rules ------------------------------------------------------------------------------


def test_names_compare_without_case_accents_punctuation_or_spacing():
    same = {
        normalise_name(name)
        for name in (
            "Ministère de l'Économie et des Finances",
            "  MINISTERE DE L’ECONOMIE   ET DES FINANCES ",
            "ministère de l économie et des finances.",
        )
    }
    assert same == {"ministere de l economie et des finances"}
    assert normalise_name("Secretaría de Relações Exteriores") == normalise_name(
        "SECRETARIA DE RELACOES EXTERIORES"
    )
    assert normalise_name("Straße") == normalise_name("STRASSE")
    assert normalise_name("Ministry of Finance") != normalise_name("Ministry of Health")


@pytest.mark.parametrize(
    ("ref", "country"),
    [
        ("GB-COH-01234567", "GB"),
        ("ES-DIR3-E04585801", "ES"),
        ("BR-CNPJ-33781055000135", "BR"),
        ("fr-rna-W751234567", "FR"),
        (" PE-RUC-20131370645 ", "PE"),
        ("GB-1-105877", "GB"),
        ("XM-DAC-41114", ""),  # an international registry (the OECD DAC's codes)
        ("XI-IATI-EC_INTPA", ""),  # IATI's own registry
        ("AA-AAA-123456789", ""),  # "AA" is not a country
        ("EU-123", ""),  # not an ISO 3166 country
        ("41114", ""),  # no registration agency at all
        ("GB", ""),
        ("GB-", ""),
        ("", ""),
        ("1A-XYZ-1", ""),
    ],
)
def test_country_of_identifier_only_for_national_registries(ref, country):
    assert country_of_identifier(ref) == country


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("10", PartnerKind.NATIONAL_GOVERNMENT),
        ("11", PartnerKind.LOCAL_GOVERNMENT),
        ("15", PartnerKind.NATIONAL_GOVERNMENT),
        ("21", PartnerKind.CIVIL_SOCIETY),
        ("22", PartnerKind.CIVIL_SOCIETY),
        ("23", PartnerKind.CIVIL_SOCIETY),
        ("24", PartnerKind.CIVIL_SOCIETY),
        ("30", PartnerKind.COMPANY),
        ("40", PartnerKind.INTERNATIONAL_ORGANISATION),
        ("60", PartnerKind.FOUNDATION),
        ("70", PartnerKind.COMPANY),
        ("71", PartnerKind.COMPANY),
        ("72", PartnerKind.COMPANY),
        ("73", PartnerKind.COMPANY),
        ("80", PartnerKind.UNIVERSITY),
        ("90", PartnerKind.OTHER),
        ("", PartnerKind.OTHER),
        ("99", PartnerKind.OTHER),
        (" 40 ", PartnerKind.INTERNATIONAL_ORGANISATION),
    ],
)
def test_partner_kind_from_the_organisation_type(code, kind):
    assert partner_kind(code) == kind


def test_every_organisation_type_has_a_partner_kind():
    for code in ORGANISATION_TYPES:
        assert partner_kind(code) in PartnerKind.values
        assert (partner_kind(code) == PartnerKind.OTHER) == (code == "90")


# The organisations an activity names -----------------------------------------------------


def test_reporting_participating_provider_and_receiver_organisations(tmp_path):
    transactions = """
  <transaction>
    <transaction-type code="3"/><transaction-date iso-date="2023-03-01"/>
    <value value-date="2023-03-01">25000</value>
    <provider-org ref="XM-DAC-41114" type="40"><narrative>PNUD</narrative></provider-org>
    <receiver-org ref="BO-NIT-1020703023" type="22" receiver-activity-id="BO-NIT-1020703023-7">
      <narrative>Fundación Jubileo</narrative></receiver-org>
  </transaction>
  <transaction>
    <transaction-type code="4"/><transaction-date iso-date="2023-04-01"/>
    <value value-date="2023-04-01">1200</value>
    <receiver-org><narrative>Consultora Andina S.R.L.</narrative></receiver-org>
  </transaction>"""
    found = organisations_of(
        tmp_path,
        activity_xml(
            "XM-DAC-41114-BOL-1",
            organisations=org("1", "Ciudad de Prueba", ref=GOVERNMENT_ID, type="11")
            + org("4", "Fundación Jubileo", type="22")  # no ref: joins the one with a ref
            + org("3", "Programa de las Naciones Unidas para el Desarrollo", ref="XM-DAC-41114"),
            countries=("BO",),
            transactions=transactions,
        ),
    )
    by_name = {o.name: o for o in found}
    # The government itself (by identifier) is not a partner of its own activities.
    assert "Ciudad de Prueba" not in by_name
    assert list(by_name) == [
        "Fundación Jubileo",
        "Programa de las Naciones Unidas para el Desarrollo",
        "Consultora Andina S.R.L.",
    ]
    jubileo = by_name["Fundación Jubileo"]
    assert jubileo.ref == "BO-NIT-1020703023"
    assert jubileo.roles == ["4", "receiver"]
    assert (jubileo.country, jubileo.country_source) == ("BO", FROM_IDENTIFIER)
    assert jubileo.kind == PartnerKind.CIVIL_SOCIETY
    undp = by_name["Programa de las Naciones Unidas para el Desarrollo"]
    assert undp.roles == ["3", "reporting", "provider"]
    assert (undp.type, undp.kind, undp.country) == (
        "40",
        PartnerKind.INTERNATIONAL_ORGANISATION,
        "",
    )
    consultora = by_name["Consultora Andina S.R.L."]
    assert (consultora.ref, consultora.roles, consultora.country) == ("", ["receiver"], "")


def test_country_from_the_single_recipient_country_only_for_the_implementing_body(tmp_path):
    found = organisations_of(
        tmp_path,
        activity_xml(
            "XM-DAC-41114-MOZ-1",
            organisations=org("4", "Ministério da Economia e Finanças", type="10", lang="pt")
            + org("1", "Ministério dos Negócios Estrangeiros", type="10", lang="pt")
            + org("4", "Organização Internacional para as Migrações", type="40", lang="pt")
            + org("4", "Oxfam Novib", type="21")
            + org("4", "Associação Moçambicana de Mulheres", lang="pt"),
            countries=("MZ",),
        ),
    )
    countries = {o.name: (o.country, o.country_source) for o in found}
    assert countries == {
        "Ministério da Economia e Finanças": ("MZ", FROM_RECIPIENT_COUNTRY),
        "Ministério dos Negócios Estrangeiros": ("", ""),  # funding, not implementing
        "Organização Internacional para as Migrações": ("", ""),  # a multilateral
        "Oxfam Novib": ("", ""),  # an international NGO
        "Associação Moçambicana de Mulheres": ("MZ", FROM_RECIPIENT_COUNTRY),
        "Programa de las Naciones Unidas para el Desarrollo": ("", ""),
    }


def test_no_country_guessed_when_the_activity_has_several_recipient_countries(tmp_path):
    found = organisations_of(
        tmp_path,
        activity_xml(
            "XM-DAC-41114-REG-1",
            organisations=org("4", "Ministère de l'Économie et des Finances", type="10"),
            countries=("SN", "ML"),
            language="fr",
        ),
    )
    assert next((o.name, o.country) for o in found) == (
        "Ministère de l'Économie et des Finances",
        "",
    )


def test_the_identifier_country_wins_over_the_recipient_country(tmp_path):
    found = organisations_of(
        tmp_path,
        activity_xml(
            "XM-DAC-41114-PER-1",
            organisations=org(
                "4", "Agencia Española de Cooperación", ref="ES-DIR3-E04585801", type="10"
            ),
            countries=("PE",),
        ),
    )
    assert (found[0].country, found[0].country_source) == ("ES", FROM_IDENTIFIER)


# Resolution against the government's partners ----------------------------------------------


def test_resolver_loads_the_partners_in_one_query(government, django_assert_num_queries):
    for number in range(5):
        create_partner(government, acting_user=None, name=f"Socio {number}", kind="other")
    other = GovernmentFactory.create(slug="otra")
    create_partner(other, acting_user=None, name="Socio 0", kind="other", country="ES")
    with django_assert_num_queries(1):
        resolver = PartnerResolver.load(government)
    found = organisations_of_text("Socio 0")
    match = resolver.resolve(found)
    assert match.matched_by == BY_NAME_AND_COUNTRY  # the government's own, not the other's
    assert match.partner.government_id == government.pk


def organisations_of_text(name: str, ref: str = "", country: str = "", type: str = ""):
    from lazos.iati.organisations import Organisation

    return Organisation(ref=ref, name=name, type=type, country=country)


def test_an_identifier_match_beats_a_different_name(government):
    aecid = create_partner(
        government,
        acting_user=None,
        name="AECID",
        kind=PartnerKind.NATIONAL_GOVERNMENT,
        country="ES",
        iati_identifier="ES-DIR3-E04585801",
    )
    create_partner(
        government,
        acting_user=None,
        name="Agencia Española de Cooperación Internacional para el Desarrollo",
        kind=PartnerKind.OTHER,
        country="ES",
    )
    resolver = PartnerResolver(Partner.objects.for_tenant(government))
    match = resolver.resolve(
        organisations_of_text(
            "Agencia Española de Cooperación Internacional para el Desarrollo",
            ref="es-dir3-e04585801",
            country="ES",
        )
    )
    assert (match.partner, match.matched_by) == (aecid, BY_IDENTIFIER)


def test_a_partner_made_by_an_earlier_import_is_found_by_its_external_id(government):
    legacy = create_partner(
        government, acting_user=None, name="UNICEF", kind="other", external_id="XM-DAC-41122"
    )
    resolver = PartnerResolver(Partner.objects.for_tenant(government))
    match = resolver.resolve(
        organisations_of_text("Fondo de las Naciones Unidas para la Infancia", ref="XM-DAC-41122")
    )
    assert (match.partner, match.matched_by) == (legacy, BY_IDENTIFIER)


def test_a_name_matches_only_within_the_same_country(government):
    fiocruz = create_partner(
        government, acting_user=None, name="Fundação Oswaldo Cruz", kind="foundation", country="BR"
    )
    resolver = PartnerResolver(Partner.objects.for_tenant(government))
    same = resolver.resolve(
        organisations_of_text("FUNDACAO  OSWALDO CRUZ", ref="BR-CNPJ-33781055000135", country="BR")
    )
    assert (same.partner, same.matched_by) == (fiocruz, BY_NAME_AND_COUNTRY)
    elsewhere = resolver.resolve(organisations_of_text("Fundação Oswaldo Cruz", country="PT"))
    assert elsewhere.created
    assert elsewhere.partner.pk is None
    assert elsewhere.other_countries == ["BR"]
    unknown = resolver.resolve(organisations_of_text("Fundação Oswaldo Cruz"))
    assert unknown.created  # an unknown country does not match a known one
    assert unknown.other_countries == ["BR", "PT"]
    # Once planned, the same organisation of the same (unknown) country is that partner.
    again = resolver.resolve(organisations_of_text("Fundacao Oswaldo Cruz"))
    assert again.partner is unknown.partner
    assert not again.first


def test_same_name_and_country_but_another_identifier_is_another_body(government):
    create_partner(
        government,
        acting_user=None,
        name="Cruz Roja",
        kind="civil_society",
        country="ES",
        iati_identifier="ES-NIF-Q2866001G",
    )
    resolver = PartnerResolver(Partner.objects.for_tenant(government))
    match = resolver.resolve(
        organisations_of_text("Cruz Roja", ref="ES-NIF-G28197564", country="ES")
    )
    assert match.created


def test_a_new_partner_of_unknown_country_says_so_in_the_preview(government):
    resolver = PartnerResolver(Partner.objects.for_tenant(government))
    entry = resolver.resolve(organisations_of_text("Oxfam Novib", type="21")).as_preview()
    assert (entry["operation"], entry["country"], entry["kind"]) == (
        "create",
        "",
        PartnerKind.CIVIL_SOCIETY,
    )
    assert entry["notes"][0].startswith("Country unknown")
    assert entry["partner_id"] is None


# Through the import ---------------------------------------------------------------------


def three_finance_ministries(tmp_path: Path, name: str = "ministries.xml") -> Path:
    return write_file(
        tmp_path,
        *(
            activity_xml(
                f"XM-DAC-41114-{code}-1",
                organisations=org("4", "Ministry of Finance", type="10", lang="en"),
                countries=(code,),
            )
            for code in ("GH", "KE", "UG")
        ),
        name=name,
    )


def test_two_same_named_organisations_of_different_countries_stay_two_partners(
    tmp_path, government
):
    import_file(government, str(three_finance_ministries(tmp_path)), acting_user=None)
    ministries = Partner.objects.for_tenant(government).filter(name="Ministry of Finance")
    assert sorted(str(p.country) for p in ministries) == ["GH", "KE", "UG"]
    assert {p.kind for p in ministries} == {PartnerKind.NATIONAL_GOVERNMENT}
    undp = Partner.objects.for_tenant(government).get(iati_identifier="XM-DAC-41114")
    assert undp.kind == PartnerKind.INTERNATIONAL_ORGANISATION
    assert not undp.country
    # Importing again matches each ministry in its own country: nothing new.
    count = Partner.objects.for_tenant(government).count()
    plans = import_file(
        government, str(three_finance_ministries(tmp_path, "again.xml")), acting_user=None
    )
    assert Partner.objects.for_tenant(government).count() == count == 4
    for plan in plans:
        assert {entry["operation"] for entry in plan.organisations} == {"match"}
    ghana = Partner.objects.for_tenant(government).get(name="Ministry of Finance", country="GH")
    assert list(ghana.actions.values_list("iati_identifier", flat=True)) == ["XM-DAC-41114-GH-1"]


def test_partners_are_created_audited_as_the_partners_service_does(tmp_path, world):
    user = world.users["coordinator"]
    path = three_finance_ministries(tmp_path)
    with path.open("rb") as handle:
        run = preview_import(
            world.government,
            acting_user=user,
            upload=SimpleUploadedFile("ministries.xml", handle.read()),
            publish=False,
        )
    assert not Partner.objects.for_tenant(world.government).exists()
    apply_import(run, acting_user=user)
    created = Partner.objects.for_tenant(world.government)
    assert created.count() == 4
    events = AuditEvent.objects.filter(
        government_id=world.government.pk, content_type__model="partner", action="create"
    )
    assert events.count() == 4
    assert {(e.channel, e.actor_id) for e in events} == {(Channel.IMPORT, user.pk)}
    # Written in bulk with the actions, each partner's event is the one create_partner writes.
    imported = created.get(name="Ministry of Finance", country="GH")
    alone = create_partner(
        GovernmentFactory.create(),
        acting_user=user,
        **{
            name: getattr(imported, name) for name in ("name", "kind", "country", "iati_identifier")
        },
    )
    event = events.get(object_id=str(imported.pk))
    assert event.changes == AuditEvent.objects.for_object(alone).get().changes
    assert event.request_id == f"import:iati.iatiimport:{run.pk}"
    assert imported.match_key  # derived as on a save


def test_a_failed_import_creates_no_partner(tmp_path, government, monkeypatch):
    from lazos.iati import services

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_write_documents", fail)
    with pytest.raises(RuntimeError):
        import_file(government, str(three_finance_ministries(tmp_path)), acting_user=None)
    assert not Partner.objects.for_tenant(government).exists()


# The preview ----------------------------------------------------------------------------


def test_the_preview_lists_partners_created_and_matched(tmp_path, world):
    government = world.government
    create_partner(
        government,
        acting_user=None,
        name="Ministry of Finance",
        kind=PartnerKind.NATIONAL_GOVERNMENT,
        country="KE",
    )
    create_partner(
        government,
        acting_user=None,
        name="PNUD",
        kind=PartnerKind.INTERNATIONAL_ORGANISATION,
        iati_identifier="XM-DAC-41114",
    )
    path = three_finance_ministries(tmp_path)
    run = preview_import(
        government,
        acting_user=world.users["coordinator"],
        upload=SimpleUploadedFile("ministries.xml", path.read_bytes()),
        publish=False,
    )
    first = [entry for plan in run.preview for entry in plan["organisations"] if entry["first"]]
    summary = {
        (entry["name"], entry["country"]): (entry["operation"], entry["matched_by"])
        for entry in first
    }
    assert summary == {
        ("Ministry of Finance", "GH"): ("create", ""),
        ("Ministry of Finance", "KE"): ("match", BY_NAME_AND_COUNTRY),
        ("Ministry of Finance", "UG"): ("create", ""),
        ("Programa de las Naciones Unidas para el Desarrollo", ""): ("match", BY_IDENTIFIER),
    }
    ghana = next(entry for entry in first if entry["country"] == "GH")
    assert ghana["kind"] == PartnerKind.NATIONAL_GOVERNMENT
    assert any("Kenya" in note for note in ghana["notes"])  # not merged with Kenya's
    assert any("recipient country" in note for note in ghana["notes"])
    assert [plan["partners"] for plan in run.preview] == [2, 2, 2]
    later = [entry for plan in run.preview for entry in plan["organisations"]]
    later = [entry for entry in later if not entry["first"]]
    assert [(entry["name"], entry["matched_by"]) for entry in later] == [
        ("Programa de las Naciones Unidas para el Desarrollo", BY_IDENTIFIER)
    ] * 2
    assert all("notes" not in entry for entry in later)  # listed once, where it first came up
    assert Partner.objects.for_tenant(government).count() == 2  # the preview wrote none

    client = world.client_for("coordinator")
    page = client.get(reverse("iati:import-detail", args=[run.pk])).content.decode()
    section = page[page.index('id="partners-title"') :]
    section = section[: section.index("</table>")]
    assert section.count("<tr>") == 1 + 4  # the header, then each partner once
    assert section.count("new partner") == 2
    assert "matched by name and country" in section
    assert "matched by IATI identifier" in section
    assert "Ghana" in section
    assert "Uganda" in section


def test_the_result_links_the_partners_created_and_matched(tmp_path, world):
    government = world.government
    kenya = create_partner(
        government,
        acting_user=None,
        name="Ministry of Finance",
        kind=PartnerKind.NATIONAL_GOVERNMENT,
        country="KE",
    )
    user = world.users["coordinator"]
    run = preview_import(
        government,
        acting_user=user,
        upload=SimpleUploadedFile(
            "ministries.xml", three_finance_ministries(tmp_path).read_bytes()
        ),
        publish=False,
    )
    assert not any(
        entry["partner_id"]
        for plan in run.preview
        for entry in plan["organisations"]
        if entry["operation"] == "create"
    )
    apply_import(run, acting_user=user)
    run.refresh_from_db()
    first = [entry for plan in run.preview for entry in plan["organisations"] if entry["first"]]
    created = Partner.objects.for_tenant(government).exclude(pk=kenya.pk)
    assert created.count() == 3  # Ghana's and Uganda's ministries, the UNDP
    assert {entry["partner_id"] for entry in first if entry["operation"] == "create"} == {
        partner.pk for partner in created
    }
    assert [entry["partner_id"] for entry in first if entry["operation"] == "match"] == [kenya.pk]

    page = world.client_for("coordinator").get(reverse("iati:import-detail", args=[run.pk]))
    section = page.content.decode()
    section = section[section.index('id="partners-title"') :]
    section = section[: section.index("</table>")]
    for partner in [kenya, *created]:
        assert reverse("partners:partner-detail", args=[partner.pk]) in section
    assert section.count("new partner:") == 3
    assert "matched by name and country" in section

"""The public IATI file: schema validity, codelists, what is (not) published, queries."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import etree

from lazos.actions.choices import Modality
from lazos.actions.tests.factories import ActionFactory
from lazos.core.models import Attachment, AttachmentKind
from lazos.core.testing.builders import GovernmentFactory
from lazos.iati import codes
from lazos.iati.export import build_file
from lazos.iati.models import Transaction
from lazos.iati.tests.factories import cooperation_action
from lazos.iati.tests.helpers import (
    XML_LANG,
    assert_codes_in_codelists,
    assert_valid,
    codelist,
    export_bytes,
)
from lazos.results.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def government():
    return GovernmentFactory.create(
        slug="villa-prueba",
        official_languages=["es"],
        currency="MXN",
        iati_organisation_identifier="MX-RFC-VPR123",
    )


def _attach(action, *, public=True, title="Informe final"):
    from django.contrib.contenttypes.models import ContentType

    attachment = Attachment(
        government=action.government,
        content_type=ContentType.objects.get_for_model(action),
        object_id=action.pk,
        title=title,
        kind=AttachmentKind.REPORT,
        original_name="informe.pdf",
        size=9,
        mime_type="application/pdf",
        is_public=public,
    )
    attachment.file.save("informe.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    return attachment


@pytest.mark.shared_data
def test_the_file_validates_and_every_code_is_in_its_codelist(government):
    first = cooperation_action(government, 1)
    cooperation_action(government, 2, end_date=None, status="planned")
    _attach(first)
    Transaction.objects.create(
        government=government,
        action=first,
        transaction_type="3",
        date=date(2024, 5, 1),
        value=Decimal("1000"),
        currency="MXN",
        value_date=date(2024, 5, 1),
        provider_name="Villa Prueba",
        receiver_name="Ville de Paris",
    )
    document = assert_valid(export_bytes(government))
    assert len(document.findall("iati-activity")) == 2
    assert assert_codes_in_codelists(document) > 30
    assert document.find("iati-activity/transaction/value").text == "1000"
    link = document.find("iati-activity/document-link")
    assert link.get("url").startswith("https://lazos.example.org/villa-prueba/open-data/")


@pytest.mark.shared_data
def test_the_code_tables_hold_only_codelist_values():
    assert set(codes.ORGANISATION_TYPES) <= codelist("OrganisationType")
    assert set(codes.PARTNER_KIND_TO_ORGANISATION_TYPE.values()) <= codelist("OrganisationType")
    assert set(codes.ORGANISATION_TYPE_TO_PARTNER_KIND) <= codelist("OrganisationType")
    assert set(codes.STATUS_TO_IATI.values()) <= codelist("ActivityStatus")
    assert set(codes.IATI_TO_STATUS) == codelist("ActivityStatus")
    assert set(codes.THEME_TO_DAC_SECTOR.values()) <= codelist("Sector")
    assert set(codes.ATTACHMENT_KIND_TO_DOCUMENT_CATEGORY.values()) <= codelist("DocumentCategory")
    assert set(codes.MEASURE_TO_IATI.values()) <= codelist("IndicatorMeasure")
    assert set(codes.RESULT_TYPES) <= codelist("ResultType")
    assert set(codes.TRANSACTION_TYPES) == codelist("TransactionType")
    from lazos.reference.models import SdgTarget, Theme

    assert set(SdgTarget.objects.values_list("code", flat=True)) <= codelist("UNSDG-Targets")
    assert set(Theme.objects.values_list("code", flat=True)) == set(codes.THEME_TO_DAC_SECTOR)


def test_identifiers_and_reporting_organisation(government):
    action = cooperation_action(government)
    imported = cooperation_action(government, 2, iati_identifier="XM-DAC-1-ABC")
    document = etree.fromstring(export_bytes(government))
    identifiers = [e.text for e in document.iter("iati-identifier")]
    assert identifiers == [f"MX-RFC-VPR123-{action.pk}", "XM-DAC-1-ABC"]
    assert imported.pk
    reporting = document.find("iati-activity/reporting-org")
    assert reporting.get("ref") == "MX-RFC-VPR123"
    assert reporting.get("type") == "11"


def test_narratives_in_every_language_of_the_content(government):
    cooperation_action(government)
    document = etree.fromstring(export_bytes(government))
    title = document.find("iati-activity/title")
    assert {n.get(XML_LANG): n.text for n in title} == {
        "es": "Cooperación en residuos 1",
        "en": "Waste cooperation 1",
    }
    indicator_title = document.find("iati-activity/result/indicator/title")
    assert [n.get(XML_LANG) for n in indicator_title] == ["es", "en"]


def test_private_and_non_cooperation_actions_never_appear(government):
    cooperation_action(government, 1)
    cooperation_action(government, 2, is_public=False, title="Secreto")
    cooperation_action(government, 3, modality=Modality.MISSION, title="Misión a París")
    ActionFactory.create(government=GovernmentFactory.create(), is_public=True, public_summary="x")
    content = export_bytes(government)
    assert b"Secreto" not in content
    assert "Misión".encode() not in content
    assert len(etree.fromstring(content).findall("iati-activity")) == 1


def test_only_public_indicators_and_approved_values(government):
    action = cooperation_action(government)
    Indicator.objects.create(
        government=government, action=action, title="Indicador interno", is_public=False
    )
    document = etree.fromstring(export_bytes(government))
    titles = [n.text for n in document.iter("narrative")]
    assert "Indicador interno" not in titles
    actuals = [e.get("value") for e in document.iter("actual")]
    assert actuals == ["42"]  # the draft 99 is not published


def test_budget_spread_over_years_adds_up(government):
    cooperation_action(government)
    document = etree.fromstring(export_bytes(government))
    values = [Decimal(v.text) for v in document.iterfind("iati-activity/budget/value")]
    assert len(values) == 3  # 2024, 2025, 2026
    assert sum(values) == Decimal("120000")


def test_queries_do_not_grow_with_the_number_of_actions(government):
    def count() -> int:
        with CaptureQueriesContext(connection) as context, build_file(government) as built:
            built.read()
        return len(context.captured_queries)

    for number in range(5):
        cooperation_action(government, number)
    with_five = count()
    for number in range(5, 20):
        cooperation_action(government, number)
    assert count() == with_five
    assert with_five <= 15


def test_public_file_is_streamed_with_an_etag(client, government):
    cooperation_action(government)
    url = reverse("public-iati:activities", kwargs={"government_slug": government.slug})
    response = client.get(url)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("application/xml")
    content = b"".join(response.streaming_content)
    assert content.count(b"<iati-activity ") == 1
    etag = response["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    cooperation_action(government, 2)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_public_file_of_unknown_or_closed_portal_is_404(client, government):
    assert (
        client.get(
            reverse("public-iati:activities", kwargs={"government_slug": "nowhere"})
        ).status_code
        == 404
    )
    government.portal_enabled = False
    government.save()
    url = reverse("public-iati:activities", kwargs={"government_slug": government.slug})
    assert client.get(url).status_code == 404


def test_public_documents_only_of_public_actions(client, government):
    public = _attach(cooperation_action(government, 1))
    private_file = _attach(cooperation_action(government, 2), public=False)
    hidden_action = _attach(cooperation_action(government, 3, is_public=False))

    def get(attachment):
        return client.get(
            reverse(
                "public-iati:document",
                kwargs={"government_slug": government.slug, "attachment_id": attachment.pk},
            )
        )

    assert get(public).status_code == 200
    assert get(private_file).status_code == 404
    assert get(hidden_action).status_code == 404


def test_export_command_writes_the_file(tmp_path, government):
    cooperation_action(government)
    output = tmp_path / "out.xml"
    call_command("export_iati", "--government", government.slug, "--output", str(output))
    assert etree.parse(str(output)).getroot().get("version") == "2.03"


@pytest.mark.shared_data
def test_a_real_demo_government_exports_a_valid_file(settings, loaded_demo):
    from lazos.demo.kit import DemoReport
    from lazos.governments.models import Government
    from lazos.iati.demo import load_iati

    checked = 0
    # The two governments with a full register (the third demo government has no IATI data).
    for government in Government.objects.filter(slug__in=("villa-esperanza", "rio-claro-do-sul")):
        load_iati(government, DemoReport())  # until the lead registers it in DEMO_STEPS
        load_iati(government, DemoReport())  # twice: it does not repeat itself
        assert Transaction.objects.for_tenant(government).count() == 2
        document = assert_valid(export_bytes(government))
        assert document.find("iati-activity/transaction") is not None
        assert_codes_in_codelists(document)
        checked += len(document.findall("iati-activity"))
    assert checked > 0


def test_generated_file_is_well_formed_for_an_empty_government(government):
    content = export_bytes(government)
    root = etree.parse(io.BytesIO(content)).getroot()
    assert root.tag == "iati-activities"
    assert len(root) == 0

"""An action's IATI data on the office's page and on the portal: transactions with exact totals
by type and currency, sectors by vocabulary, places, documents, results with their
descriptions and who reported the activity; a fixed number of queries; nothing of a private
action or of another government on the portal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from lazos.actions.choices import Modality
from lazos.actions.models import Action
from lazos.actions.tests.factories import ActionFactory
from lazos.core.testing import assert_constant_queries
from lazos.core.testing.builders import GovernmentFactory
from lazos.iati import display
from lazos.iati.models import IatiActivityExtra, IatiDocumentLink, Transaction
from lazos.iati.services import import_file
from lazos.iati.templatetags.iati_display import iati_amount
from lazos.iati.tests.helpers import EXAMPLE, with_current_codes
from lazos.results.models import Indicator

pytestmark = pytest.mark.django_db
SERIAL = count()

SECTOR_DAC = (
    '<sector vocabulary="1" code="14010" percentage="60">'
    "<narrative>Water sector policy</narrative>"
    '<narrative xml:lang="es">Política del sector agua</narrative></sector>'
)
SECTOR_DAC_2 = '<sector code="43030" percentage="40"/>'
SECTOR_SDG = '<sector vocabulary="7" code="6"><narrative>Clean water</narrative></sector>'
LOCATION = (
    '<location ref="LOC-1"><name><narrative>Barrio Norte</narrative></name>'
    "<description><narrative>Northern district</narrative></description>"
    '<administrative vocabulary="G1" level="1" code="3435907"/>'
    '<point srsName="http://www.opengis.net/def/crs/EPSG/0/4326">'
    "<pos>-34.6037 -58.3816</pos></point></location>"
)
COUNTRY = '<recipient-country code="AR" percentage="100"/>'
DOCUMENT = (
    '<document-link url="https://example.org/plan.pdf" format="application/pdf">'
    "<title><narrative>Plan de aguas</narrative></title>"
    "<description><narrative>The water plan</narrative></description>"
    '<category code="A02"/><language code="es"/><document-date iso-date="2024-05-02"/>'
    "</document-link>"
)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def imported_action(government, *, reported_by="XM-DAC-41114", public=True, **values):
    action = ActionFactory.create(
        government=government,
        title=values.pop("title", "Agua para el barrio"),
        modality=Modality.DECENTRALIZED_COOPERATION,
        is_public=public,
        public_summary="Agua potable para el barrio norte.",
        iati_identifier=values.pop("iati_identifier", f"{reported_by}-PROJ 7/{next(SERIAL)}"),
        language="en",
        **values,
    )
    IatiActivityExtra.objects.create(
        government=government,
        action=action,
        elements=[
            {"name": "sector", "xml": SECTOR_DAC},
            {"name": "sector", "xml": SECTOR_SDG},
            {"name": "sector", "xml": SECTOR_DAC_2},
            {"name": "recipient-country", "xml": COUNTRY},
            {"name": "location", "xml": LOCATION},
            {"name": "conditions", "xml": '<conditions attached="0"/>'},
        ],
        default_language="en",
        default_currency="EUR",
        reporting_org_ref=reported_by,
        reporting_org_name="United Nations Development Programme",
    )
    return action


def add_transactions(action, n, *, currency="EUR", value="1000.50", transaction_type="3"):
    Transaction.objects.bulk_create(
        Transaction(
            government=action.government,
            action=action,
            transaction_type=transaction_type,
            date=date(2024, 1, 1 + i % 27),
            value=Decimal(value),
            currency=currency,
            value_date=date(2024, 1, 1),
            description=f"Payment {next(SERIAL)}",
            provider_name="Banco de Desarrollo",
            receiver_name="Municipio",
        )
        for i in range(n)
    )


def add_documents(action, n):
    IatiDocumentLink.objects.bulk_create(
        IatiDocumentLink(
            government=action.government,
            action=action,
            url="https://example.org/plan.pdf",
            title=f"Plan de aguas {next(SERIAL)}",
            xml=DOCUMENT,
            position=i,
        )
        for i in range(n)
    )


def add_indicators(action, n, *, public=True):
    Indicator.objects.bulk_create(
        Indicator(
            government=action.government,
            action=action,
            title=f"Households connected {next(SERIAL)}",
            description="Households with a tap at home.",
            result_title="More households with water",
            result_type="2",
            language="en",
            is_public=public,
            position=i,
        )
        for i in range(n)
    )


def group_results(action):
    """Each indicator its own result of the file, each result with a description (when the
    import keeps the file's results and the activity as published)."""
    names = {f.name for f in IatiActivityExtra._meta.get_fields()}
    if not {"result_groups", "source_xml"} <= names:
        return
    ids = list(
        Indicator.objects.filter(action=action)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    )
    results = "".join(
        f'<result type="2"><title><narrative>Result {pk}</narrative></title>'
        f"<description><narrative>About result {pk}</narrative></description>"
        f'<indicator measure="1"><title><narrative>I {pk}</narrative></title></indicator>'
        "</result>"
        for pk in ids
    )
    IatiActivityExtra.objects.filter(action=action).update(
        result_groups=[[pk] for pk in ids],
        source_xml=f"<iati-activity><iati-identifier>X</iati-identifier>{results}</iati-activity>",
    )


# --- totals --------------------------------------------------------------------------------


def test_totals_never_add_currencies_and_keep_every_decimal_place():
    rows = [
        ("3", "EUR", Decimal("0.125")),
        ("3", "EUR", Decimal("1000.3333")),
        ("3", "USD", Decimal("2.5")),
        ("2", "EUR", Decimal("10")),
        ("3", "eur", Decimal("0.001")),
        ("11", "EUR", Decimal("7")),
    ]
    totals = display.totals(rows)
    assert [(t.transaction_type, t.currency, t.total, t.count) for t in totals] == [
        ("2", "EUR", Decimal("10"), 1),
        ("3", "EUR", Decimal("1000.4593"), 3),
        ("3", "USD", Decimal("2.5"), 1),
        ("11", "EUR", Decimal("7"), 1),
    ]
    assert all(isinstance(t.total, Decimal) for t in totals)
    assert [t.label for t in totals] == [
        "Outgoing commitment",
        "Disbursement",
        "Disbursement",
        "Incoming commitment",
    ]


def test_amounts_are_formatted_in_the_page_language_with_all_their_places():
    assert iati_amount(Decimal("1234567.125")) == "1,234,567.125"
    assert iati_amount(Decimal("10.00")) == "10.00"
    assert iati_amount(Decimal("0.5")) == "0.50"
    assert iati_amount(Decimal("1000.4593")) == "1,000.4593"
    expected = {"es": "1 234 567,125", "fr": "1 234 567,125", "pt": "1.234.567,125"}
    for language, text in expected.items():
        with translation.override(language):
            shown = iati_amount(Decimal("1234567.125"))
        # Django's formats group with a (narrow) no-break space in Spanish and French.
        assert shown.replace("\u202f", " ").replace("\xa0", " ") == text, language


def test_stored_transactions_are_totalled_by_type_and_currency(world):
    action = imported_action(world.government)
    add_transactions(action, 3, currency="EUR", value="100.10")
    add_transactions(action, 2, currency="USD", value="0.05")
    add_transactions(action, 1, currency="EUR", value="5", transaction_type="2")
    shown = display.action_display(action, world.government, public=False)
    assert shown.transactions.count == 6
    assert [(t.transaction_type, t.currency, t.total) for t in shown.transactions.totals] == [
        ("2", "EUR", Decimal("5.00")),
        ("3", "EUR", Decimal("300.30")),
        ("3", "USD", Decimal("0.10")),
    ]
    assert shown.transactions.currencies == ["EUR", "USD"]


def test_values_with_more_than_two_places_are_shown_and_totalled_exactly(world):
    if (Transaction._meta.get_field("value").decimal_places or 0) < 3:
        pytest.skip("transactions are stored to the cent")
    action = imported_action(world.government)
    add_transactions(action, 2, currency="EUR", value="0.125")
    add_transactions(action, 1, currency="EUR", value="1000.0005")
    add_transactions(action, 1, currency="JPY", value="0.125")
    shown = display.action_display(action, world.government, public=False)
    assert [(t.currency, t.total) for t in shown.transactions.totals] == [
        ("EUR", Decimal("1000.2505")),
        ("JPY", Decimal("0.125")),
    ]
    html = (
        world.client_for("viewer")
        .get(reverse("actions:action-detail", args=[action.pk]))
        .content.decode()
    )
    assert 'data-currency="EUR">1,000.2505&nbsp;EUR</td>' in html
    assert 'data-currency="JPY">0.125&nbsp;JPY</td>' in html
    assert "0.125&nbsp;EUR" in html


def test_only_the_first_rows_are_listed_but_the_totals_count_all(world, monkeypatch):
    monkeypatch.setattr(display, "TRANSACTION_ROWS", 3)
    action = imported_action(world.government)
    add_transactions(action, 5, value="2.00")
    shown = display.action_display(action, world.government, public=False)
    assert len(shown.transactions.rows) == 3
    assert shown.transactions.is_partial
    assert shown.transactions.totals[0].total == Decimal("10.00")
    response = world.client_for("viewer").get(reverse("actions:action-detail", args=[action.pk]))
    assert "The first 3 of 5 transactions are listed below" in response.content.decode()


# --- who reported it -----------------------------------------------------------------------


def test_an_activity_of_another_organisation_says_who_reported_it(world):
    world.government.iati_organisation_identifier = "MX-MUN-001"
    world.government.save()
    action = imported_action(world.government, iati_identifier="XM-DAC-41114-PROJ 7/1")
    reporter = display.action_display(action, world.government, public=False).reporter
    assert reporter is not None
    assert reporter.by_other
    assert reporter.name == "United Nations Development Programme"
    assert reporter.identifier == "XM-DAC-41114-PROJ 7/1"
    assert reporter.original_url == (
        "https://d-portal.org/ctrack.html#view=act&aid=XM-DAC-41114-PROJ%207%2F1"
    )


def test_an_activity_reported_by_the_government_is_its_own(world):
    world.government.iati_organisation_identifier = "MX-MUN-001"
    world.government.save()
    action = imported_action(world.government, reported_by="mx-mun-001")
    reporter = display.action_display(action, world.government, public=False).reporter
    assert reporter is not None
    assert not reporter.by_other
    assert reporter.original_url == ""


def test_without_an_organisation_identifier_an_imported_activity_is_another_organisations(
    world,
):
    assert world.government.iati_organisation_identifier == ""
    action = imported_action(world.government, reported_by="XM-DAC-41114")
    reporter = display.action_display(action, world.government, public=False).reporter
    assert reporter is not None
    assert reporter.by_other


def test_an_action_without_iati_data_shows_nothing(world):
    action = ActionFactory.create(government=world.government)
    shown = display.action_display(action, world.government, public=False)
    assert shown.is_empty
    page = world.client_for("viewer").get(reverse("actions:action-detail", args=[action.pk]))
    assert page.status_code == 200
    assert 'id="iati-transactions"' not in page.content.decode()


# --- the office's page ---------------------------------------------------------------------


def test_the_action_page_shows_the_iati_data(world):
    action = imported_action(world.government)
    add_transactions(action, 2, currency="EUR", value="1000.50")
    add_transactions(action, 1, currency="USD", value="250")
    add_documents(action, 1)
    add_indicators(action, 1)
    response = world.client_for("viewer").get(reverse("actions:action-detail", args=[action.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    # Who reported it, with the original identifier.
    assert "Reported by United Nations Development Programme, another organisation" in html
    assert "It is not published in this government" in html
    assert action.iati_identifier in html
    assert "https://d-portal.org/ctrack.html#view=act&amp;aid=XM-DAC-41114-PROJ%207%2F" in html
    # Transactions: an accessible table with totals by type and currency.
    assert '<caption id="iati-totals-caption">Totals by transaction type and currency' in html
    assert '<td class="iati-number" data-currency="EUR">2,001.00&nbsp;EUR</td>' in html
    assert '<td class="iati-number" data-currency="USD">250.00&nbsp;USD</td>' in html
    assert "3,250" not in html
    assert "3250" not in html
    assert '<th scope="col" class="iati-number">Amount</th>' in html
    assert "Banco de Desarrollo" in html
    assert "Disbursement" in html
    # Sectors by vocabulary, in the page's language when the file has it.
    assert "OECD DAC CRS purpose codes (5 digits)" in html
    assert "Sustainable Development Goals" in html
    assert html.index("14010") < html.index("43030") < html.index("Clean water")
    assert "Water sector policy" in html
    assert "60 %" in html
    # Where: the country and the location.
    assert "Argentina" in html
    assert "Barrio Norte" in html
    assert "-34.6037" in html
    # Documents and results with their descriptions.
    assert '<a href="https://example.org/plan.pdf" rel="external noopener noreferrer">' in html
    assert "The water plan" in html
    assert "application/pdf" in html
    assert "More households with water" in html
    assert "Households with a tap at home." in html
    assert "iati/iati.css" in html
    with translation.override("es"):
        groups = display.action_display(action, world.government, public=False).sectors
    name = groups[0].sectors[0].name
    assert name is not None
    assert (name.text, name.is_fallback) == ("Política del sector agua", False)
    with translation.override("pt"):  # no Portuguese narrative: the activity's language
        groups = display.action_display(action, world.government, public=False).sectors
    name = groups[0].sectors[0].name
    assert name is not None
    assert (name.text, name.language) == ("Water sector policy", "en")
    assert name.is_fallback


def test_a_document_address_that_is_not_a_web_address_is_not_a_link(world):
    action = imported_action(world.government)
    IatiDocumentLink.objects.create(
        government=world.government,
        action=action,
        url="javascript:alert(1)",
        title="Trap",
        xml='<document-link url="javascript:alert(1)" format="text/html"/>',
    )
    html = (
        world.client_for("viewer")
        .get(reverse("actions:action-detail", args=[action.pk]))
        .content.decode()
    )
    assert "Trap" in html
    assert 'href="javascript:' not in html


def test_another_governments_action_shows_nothing_of_its_iati_data(world):
    theirs = imported_action(world.other_government)
    add_transactions(theirs, 1, value="777.77")
    assert display.action_display(theirs, world.government, public=False).is_empty
    template = Template(
        "{% load iati_display %}{% iati_action_display action government as iati %}"
        '{% include "iati/includes/action_sections.html" with iati=iati %}'
    )
    html = template.render(Context({"action": theirs, "government": world.government}))
    assert "777.77" not in html
    assert "Transactions" not in html
    response = world.client_for("administrator").get(
        reverse("actions:action-detail", args=[theirs.pk])
    )
    assert response.status_code == 404


def test_the_action_page_costs_the_same_for_one_row_and_for_twenty(world):
    action = imported_action(world.government)

    def add_rows(n):
        add_transactions(action, n, currency="EUR" if n % 2 else "USD")
        add_documents(action, n)
        add_indicators(action, n)
        group_results(action)

    assert_constant_queries(
        world.client_for("editor"),
        reverse("actions:action-detail", args=[action.pk]),
        add_rows,
        budget=40,
        few=1,
        many=20,
    )


# --- the portal ----------------------------------------------------------------------------


def portal_url(action: Action) -> str:
    return reverse("portal:action", args=[action.government.slug, action.pk])


def test_the_portal_shows_the_iati_data_of_a_public_action(client, world):
    action = imported_action(world.government)
    add_transactions(action, 2, value="1000.50")
    add_documents(action, 1)
    add_indicators(action, 1)
    add_indicators(action, 1, public=False)
    Indicator.objects.filter(action=action, is_public=False).update(
        description="PRIVATE indicator description"
    )
    response = client.get(portal_url(action))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Reported by United Nations Development Programme" in html
    assert "It is not published in this government" not in html  # the office's concern
    assert "2,001.00&nbsp;EUR" in html
    assert "Water sector policy" in html
    assert "Barrio Norte" in html
    assert "Plan de aguas" in html
    assert "Households with a tap at home." in html
    assert "PRIVATE indicator description" not in html


def test_a_private_actions_iati_data_never_reaches_the_portal(client, world):
    private = imported_action(world.government, public=False, title="PRIVATE action")
    add_transactions(private, 1, value="4242.42")
    add_documents(private, 1)
    assert display.action_display(private, world.government, public=True).is_empty
    assert client.get(portal_url(private)).status_code == 404
    for url in (
        reverse("portal:government", args=[world.government.slug]),
        reverse("portal:actions", args=[world.government.slug]),
    ):
        html = client.get(url).content.decode()
        assert "4242" not in html
        assert "Plan de aguas" not in html


def test_the_portal_of_one_government_does_not_show_another_governments_action(client, world):
    theirs = imported_action(world.other_government)
    add_transactions(theirs, 1, value="1313.13")
    url = reverse("portal:action", args=[world.government.slug, theirs.pk])
    assert client.get(url).status_code == 404
    assert client.get(portal_url(theirs)).status_code == 200  # on its own portal


def test_the_portal_page_costs_the_same_for_one_row_and_for_twenty(client, world):
    action = imported_action(world.government)

    def add_rows(n):
        cache.clear()
        add_transactions(action, n, currency="EUR" if n % 2 else "USD")
        add_documents(action, n)
        add_indicators(action, n)
        group_results(action)

    assert_constant_queries(client, portal_url(action), add_rows, budget=25, few=1, many=20)


def test_a_government_that_hides_its_portal_shows_nothing(client):
    government = GovernmentFactory.create(slug="hidden-town", portal_enabled=False)
    action = imported_action(government)
    add_transactions(action, 1)
    assert client.get(portal_url(action)).status_code == 404


# --- results ---------------------------------------------------------------------------------

ACTIVITY_WITH_RESULTS = """<iati-activity xml:lang="en">
 <iati-identifier>XM-DAC-41114-R</iati-identifier>
 <result type="1"><title><narrative>Same title</narrative></title>
  <description><narrative>First result, about pipes.</narrative>
   <narrative xml:lang="es">Primer resultado, sobre tuberías.</narrative></description>
  <indicator measure="1"><title><narrative>Pipes laid</narrative></title></indicator>
 </result>
 <result type="1"><title><narrative>No indicator</narrative></title></result>
 <result type="1"><title><narrative>Same title</narrative></title>
  <description><narrative>Second result, about taps.</narrative></description>
  <indicator measure="1"><title><narrative>Taps fitted</narrative></title></indicator>
 </result>
</iati-activity>"""


def _needs_result_groups():
    names = {f.name for f in IatiActivityExtra._meta.get_fields()}
    if not {"result_groups", "source_xml"} <= names:
        pytest.skip("the import does not keep result groups and the activity as published")


def _two_results_with_one_title(government, *, second_public=True):
    action = imported_action(government)
    add_indicators(action, 2)
    first, second = Indicator.objects.filter(action=action).order_by("position")
    Indicator.objects.filter(pk=first.pk).update(title="Pipes laid", result_title="Same title")
    Indicator.objects.filter(pk=second.pk).update(
        title="Taps fitted", result_title="Same title", is_public=second_public
    )
    IatiActivityExtra.objects.filter(action=action).update(
        result_groups=[[first.pk], [second.pk]], source_xml=ACTIVITY_WITH_RESULTS
    )
    return action


def test_results_of_the_same_title_stay_two_with_their_descriptions(world):
    _needs_result_groups()
    action = _two_results_with_one_title(world.government)
    shown = display.action_display(action, world.government, public=False).results
    assert [
        (str(r.title), str(r.description), [str(i.title) for i in r.indicators]) for r in shown
    ] == [
        ("Same title", "First result, about pipes.", ["Pipes laid"]),
        ("Same title", "Second result, about taps.", ["Taps fitted"]),
    ]
    with translation.override("es"):
        shown = display.action_display(action, world.government, public=False).results
    assert str(shown[0].description) == "Primer resultado, sobre tuberías."
    html = (
        world.client_for("viewer")
        .get(reverse("actions:action-detail", args=[action.pk]))
        .content.decode()
    )
    assert "First result, about pipes." in html
    assert "Second result, about taps." in html


def test_the_portal_shows_no_result_whose_indicators_are_not_public(client, world):
    _needs_result_groups()
    action = _two_results_with_one_title(world.government, second_public=False)
    html = client.get(portal_url(action)).content.decode()
    assert "First result, about pipes." in html
    assert "Second result, about taps." not in html
    assert "Taps fitted" not in html


def test_lazos_own_indicators_are_grouped_by_expected_result():
    indicators = [
        Indicator(pk=1, title="A", result_title="R1", result_type="1", language="en"),
        Indicator(pk=2, title="B", result_title="R1", result_type="1", language="en"),
        Indicator(pk=3, title="C", result_title="R1", result_type="2", language="en"),
        Indicator(pk=4, title="D", result_title="", result_type="2", language="en"),
    ]
    found = display.results(indicators)
    assert [(str(r.title), r.result_type, len(r.indicators)) for r in found] == [
        ("R1", "output", 2),
        ("R1", "outcome", 1),
    ]


# --- a real file -------------------------------------------------------------------------------


@pytest.mark.shared_data
def test_the_annotated_example_is_shown_on_the_action_page_and_the_portal(tmp_path, client, world):
    # The government has no organisation identifier: the example is another organisation's.
    example = tmp_path / EXAMPLE.name
    example.write_bytes(with_current_codes(EXAMPLE.read_bytes()))
    import_file(world.government, str(example), acting_user=None, publish=True)
    action = Action.objects.get(government=world.government)
    assert action.is_public
    staff = (
        world.client_for("viewer")
        .get(reverse("actions:action-detail", args=[action.pk]))
        .content.decode()
    )
    portal = client.get(portal_url(action)).content.decode()
    for html in (staff, portal):
        assert "Reported by Organisation name, another organisation" in html
        assert "AA-AAA-123456789-ABC123" in html
        assert '<th scope="row">Incoming funds</th>' in html
        assert 'data-currency="EUR">1,000.00&nbsp;EUR</td>' in html
        assert "Transaction description text" in html
        assert "OECD DAC CRS purpose codes (3 digits)" in html
        assert "A description of the sector" in html
        assert "Afghanistan" in html
        assert "Location #2 name" in html
        assert "A description that qualifies the activity taking place at location #2" in html
        assert "Project Report 2013" in html
        assert 'href="http:www.example.org' not in html  # no host: not a link
        assert "Result title" in html
        if {"result_groups", "source_xml"} <= {f.name for f in IatiActivityExtra._meta.fields}:
            assert "Result description text" in html


# --- the register's list --------------------------------------------------------------------


def test_the_action_list_says_which_actions_another_organisation_reports(world):
    world.government.iati_organisation_identifier = "MX-MUN-001"
    world.government.save()
    theirs = imported_action(world.government, title="Agua del PNUD")
    ours = imported_action(world.government, title="Agua nuestra", reported_by="MX-MUN-001")
    plain = ActionFactory.create(government=world.government, title="Escuelas hermanas")
    page = world.client_for("viewer").get(reverse("actions:action-list")).content.decode()
    rows = {title: page.split(title, 1)[1].split("</tr>", 1)[0] for title in
            (theirs.title, ours.title, plain.title)}  # fmt: skip
    assert "Reported by United Nations Development Programme" in rows[theirs.title]
    assert "Reported by" not in rows[ours.title]
    assert "Reported by" not in rows[plain.title]


def test_the_action_list_costs_the_same_with_imported_actions(world):
    def add(n):
        for _ in range(n):
            imported_action(world.government)
            ActionFactory.create(government=world.government)

    assert_constant_queries(
        world.client_for("viewer"), reverse("actions:action-list"), add, budget=30, few=1, many=15
    )

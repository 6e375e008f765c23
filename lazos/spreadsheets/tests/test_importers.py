"""Importers: cell parsers, partners, agreements, blank cells, updates, editors."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from lazos.actions.models import Action
from lazos.agreements.models import Agreement, AgreementTransition
from lazos.core.audit import AuditAction
from lazos.core.models import AuditEvent
from lazos.core.testing.builders import DepartmentFactory, GovernmentFactory, UserFactory
from lazos.governments.models import Membership
from lazos.partners.models import Partner
from lazos.spreadsheets.choices import IMPORT_MODELS, ImportKind
from lazos.spreadsheets.importers import (
    IMPORTERS,
    CellError,
    ImportRefused,
    apply,
    guess_kind,
    parse_boolean,
    parse_date,
    parse_decimal,
    parse_integer,
    plan,
)
from lazos.spreadsheets.models import ImportRun
from lazos.spreadsheets.readers import read_spreadsheet
from lazos.spreadsheets.tests.helpers import write_csv, write_xlsx

pytestmark = pytest.mark.django_db


# --- Cells -----------------------------------------------------------------------------------


def test_dates():
    assert parse_date("2024-05-31") == datetime.date(2024, 5, 31)
    assert parse_date("31/05/2024") == datetime.date(2024, 5, 31)
    assert parse_date("1.2.2024") == datetime.date(2024, 2, 1)
    assert parse_date(datetime.datetime(2024, 5, 31, 10, 0)) == datetime.date(2024, 5, 31)
    for bad in ("31/13/2024", "2024-02-30", "May 31", "05/31/2024"):
        with pytest.raises(CellError, match="is not a date"):
            parse_date(bad)


def test_numbers():
    assert parse_decimal("1.234,56") == Decimal("1234.56")
    assert parse_decimal("1,234.56") == Decimal("1234.56")
    assert parse_decimal("12,5") == Decimal("12.5")
    assert parse_decimal("1 000") == Decimal("1000")
    assert parse_decimal(2.5) == Decimal("2.5")
    assert parse_integer("90") == 90
    assert parse_integer(90.0) == 90
    with pytest.raises(CellError, match="not a number"):
        parse_decimal("twelve")
    with pytest.raises(CellError, match="whole number"):
        parse_integer("2,5")


def test_booleans_in_four_languages():
    for yes in ("yes", "Sí", "si", "OUI", "sim", "true", "1", 1, True):
        assert parse_boolean(yes) is True
    for no in ("no", "non", "não", "FALSE", "0", False):
        assert parse_boolean(no) is False
    with pytest.raises(CellError, match="yes or no"):
        parse_boolean("maybe")


def test_every_column_is_a_field_the_service_accepts():
    from lazos.actions.services import ACTION_FIELDS
    from lazos.agreements.services import AGREEMENT_FIELDS
    from lazos.partners.services import PARTNER_FIELDS

    relations = {"partners", "departments", "themes", "sdg_targets", "tags"}
    accepted = {
        "partners": set(PARTNER_FIELDS) | {"tags"},
        "agreements": set(AGREEMENT_FIELDS) | relations | {"status"},
        "actions": set(ACTION_FIELDS) | relations,
    }
    for kind, importer in IMPORTERS.items():
        assert {c.field for c in importer.columns} <= accepted[kind], kind


def test_an_import_run_targets_the_model_its_importer_writes():
    for kind, importer in IMPORTERS.items():
        assert ImportRun(kind=kind).target_model is importer.model, kind
    assert set(IMPORT_MODELS) == set(IMPORTERS) == set(ImportKind.values)


def test_the_kind_is_guessed_from_the_headers():
    assert guess_kind(["Name", "Kind", "Country"]) == "partners"
    assert guess_kind(["Title", "Kind", "Partners", "Signed on"]) == "agreements"
    assert guess_kind(["title", "MODALITY", "start"]) == "actions"
    assert guess_kind(["External id", "Status"]) is None


# --- Partners --------------------------------------------------------------------------------


@pytest.fixture
def government():
    government = GovernmentFactory.create(slug="importers")
    DepartmentFactory.create(government=government, name="Culture", acronym="CUL")
    DepartmentFactory.create(government=government, name="Environment", acronym="ENV")
    return government


def test_partners_from_a_latin1_csv_with_semicolons(government, tmp_path):
    path = write_csv(
        tmp_path / "partners.csv",
        ["External ID", "Name", "Kind", "Country", "Working languages", "Active", "Tags"],
        [
            [
                "P-1",
                "Ville de Genève",
                "foreign local or regional government",
                "Suisse",
                "fr",
                "oui",
                "culture; eau",
            ],
            ["P-2", "Mercociudades", "city_network", "", "es; pt", "sí", ""],
            [
                "P-3",
                "Prefeitura de São Paulo",
                "Foreign local or regional government",
                "BRA",
                "pt",
                "no",
                "",
            ],
        ],
        delimiter=";",
        encoding="latin-1",
    )
    user = UserFactory.create()
    preview = plan(government, read_spreadsheet(path), kind="partners")
    assert preview.errors == []
    assert preview.counts["to_create"] == 3
    apply(preview, acting_user=user)
    geneva = Partner.objects.for_tenant(government).get(external_id="P-1")
    assert (geneva.name, geneva.kind, geneva.country.code) == (
        "Ville de Genève",
        "local_government",
        "CH",
    )
    assert geneva.languages == ["fr"]
    assert geneva.is_active is True
    assert sorted(t.name for t in geneva.tags.all()) == ["culture", "eau"]
    network = Partner.objects.for_tenant(government).get(external_id="P-2")
    assert (network.kind, network.country.code, network.languages) == (
        "city_network",
        "",
        ["es", "pt"],
    )
    sao_paulo = Partner.objects.for_tenant(government).get(external_id="P-3")
    assert sao_paulo.country.code == "BR"
    assert sao_paulo.is_active is False
    channels = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Partner)
    ).values_list("channel", flat=True)
    assert list(channels) == ["import"] * 3


def test_partner_errors_name_the_cell(government, tmp_path):
    path = write_csv(
        tmp_path / "partners.csv",
        ["Name", "Kind", "Country", "Website", "Colour"],
        [
            ["Atlantis", "sunken city", "Atlantis", "", "blue"],
            ["Lyon", "local_government", "FR", "not a web address", ""],
            ["", "local_government", "FR", "", ""],
        ],
    )
    preview = plan(government, read_spreadsheet(path), kind="partners")
    assert preview.ignored_headers == ["Colour"]
    found = {(e.row, e.column): e.message for e in preview.errors}
    assert set(found) == {(2, "Kind"), (2, "Country"), (3, "Website"), (4, "Name")}
    assert "“sunken city” is not a valid kind" in found[(2, "Kind")]
    assert "“Atlantis” is not a country" in found[(2, "Country")]
    assert "required to create" in found[(4, "Name")]


# --- Agreements ------------------------------------------------------------------------------


AGREEMENT_HEADERS = [
    "External id",
    "Title",
    "Kind",
    "Partners",
    "Status",
    "Signed on",
    "In force from",
    "Lead department",
    "SDG targets",
    "Notice period (days)",
]


def test_agreements_are_created_then_moved_through_their_legal_life(government, tmp_path):
    Partner.objects.create(
        government=government, name="Rosario", kind="local_government", external_id="P-1"
    )
    Partner.objects.create(government=government, name="Lyon", kind="local_government")
    user = UserFactory.create()
    rows = [
        [
            "AG-1",
            "Twinning with Rosario",
            "twinning / sister city",
            "P-1; Lyon",
            "in force",
            "2019-05-31",
            "15/06/2019",
            "CUL",
            "11.4; 17.17",
            "90",
        ],
        ["AG-2", "MoU with Lyon", "mou", "Lyon", "", "", "", "", "", ""],
    ]
    path = write_xlsx(tmp_path / "agreements.xlsx", AGREEMENT_HEADERS, rows)
    preview = plan(government, read_spreadsheet(path), kind="agreements")
    assert preview.errors == []
    apply(preview, acting_user=user)
    twinning = Agreement.objects.for_tenant(government).get(external_id="AG-1")
    assert twinning.status == "in_force"
    assert twinning.in_force_from == datetime.date(2019, 6, 15)
    assert twinning.lead_department is not None
    assert twinning.lead_department.acronym == "CUL"
    assert twinning.notice_period_days == 90
    assert sorted(p.name for p in twinning.partners.all()) == ["Lyon", "Rosario"]
    assert sorted(t.code for t in twinning.sdg_targets.all()) == ["11.4", "17.17"]
    assert Agreement.objects.for_tenant(government).get(external_id="AG-2").status == "draft"

    # A new status is a transition; one the legal life does not allow is an error.
    rows[0][4], rows[1][4] = "expired", "in force"
    path = write_xlsx(tmp_path / "agreements-2.xlsx", AGREEMENT_HEADERS, rows)
    preview = plan(government, read_spreadsheet(path), kind="agreements")
    assert [(e.row, e.column) for e in preview.errors] == [(3, "Status")]
    assert "cannot go from draft to in force" in preview.errors[0].message

    rows[1][4] = "in negotiation"
    path = write_xlsx(tmp_path / "agreements-3.xlsx", AGREEMENT_HEADERS, rows)
    preview = plan(government, read_spreadsheet(path), kind="agreements")
    assert preview.counts == {"to_create": 0, "to_update": 2, "unchanged": 0, "errors": 0}
    apply(preview, acting_user=user)
    twinning.refresh_from_db()
    assert twinning.status == "expired"
    assert AgreementTransition.objects.filter(agreement=twinning, to_status="expired").exists()
    assert Agreement.objects.for_tenant(government).get(external_id="AG-2").status == "negotiation"


def test_a_new_agreement_needs_partners(government, tmp_path):
    path = write_csv(tmp_path / "a.csv", ["Title", "Kind", "Partners"], [["Alone", "mou", ""]])
    preview = plan(government, read_spreadsheet(path), kind="agreements")
    assert [(e.row, e.column) for e in preview.errors] == [(2, "Partners")]


# --- Updates and blank cells -----------------------------------------------------------------


ACTION_HEADERS = ["External id", "Title", "Modality", "Status", "Description", "Location", "Themes"]


@pytest.fixture
def stored_action(government):
    from lazos.actions.services import create_action
    from lazos.reference.models import Theme

    return create_action(
        government,
        acting_user=None,
        title="Climate week",
        modality="event",
        status="planned",
        description="Old description",
        location="Lyon",
        external_id="A-1",
        themes=[Theme.objects.get(code="climate")],
    )


def test_blank_cells_leave_data_alone(government, stored_action, tmp_path):
    path = write_csv(
        tmp_path / "a.csv", ACTION_HEADERS, [["A-1", "Climate week", "", "", "", "", ""]]
    )
    preview = plan(government, read_spreadsheet(path), kind="actions")
    assert preview.counts == {"to_create": 0, "to_update": 0, "unchanged": 1, "errors": 0}


def test_blank_cells_clear_when_asked(government, stored_action, tmp_path):
    path = write_csv(
        tmp_path / "a.csv", ACTION_HEADERS, [["A-1", "Climate week", "", "", "", "", ""]]
    )
    preview = plan(government, read_spreadsheet(path), kind="actions", blank_clears=True)
    # The modality is required: it cannot be emptied.
    assert [(e.row, e.column) for e in preview.errors] == [(2, "Modality")]

    path = write_csv(
        tmp_path / "b.csv", ACTION_HEADERS, [["A-1", "Climate week", "event", "", "", "", ""]]
    )
    preview = plan(government, read_spreadsheet(path), kind="actions", blank_clears=True)
    assert preview.counts["to_update"] == 1
    apply(preview, acting_user=None)
    stored_action.refresh_from_db()
    assert stored_action.description == ""
    assert stored_action.location == ""
    assert stored_action.status == "planned"  # cleared to its default, which it had
    assert list(stored_action.themes.all()) == []


def test_an_update_by_external_id_changes_only_what_changed(government, stored_action, tmp_path):
    user = UserFactory.create()
    path = write_xlsx(
        tmp_path / "a.xlsx",
        ACTION_HEADERS,
        [
            [
                "A-1",
                "Climate week",
                "Event hosted or attended",
                "completed",
                "Old description",
                "Lyon",
                "Climate action",
            ],
            ["", "Climate week", "event", "planned", "", "", ""],
        ],
    )
    preview = plan(government, read_spreadsheet(path), kind="actions")
    assert preview.counts == {"to_create": 1, "to_update": 1, "unchanged": 0, "errors": 0}
    update = preview.to_update[0]
    assert update.values == {"status": "completed"}
    assert update.relations == {}
    assert update.changes == [("Status", "planned", "completed")]
    apply(preview, acting_user=user)
    event = AuditEvent.objects.filter(
        object_id=str(stored_action.pk), action=AuditAction.UPDATE
    ).get()
    assert event.channel == "import"
    assert event.changes == {"status": {"before": "planned", "after": "completed"}}
    # Without external id a row always creates: a second record with the same title.
    assert Action.objects.for_tenant(government).filter(title="Climate week").count() == 2


def test_an_import_that_became_invalid_is_refused_whole(government, stored_action, tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        ["External id", "Title", "Modality", "Agreement"],
        [["A-2", "New one", "event", ""], ["A-1", "Climate week", "event", "AG-9"]],
    )
    preview = plan(government, read_spreadsheet(path), kind="actions")
    assert [(e.row, e.column) for e in preview.errors] == [(3, "Agreement")]
    with pytest.raises(ImportRefused):
        apply(preview, acting_user=None)
    assert not Action.objects.for_tenant(government).filter(external_id="A-2").exists()


def test_an_editor_imports_only_actions_of_their_departments(world, tmp_path):
    from lazos.governments.models import Department

    other = Department.objects.create(government=world.government, name="Economy", acronym="ECO")
    membership = Membership.objects.get(user=world.users["editor"], government=world.government)
    path = write_csv(
        tmp_path / "a.csv",
        ["Title", "Modality", "Lead department"],
        [
            ["Mine", "event", world.department.name],
            ["Theirs", "event", other.name],
            ["Nobody's", "event", ""],
        ],
    )
    preview = plan(world.government, read_spreadsheet(path), kind="actions", membership=membership)
    assert [(e.row, e.column) for e in preview.errors] == [
        (3, "Lead department"),
        (4, "Lead department"),
    ]
    assert "your own departments" in preview.errors[0].message
    assert [row.label for row in preview.to_create] == ["Mine"]

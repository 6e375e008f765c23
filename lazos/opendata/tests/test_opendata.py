"""Open data: the Frictionless package validates, every column is documented, nothing private
ever leaks, the pages answer with ETag/Last-Modified, 404 outside a public portal, and the
number of queries does not grow with the data."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import frictionless
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from lazos.actions.models import Action, BudgetLine, Mission, Traveller
from lazos.actions.tests.factories import ActionFactory
from lazos.agreements.choices import AgreementStatus
from lazos.agreements.tests.factories import AgreementFactory
from lazos.core.testing import assert_constant_queries
from lazos.opendata.datapackage import ESCAPE_NOTE, TABLES, build_zip, package_language
from lazos.partners.models import Contact, PartnerNote
from lazos.partners.tests.factories import PartnerFactory, make_city
from lazos.results.choices import UpdateStatus
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate
from lazos.strategy.choices import StrategyStatus
from lazos.strategy.models import Objective, Strategy

pytestmark = pytest.mark.django_db

SECRET = "SECRET"  # every private text below contains it
SECRET_NUMBER = "987654"  # the value of an update that is not approved


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def secret(what: str) -> str:
    return f"{SECRET}-{what}"


def url(world, name: str, **kwargs) -> str:
    return reverse(f"opendata:{name}", kwargs={"government_slug": world.government.slug, **kwargs})


def build_content(world):
    """Public and private content, with a secret in every private field of both."""
    g = world.government
    city = make_city(3435910, "Buenos Aires", "AR")
    partner = PartnerFactory.create(
        government=g,
        name="Ciudad de Rosario",
        country="AR",
        place=city,
        description=secret("partner-description"),
        website="https://secret-partner.example.org/",
        external_id=secret("partner-external"),
    )
    Contact.objects.create(
        government=g,
        partner=partner,
        name=secret("contact-name"),
        email="secret.contact@example.org",
        phone="+54 SECRET",
        notes=secret("contact-notes"),
    )
    PartnerNote.objects.create(government=g, partner=partner, text=secret("journal"))
    private_partner = PartnerFactory.create(government=g, name=secret("private-partner"))
    agreement = AgreementFactory.create(
        government=g,
        title="Twinning Villa–Rosario",
        status=AgreementStatus.IN_FORCE,
        signed_on=date(2024, 3, 1),
        in_force_from=date(2024, 4, 1),
        valid_until=date(2029, 3, 31),
        notice_period_days=90,
        is_public=True,
        public_summary="Cooperation in culture and heritage.",
        summary=secret("agreement-summary"),
        objectives=secret("agreement-objectives"),
        legal_basis=secret("agreement-legal-basis"),
        registration_required=True,
        registration_authority=secret("authority"),
        registration_reference=secret("reference"),
        registration_opinion=secret("opinion"),
        external_id=secret("agreement-external"),
        translations={"en": {"summary": secret("agreement-translation")}},
        partners=[partner],
    )
    private_agreement = AgreementFactory.create(
        government=g,
        title=secret("private-agreement"),
        public_summary=secret("private-agreement-summary"),
        partners=[private_partner],
    )
    action = ActionFactory.create(
        government=g,
        title="Waste cooperation with Rosario",
        modality="decentralized_cooperation",
        status="ongoing",
        start_date=date(2025, 1, 1),
        is_public=True,
        public_summary="Recycling together.",
        description=secret("action-description"),
        outcomes=secret("action-outcomes"),
        lessons_learned=secret("action-lessons"),
        external_id=secret("action-external"),
        agreement=agreement,
        translations={"en": {"description": secret("action-translation")}},
    )
    action.partners.set([partner])
    under_private = ActionFactory.create(
        government=g,
        title="Public action under a private agreement",
        is_public=True,
        public_summary="Shown.",
        agreement=private_agreement,
    )
    private_action = ActionFactory.create(
        government=g,
        title=secret("private-action"),
        public_summary=secret("private-action-summary"),
    )
    private_action.partners.set([private_partner])
    BudgetLine.objects.create(
        government=g,
        action=action,
        source="own",
        funder="Municipality",
        amount=Decimal("1200.50"),
        currency="MXN",
        description=secret("budget-description"),
    )
    BudgetLine.objects.create(
        government=g, action=private_action, source="own", funder=secret("funder"), amount=1
    )
    mission = Mission.objects.create(
        government=g,
        action=action,
        destination=city,
        purpose=secret("mission-purpose"),
        cost=Decimal("3000"),
        currency="MXN",
    )
    Traveller.objects.create(
        government=g, mission=mission, name=secret("traveller"), position=secret("position")
    )
    Mission.objects.create(
        government=g, action=private_action, destination_text=secret("private-mission")
    )
    indicator = Indicator.objects.create(
        government=g,
        action=action,
        title="Tonnes recycled",
        unit="tonnes",
        baseline_value=Decimal("10"),
        baseline_year=2024,
        description=secret("indicator-description"),
        baseline_comment=secret("baseline-comment"),
    )
    Indicator.objects.create(
        government=g, action=action, title=secret("hidden-indicator"), is_public=False
    )
    Indicator.objects.create(government=g, action=private_action, title=secret("private-ind"))
    period = IndicatorPeriod.objects.create(
        government=g,
        indicator=indicator,
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        target_value=Decimal("100"),
    )
    IndicatorUpdate.objects.create(
        government=g,
        period=period,
        value=Decimal("42"),
        status=UpdateStatus.APPROVED,
        reviewed_at=timezone.now(),
        narrative=secret("approved-narrative"),
    )
    IndicatorUpdate.objects.create(
        government=g,
        period=period,
        value=Decimal("987654.321"),
        status=UpdateStatus.SUBMITTED,
        narrative=secret("submitted-narrative"),
        return_reason=secret("return-reason"),
    )
    strategy = Strategy.objects.create(
        government=g,
        title="International strategy 2025–2028",
        start_year=2025,
        end_year=2028,
        status=StrategyStatus.APPROVED,
        is_public=True,
        external_context=secret("strategy-context"),
    )
    objective = Objective.objects.create(
        government=g, strategy=strategy, code="1", title="A greener city"
    )
    strategy_indicator = Indicator.objects.create(
        government=g, objective=objective, title="Green area per resident", measure="number"
    )
    draft = Strategy.objects.create(
        government=g, title=secret("draft-strategy"), start_year=2029, end_year=2032
    )
    draft_objective = Objective.objects.create(
        government=g, strategy=draft, code="9", title=secret("draft-objective")
    )
    Indicator.objects.create(government=g, objective=draft_objective, title=secret("draft-ind"))
    # Another government's public content never shows either.
    ActionFactory.create(
        government=world.other_government,
        title=secret("foreign-action"),
        is_public=True,
        public_summary="x",
    )
    return {
        "partner": partner,
        "agreement": agreement,
        "action": action,
        "under_private": under_private,
        "indicator": indicator,
        "strategy_indicator": strategy_indicator,
    }


def zip_files(world, client: Client | None = None) -> dict[str, bytes]:
    response = (client or Client()).get(url(world, "datapackage-zip"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rows(files: dict[str, bytes], table: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[f"data/{table}.csv"].decode("utf-8"))))


def test_the_zip_passes_frictionless_validate(world, tmp_path):
    build_content(world)
    files = zip_files(world)
    for name, content in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note", "rowNumber", "fieldName"])
    assert [task.name for task in report.tasks] == [table.name for table in TABLES]
    # A broken file is caught: the validation is real.
    (tmp_path / "data" / "budget_lines.csv").write_text(
        "id,action_id,source,funder,amount,currency,in_kind\r\n1,999,gift,x,-3,mxn,maybe\r\n"
    )
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid


def test_every_column_is_documented_and_matches_the_csv(world):
    build_content(world)
    files = zip_files(world)
    spec = json.loads(files["datapackage.json"])
    assert spec["licenses"][0]["name"] == "CC-BY-4.0"
    assert spec["licenses"][0]["path"].startswith("https://creativecommons.org/")
    assert [r["name"] for r in spec["resources"]] == [
        "partners",
        "agreements",
        "actions",
        "budget_lines",
        "indicators",
        "results",
        "missions",
    ]
    for resource in spec["resources"]:
        assert resource["title"]
        assert resource["description"]
        fields = resource["schema"]["fields"]
        for field in fields:
            assert field["title"].strip(), (resource["name"], field["name"])
            assert len(field["description"].strip()) > 10, (resource["name"], field["name"])
            assert field["type"] in {"integer", "number", "string", "date", "datetime", "boolean"}
        header = files[resource["path"]].decode("utf-8").splitlines()[0].split(",")
        assert header == [field["name"] for field in fields]
    kinds = next(f for f in spec["resources"][0]["schema"]["fields"] if f["name"] == "kind")
    assert "local_government" in kinds["constraints"]["enum"]
    assert "local_government = " in kinds["description"]


def test_only_public_items_and_fields_are_published(world):
    data = build_content(world)
    files = zip_files(world)
    for name, content in files.items():
        text = content.decode("utf-8")
        assert SECRET not in text, f"{name} leaks: {text[text.find(SECRET) - 80 :][:200]}"
        assert SECRET_NUMBER not in text, name
        assert "secret-partner.example.org" not in text
        assert "secret.contact" not in text
    assert [r["name"] for r in rows(files, "partners")] == ["Ciudad de Rosario"]
    assert rows(files, "partners")[0] == {
        "id": str(data["partner"].pk),
        "name": "Ciudad de Rosario",
        "kind": "local_government",
        "country": "AR",
        "city": "Buenos Aires",
    }
    assert [r["title"] for r in rows(files, "agreements")] == ["Twinning Villa–Rosario"]
    actions = {r["title"]: r for r in rows(files, "actions")}
    assert set(actions) == {
        "Waste cooperation with Rosario",
        "Public action under a private agreement",
    }
    assert actions["Waste cooperation with Rosario"]["agreement_id"] == str(data["agreement"].pk)
    assert actions["Waste cooperation with Rosario"]["partner_ids"] == str(data["partner"].pk)
    assert actions["Public action under a private agreement"]["agreement_id"] == ""
    assert [(r["amount"], r["currency"]) for r in rows(files, "budget_lines")] == [
        ("1200.50", "MXN")
    ]
    assert [(r["destination"], r["cost"]) for r in rows(files, "missions")] == [
        ("Buenos Aires", "3000")
    ]
    assert sorted(r["title"] for r in rows(files, "indicators")) == [
        "Green area per resident",
        "Tonnes recycled",
    ]
    assert [(r["target_value"], r["actual_value"]) for r in rows(files, "results")] == [
        ("100", "42")
    ]


def test_each_csv_and_the_descriptor_are_served(world):
    build_content(world)
    client = Client()
    response = client.get(url(world, "datapackage-json"))
    assert response.status_code == 200
    spec = json.loads(response.content)
    for resource in spec["resources"]:
        assert resource["path"].startswith(f"{settings.LAZOS_BASE_URL}/")
        path = resource["path"].removeprefix(settings.LAZOS_BASE_URL)
        csv_response = client.get(path)
        assert csv_response.status_code == 200
        assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
        assert SECRET not in csv_response.content.decode()
    assert client.get(url(world, "csv", table="travellers")).status_code == 404


def test_unknown_or_unpublished_governments_are_404(world):
    client = Client()
    missing = reverse("opendata:index", kwargs={"government_slug": "nowhere"})
    assert client.get(missing).status_code == 404
    world.government.portal_enabled = False
    world.government.save()
    for name in ("index", "datapackage-zip", "datapackage-json"):
        assert client.get(url(world, name)).status_code == 404
    assert client.get(url(world, "csv", table="actions")).status_code == 404


def test_etag_and_last_modified_answer_304_until_the_content_changes(world):
    data = build_content(world)
    client = Client()
    first = client.get(url(world, "datapackage-zip"))
    assert first["ETag"]
    assert first["Last-Modified"]
    assert "max-age=300" in first["Cache-Control"]
    assert "public" in first["Cache-Control"]
    again = client.get(url(world, "datapackage-zip"), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    since = client.get(
        url(world, "csv", table="actions"),
        headers={"if-modified-since": first["Last-Modified"]},
    )
    assert since.status_code == 304
    Action.objects.filter(pk=data["under_private"].pk).update(
        is_public=False, updated_at=timezone.now() + timedelta(seconds=2)
    )
    changed = client.get(url(world, "datapackage-zip"), headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    # Removing a public row changes the ETag even when no date moved.
    BudgetLine.objects.filter(action=data["action"]).delete()
    after_delete = client.get(url(world, "datapackage-zip"))
    assert after_delete["ETag"] != changed["ETag"]


def test_index_lists_every_download_with_licence_and_update_time(world):
    build_content(world)
    world.government.open_data_licence = "ODbL-1.0"
    world.government.save()
    response = Client().get(url(world, "index"))
    assert response.status_code == 200
    html = response.content.decode()
    slug = world.government.slug
    for link in (
        url(world, "datapackage-zip"),
        url(world, "datapackage-json"),
        f"/{slug}/open-data/iati-activities.xml",
        f"/{slug}/events.ics",
        f"/{slug}/feed.atom",
        f"/api/v1/public/actions/?government={slug}",
        *(url(world, "csv", table=table.name) for table in TABLES),
    ):
        assert f'href="{link}"' in html, link
    assert "Open Data Commons Open Database License 1.0" in html
    assert 'rel="license"' in html
    assert "Last updated" in html
    assert "<time datetime=" in html
    assert SECRET not in html


def test_query_budget_does_not_grow_with_the_data(world):
    build_content(world)
    client = Client()
    partner = PartnerFactory.create(government=world.government, name="Another partner")

    def add_rows(n: int) -> None:
        for _i in range(n):
            action = ActionFactory.create(
                government=world.government, is_public=True, public_summary="More."
            )
            action.partners.set([partner])
            BudgetLine.objects.create(
                government=world.government, action=action, source="own", amount=5
            )
            Mission.objects.create(government=world.government, action=action, cost=1)
            indicator = Indicator.objects.create(
                government=world.government, action=action, title="More indicators"
            )
            IndicatorPeriod.objects.create(
                government=world.government,
                indicator=indicator,
                start=date(2025, 1, 1),
                end=date(2025, 12, 31),
            )
        cache.clear()

    def build_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            build_zip(world.government, created=timezone.now())
        return len(queries.captured_queries)

    # Building the files (the job worker's work): as many queries for 2 rows as for 12.
    add_rows(2)
    with_few = build_queries()
    add_rows(10)
    assert build_queries() == with_few <= 20

    def add_rows_and_publish(n: int) -> None:
        """The file is built once for the new data, so each count is that of serving it."""
        add_rows(n)
        assert client.get(url(world, "datapackage-zip")).status_code == 200

    assert_constant_queries(client, url(world, "datapackage-zip"), add_rows_and_publish, budget=15)
    assert_constant_queries(client, url(world, "index"), add_rows, budget=15)


def test_export_command_writes_the_same_package(world, tmp_path):
    build_content(world)
    target = tmp_path / "package.zip"
    out = io.StringIO()
    call_command(
        "export_datapackage",
        "--government",
        world.government.slug,
        "--output",
        str(target),
        stdout=out,
    )
    assert "7 tables" in out.getvalue()
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert "datapackage.json" in names
        assert "data/actions.csv" in names
        assert SECRET not in archive.read("data/actions.csv").decode()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("export_datapackage", "--government", "nowhere", "--output", str(target))


def test_the_page_falls_back_to_the_application_layout_without_the_portal(world, monkeypatch):
    from django.template import TemplateDoesNotExist

    from lazos.opendata import views

    assert views.portal_base_template() == "portal/base.html"

    def missing(name: str):
        raise TemplateDoesNotExist(name)

    monkeypatch.setattr(views, "get_template", missing)
    assert views.portal_base_template() == "base.html"
    html = Client().get(url(world, "index")).content.decode()
    assert f'href="{url(world, "datapackage-zip")}"' in html


def test_text_that_a_spreadsheet_would_run_is_escaped_and_documented(world, tmp_path):
    """Formula injection: text cells starting with = + - @ tab CR get an apostrophe, numbers
    (a negative baseline too) stay numbers, the package still validates, and both the
    descriptor and the page say so."""
    data = build_content(world)
    Action.objects.filter(pk=data["action"].pk).update(
        title='=HYPERLINK("https://attacker.example","x")', location="-", public_summary="@SUM(1)"
    )
    Partner = type(data["partner"])
    Partner.objects.filter(pk=data["partner"].pk).update(name="+cmd|' /C calc'!A0")
    Indicator.objects.filter(pk=data["indicator"].pk).update(
        title="-2+3+cmd|' /C calc'!A0", unit="\t=1+1", baseline_value=Decimal("-5.5")
    )
    files = zip_files(world)
    action = next(r for r in rows(files, "actions") if r["id"] == str(data["action"].pk))
    assert action["title"] == '\'=HYPERLINK("https://attacker.example","x")'
    assert action["location"] == "'-"
    assert action["public_summary"] == "'@SUM(1)"
    assert rows(files, "partners")[0]["name"] == "'+cmd|' /C calc'!A0"
    indicator = next(r for r in rows(files, "indicators") if r["id"] == str(data["indicator"].pk))
    assert indicator["title"] == "'-2+3+cmd|' /C calc'!A0"
    assert indicator["unit"] == "'\t=1+1"
    assert indicator["baseline_value"] == "-5.5000"  # a number, not escaped
    for name, content in files.items():
        if name.endswith(".csv"):
            for line in csv.reader(io.StringIO(content.decode("utf-8"))):
                for value in line:
                    assert not value.startswith(("=", "+", "@", "\t", "\r")), (name, value)
                    assert not value.startswith("-") or value == "-5.5000", (name, value)
    for name, content in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note", "rowNumber", "fieldName"])
    spec = json.loads(files["datapackage.json"])
    with translation.override(package_language(world.government)):
        note = str(ESCAPE_NOTE)
    for resource in spec["resources"]:
        assert resource["description"].endswith(note), resource["name"]
    page = Client().get(url(world, "index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<p id="escaped-text">Text cells that start with =, +, -, @,' in page


def test_a_new_form_of_the_files_changes_the_etag(world, monkeypatch):
    """Files cached or kept by clients under the old ETag are not served once the way they
    are written changes (e.g. the formula-injection escape)."""
    from lazos.opendata import datapackage

    before = datapackage.freshness(world.government).etag
    monkeypatch.setattr(datapackage, "FILES_VERSION", "next")
    assert datapackage.freshness(world.government).etag != before

"""The publisher's checklist: the IATI ruleset on activities, the missing organisation
identifier first, the staff page (permissions, tenant, queries), the open-data page and the
export command."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from lxml import etree

from lazos.actions.models import Action
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.core.testing.builders import GovernmentFactory
from lazos.iati.ruleset import check_activity, publisher_checklist
from lazos.iati.tests.factories import cooperation_action

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 1)
MANAGERS = {"administrator": 200, "coordinator": 200, "editor": 403, "viewer": 403}

ACTIVITY = """<iati-activity xml:lang="en" default-currency="EUR">
  <iati-identifier>{identifier}</iati-identifier>
  <reporting-org ref="XM-DAC-1" type="10"><narrative>Org</narrative></reporting-org>
  <title><narrative>Title</narrative></title>
  <description><narrative>Description</narrative></description>
  <participating-org ref="XM-DAC-1" role="1"/>
  <activity-status code="2"/>
  {dates}
  {geography}
  {sectors}
  {rest}
</iati-activity>"""
DATES = (
    '<activity-date type="1" iso-date="2024-01-01"/><activity-date type="3" iso-date="2024-12-31"/>'
)
GEOGRAPHY = '<recipient-country code="MX"/>'
SECTORS = '<sector code="15110"/>'


def activity(**parts: str) -> etree._Element:
    values = {
        "identifier": "XM-DAC-1-A1",
        "dates": DATES,
        "geography": GEOGRAPHY,
        "sectors": SECTORS,
        "rest": "",
    }
    values.update(parts)
    return etree.fromstring(ACTIVITY.format(**values))


def rules(element: etree._Element) -> list[str]:
    return [finding.rule for finding in check_activity(element, today=TODAY)]


def test_a_correct_activity_has_no_finding():
    assert rules(activity()) == []


def test_dates_in_order_and_not_in_the_future():
    reversed_dates = '<activity-date type="1" iso-date="2025-01-01"/><activity-date type="3" iso-date="2024-01-01"/>'
    assert rules(activity(dates=reversed_dates)) == ["11.1.2"]
    actual = '<activity-date type="2" iso-date="2026-01-01"/><activity-date type="4" iso-date="2025-12-31"/>'
    assert rules(activity(dates=actual)) == ["11.1.3", "11.1.4", "11.1.5"]
    assert rules(activity(dates='<activity-date type="3" iso-date="2024-12-31"/>')) == ["6.11.1"]


def test_sector_percentages_add_up_to_100_per_vocabulary():
    good = (
        '<sector code="15110" percentage="60"/><sector code="15111" percentage="40"/>'
        '<sector vocabulary="2" code="151" percentage="100"/>'
    )
    assert rules(activity(sectors=good)) == []
    short = '<sector code="15110" percentage="60"/><sector code="15111" percentage="30"/>'
    findings = check_activity(activity(sectors=short), today=TODAY)
    assert [f.rule for f in findings] == ["2.1.2"]
    assert "90" in str(findings[0].message)
    missing = '<sector code="15110" percentage="60"/><sector code="15111"/>'
    assert rules(activity(sectors=missing)) == ["2.1.1"]
    other_vocabulary = (
        '<sector code="15110"/>'
        '<sector vocabulary="2" code="151" percentage="50"/><sector vocabulary="2" code="152" percentage="20"/>'
    )
    assert rules(activity(sectors=other_vocabulary)) == ["2.1.2"]
    assert rules(activity(sectors='<sector code="15110" percentage="80"/>')) == ["2.1.4"]
    assert rules(activity(sectors="")) == ["6.2.2"]


def test_recipient_country_and_region_percentages_add_up_to_100():
    shared = '<recipient-country code="MX" percentage="70"/><recipient-region code="489" percentage="30"/>'
    assert rules(activity(geography=shared)) == []
    wrong = '<recipient-country code="MX" percentage="70"/><recipient-region code="489" percentage="20"/>'
    assert rules(activity(geography=wrong)) == ["3.4.2"]
    countries = '<recipient-country code="MX" percentage="50"/><recipient-country code="GT" percentage="40"/>'
    assert rules(activity(geography=countries)) == ["3.1.2"]
    assert rules(activity(geography='<recipient-country code="MX" percentage="120"/>')) == [
        "3.1.4",
        "12.1.1",
    ]


def test_every_activity_has_a_country_or_region():
    assert rules(activity(geography="")) == ["3.7.1"]
    on_every_transaction = (
        '<transaction><transaction-type code="3"/><transaction-date iso-date="2024-02-01"/>'
        '<value value-date="2024-02-01">10</value><recipient-country code="MX"/></transaction>'
    )
    assert rules(activity(geography="", rest=on_every_transaction)) == []


def test_identifier_is_prefixed_by_the_reporting_organisation():
    assert rules(activity(identifier="OTHER-1")) == ["1.1.21"]
    assert rules(activity(identifier="XM-DAC-1")) == ["1.1.3", "1.1.21"]
    assert rules(activity(identifier="XM-DAC-1-a/b")) == ["1.3.13"]
    previous = '<other-identifier ref="OLD-ORG" type="B1"/>'
    element = activity(identifier="OLD-ORG-7")
    element.find("activity-status").addprevious(etree.fromstring(previous))
    assert rules(element) == []


def test_quantitative_targets_and_actuals_need_values():
    result = (
        '<result type="1"><title><narrative>R</narrative></title>'
        '<indicator measure="1"><title><narrative>Tonnes</narrative></title>'
        '<baseline year="2023" value="1"/>'
        '<period><period-start iso-date="2024-12-31"/><period-end iso-date="2024-01-01"/>'
        '<target/><actual value="3"/></period></indicator></result>'
    )
    findings = check_activity(activity(rest=result), today=TODAY)
    assert [f.rule for f in findings] == ["8.6.1", "8.9.1"]
    assert "Tonnes" in str(findings[1].message)


def test_a_budget_period_is_in_order_and_at_most_a_year():
    budget = (
        '<budget><period-start iso-date="2024-01-01"/><period-end iso-date="2025-06-30"/>'
        '<value value-date="2024-01-01">5</value></budget>'
    )
    assert rules(activity(rest=budget)) == ["7.5.3"]


# The government's checklist ---------------------------------------------------------------


def test_a_government_without_identifier_is_warned_first_not_given_one():
    government = GovernmentFactory.create(slug="sin-id", iati_organisation_identifier="")
    items = publisher_checklist(government, today=TODAY)
    assert items[0].action_id is None
    assert "no IATI organisation identifier" in str(items[0].message)
    assert items[0].url == reverse("governments:government-edit")
    government.iati_organisation_identifier = "XM-DAC-7"
    government.save()
    assert all(item.action_id is not None for item in publisher_checklist(government, today=TODAY))


def test_each_warning_names_the_action_and_links_to_where_it_is_fixed():
    government = GovernmentFactory.create(iati_organisation_identifier="XM-DAC-7")
    action = cooperation_action(
        government, 1, start_date=date(2026, 3, 1), end_date=date(2024, 2, 28)
    )
    action.iati_identifier = "ELSEWHERE-9"
    action.save()
    items = publisher_checklist(government, today=TODAY)
    by_rule = {item.rule: item for item in items}
    assert {"1.1.21"} <= set(by_rule)
    assert any(rule in by_rule for rule in ("11.1.2", "11.1.3", "11.1.4"))
    identifier = by_rule["1.1.21"]
    assert identifier.activity == action.title
    assert identifier.identifier == "ELSEWHERE-9"
    assert identifier.url == reverse("actions:action-edit", args=[action.pk])


# The page --------------------------------------------------------------------------------


def test_checklist_matrix(world):
    url = reverse("iati:publisher-checklist")
    assert_permission_matrix(
        world, url, {"anonymous": 302, "stranger": 403, "outsider": 200, **MANAGERS}
    )


def test_the_page_shows_the_warnings_of_its_own_government_only(world):
    world.government.iati_organisation_identifier = ""
    world.government.save()
    world.other_government.iati_organisation_identifier = "XM-DAC-2"
    world.other_government.save()
    mine = cooperation_action(world.government, 1, iati_identifier="NOT-PREFIXED-1")
    theirs = cooperation_action(world.other_government, 2, iati_identifier="NOT-PREFIXED-2")
    page = world.client_for("coordinator").get(reverse("iati:publisher-checklist"))
    content = page.content.decode()
    assert 'id="missing-organisation-identifier"' in content
    assert mine.title in content
    assert reverse("actions:action-edit", args=[mine.pk]) in content
    assert theirs.title not in content
    assert "NOT-PREFIXED-2" not in content


def test_the_page_has_a_fixed_query_count(world):
    client = world.client_for("administrator")
    created = {"n": 0}

    def add_rows(count):
        for _ in range(count):
            created["n"] += 1
            cooperation_action(world.government, created["n"])

    assert_constant_queries(
        client, reverse("iati:publisher-checklist"), add_rows, budget=16, few=1, many=4
    )


def test_the_import_list_links_to_the_checklist(world):
    page = world.client_for("coordinator").get(reverse("iati:import-list"))
    assert reverse("iati:publisher-checklist").encode() in page.content


def test_the_open_data_page_warns_without_identifier_and_links_staff(world):
    government = world.government
    government.portal_enabled = True
    government.iati_organisation_identifier = ""
    government.save()
    url = reverse("opendata:index", kwargs={"government_slug": government.slug})
    public = world.client_for("anonymous").get(url)
    assert public.status_code == 200
    assert b'id="iati-identifier-warning"' in public.content
    assert b'id="iati-checklist-link"' not in public.content
    staff = world.client_for("viewer").get(url)
    assert b'id="iati-checklist-link"' in staff.content
    outsider = world.client_for("outsider").get(url)
    assert b'id="iati-checklist-link"' not in outsider.content
    government.iati_organisation_identifier = "XM-DAC-7"
    government.save()
    assert b"iati-identifier-warning" not in world.client_for("anonymous").get(url).content


# The command -----------------------------------------------------------------------------


def test_the_export_command_prints_the_warnings(tmp_path):
    government = GovernmentFactory.create(
        slug="con-id-cmd", iati_organisation_identifier="XM-DAC-7"
    )
    action = cooperation_action(government, 1, iati_identifier="ELSEWHERE-1")
    errors = io.StringIO()
    call_command(
        "export_iati",
        "--government",
        government.slug,
        "--output",
        str(tmp_path / "out.xml"),
        stderr=errors,
    )
    written = errors.getvalue()
    assert "no IATI organisation identifier" not in written
    assert f"{action.title} (ELSEWHERE-1)" in written
    assert reverse("actions:action-edit", args=[action.pk]) in written
    assert (tmp_path / "out.xml").exists()
    assert Action.objects.filter(government=government).count() == 1


def test_without_an_organisation_identifier_the_command_warns_and_writes_nothing(tmp_path):
    """No file under a made-up identifier: the warning first, then a refusal, no file."""
    government = GovernmentFactory.create(slug="sin-id-cmd", iati_organisation_identifier="")
    cooperation_action(government, 1)
    errors = io.StringIO()
    with pytest.raises(CommandError, match="no IATI organisation identifier"):
        call_command(
            "export_iati",
            "--government",
            government.slug,
            "--output",
            str(tmp_path / "out.xml"),
            stderr=errors,
        )
    assert "no IATI organisation identifier" in errors.getvalue()
    assert not (tmp_path / "out.xml").exists()

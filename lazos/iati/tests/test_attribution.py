"""Attribution: the government's IATI file carries only what the government reports. An
imported activity of another reporting organisation keeps that organisation (ref, type, names
in every language, secondary-reporter flag), is "reported by" it, and never appears in the
government's file."""

from __future__ import annotations

import io

import pytest
from lxml import etree

from lazos.actions.models import Action
from lazos.core.testing.builders import GovernmentFactory
from lazos.iati.export import exported_actions
from lazos.iati.models import IatiActivityExtra, ReportingOrganisation, reported_by
from lazos.iati.services import import_file
from lazos.iati.tests.factories import cooperation_action
from lazos.iati.tests.helpers import export_bytes

pytestmark = pytest.mark.django_db

OWN = "MX-RFC-VPR123"

ACTIVITY = """
<iati-activity xml:lang="es" default-currency="USD">
  <iati-identifier>{identifier}</iati-identifier>
  <reporting-org ref="{ref}" type="{type}" secondary-reporter="{secondary}">
    <narrative>{name}</narrative><narrative xml:lang="en">{name} (en)</narrative>
  </reporting-org>
  <title><narrative>Actividad {identifier}</narrative></title>
  <description><narrative>Descripción.</narrative></description>
  <participating-org ref="{ref}" role="1" type="{type}"><narrative>{name}</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="2" iso-date="2024-01-01"/>
</iati-activity>
"""


def _file(*activities: dict[str, str]) -> io.BytesIO:
    body = "".join(ACTIVITY.format(**activity) for activity in activities)
    return io.BytesIO(
        f'<?xml version="1.0"?>\n<iati-activities version="2.03">{body}</iati-activities>'.encode()
    )


BANK = {
    "identifier": "XM-DAC-46012-1",
    "ref": "XM-DAC-46012",
    "type": "40",
    "secondary": "0",
    "name": "Banco de Desarrollo",
}
AGENCY_AS_SECONDARY = {
    "identifier": "XM-DAC-41114-9",
    "ref": "XM-DAC-41114",
    "type": "40",
    "secondary": "1",
    "name": "Agencia",
}
CITY = {
    "identifier": f"{OWN}-77",
    "ref": OWN,
    "type": "11",
    "secondary": "0",
    "name": "Villa Prueba",
}


@pytest.fixture
def government():
    return GovernmentFactory.create(
        slug="villa-prueba",
        official_languages=["es"],
        currency="MXN",
        iati_organisation_identifier=OWN,
    )


def test_another_organisations_activity_never_appears_in_the_file(government):
    own_action = cooperation_action(government)
    import_file(government, _file(BANK, AGENCY_AS_SECONDARY, CITY), acting_user=None, publish=True)
    assert Action.objects.for_tenant(government).filter(is_public=True).count() == 4

    content = export_bytes(government)
    document = etree.fromstring(content)
    identifiers = [element.text for element in document.iter("iati-identifier")]
    assert identifiers == [f"{OWN}-{own_action.pk}", CITY["identifier"]]
    assert {element.get("ref") for element in document.iter("reporting-org")} == {OWN}
    for other in (BANK, AGENCY_AS_SECONDARY):
        assert other["identifier"].encode() not in content
        assert other["name"].encode() not in content


def test_the_preview_says_who_reports_what_will_not_be_published(government):
    plans = import_file(government, _file(BANK, CITY), acting_user=None, dry_run=True)
    assert [plan.reported_by for plan in plans] == ["Banco de Desarrollo", ""]
    assert any("never published" in warning for warning in plans[0].warnings)
    assert not any("never published" in warning for warning in plans[1].warnings)


def test_the_same_identifier_in_another_case_is_the_governments(government):
    import_file(government, _file({**CITY, "ref": OWN.lower()}), acting_user=None, publish=True)
    assert exported_actions(government).count() == 1


def test_the_reporting_organisation_is_kept_whole(government):
    import_file(government, _file(BANK, AGENCY_AS_SECONDARY, CITY), acting_user=None)
    extra = IatiActivityExtra.objects.get(action__iati_identifier=AGENCY_AS_SECONDARY["identifier"])
    assert (extra.reporting_org_ref, extra.reporting_org_type) == ("XM-DAC-41114", "40")
    assert extra.reporting_org_names == {"es": "Agencia", "en": "Agencia (en)"}
    assert extra.secondary_reporter is True
    assert extra.is_reported_by_others(government)

    actions = {
        action.iati_identifier: action
        for action in Action.objects.for_tenant(government).select_related(
            "iati_extra", "government"
        )
    }
    bank = reported_by(actions[BANK["identifier"]])
    assert bank == ReportingOrganisation(
        ref="XM-DAC-46012",
        type="40",
        names={"es": "Banco de Desarrollo", "en": "Banco de Desarrollo (en)"},
        secondary_reporter=False,
    )
    assert bank.name == "Banco de Desarrollo"
    assert bank.name_in("en") == "Banco de Desarrollo (en)"
    assert bank.name_in("fr") == "Banco de Desarrollo"
    assert reported_by(actions[CITY["identifier"]]) is None  # the government's own


def test_an_action_made_in_lazos_is_reported_by_the_government(government):
    action = cooperation_action(government)
    assert reported_by(action) is None
    assert list(exported_actions(government)) == [action]


def test_without_an_organisation_identifier_no_imported_activity_is_published():
    government = GovernmentFactory.create(slug="villa-sin", iati_organisation_identifier="")
    own_action = cooperation_action(government)
    import_file(government, _file(BANK, CITY), acting_user=None, publish=True)
    assert list(exported_actions(government)) == [own_action]

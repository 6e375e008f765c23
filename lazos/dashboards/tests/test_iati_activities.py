"""Activities imported from IATI files in the dashboards: the government's own, and those
reported by another organisation only where the government takes part in them (#12)."""

from __future__ import annotations

import importlib
import io

import pytest
from django.apps import apps

from lazos.core.testing.builders import GovernmentFactory
from lazos.dashboards.figures import Filters, activity_charts, filtered_actions
from lazos.iati.models import IatiActivityExtra
from lazos.iati.services import import_file

pytestmark = pytest.mark.django_db

OWN = "MX-RFC-CDM123456"
UNDP = '<reporting-org ref="XM-DAC-41114" type="40"><narrative>PNUD</narrative></reporting-org>'


def activity(identifier: str, *, reporting: str = UNDP, participating: str = "") -> str:
    return f"""
<iati-activity xml:lang="es" default-currency="USD">
  <iati-identifier>{identifier}</iati-identifier>
  {reporting}
  <title><narrative>Actividad {identifier}</narrative></title>
  <description><narrative>Descripción.</narrative></description>
  <participating-org ref="XM-DAC-41114" role="1" type="40"><narrative>PNUD</narrative>
  </participating-org>
  {participating}
  <activity-status code="2"/>
  <activity-date type="2" iso-date="2024-03-01"/>
  <recipient-country code="MX" percentage="100"/>
</iati-activity>"""


def file_of(*activities: str) -> io.BytesIO:
    return io.BytesIO(
        (
            '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">'
            + "".join(activities)
            + "</iati-activities>\n"
        ).encode()
    )


def test_an_activity_reported_by_others_counts_only_where_the_government_takes_part():
    government = GovernmentFactory.create(
        slug="ciudad-prueba",
        name="Ciudad de Prueba",
        official_languages=["es"],
        currency="MXN",
        iati_organisation_identifier=OWN,
    )
    import_file(
        government,
        file_of(
            # Reported by the government itself.
            activity(
                f"{OWN}-1",
                reporting=f'<reporting-org ref="{OWN}" type="11"><narrative>Ciudad de Prueba'
                "</narrative></reporting-org>",
            ),
            # Reported by UNDP; the government implements it (named by its identifier).
            activity(
                "XM-DAC-41114-2",
                participating=f'<participating-org ref="{OWN}" role="4" type="11">'
                "<narrative>Ciudad de Prueba</narrative></participating-org>",
            ),
            # Reported by UNDP; the government funds it (named without identifier).
            activity(
                "XM-DAC-41114-3",
                participating='<participating-org role="1"><narrative>CIUDAD DE PRUEBA'
                "</narrative></participating-org>",
            ),
            # Reported by UNDP; the government takes no part.
            activity("XM-DAC-41114-4"),
        ),
        acting_user=None,
    )
    extras = IatiActivityExtra.objects.for_tenant(government)
    assert dict(extras.values_list("action__iati_identifier", "government_takes_part")) == {
        f"{OWN}-1": False,
        "XM-DAC-41114-2": True,
        "XM-DAC-41114-3": True,
        "XM-DAC-41114-4": False,
    }

    counted = filtered_actions(government, Filters())
    assert sorted(counted.values_list("iati_identifier", flat=True)) == [
        f"{OWN}-1",
        "XM-DAC-41114-2",
        "XM-DAC-41114-3",
    ]
    by_modality = next(
        c for c in activity_charts(government, Filters()) if c.slug.endswith("modality")
    )
    assert sum(sum(value or 0 for value in series.values) for series in by_modality.series) == 3


def test_activities_imported_before_are_marked_by_the_migration():
    government = GovernmentFactory.create(name="Villa Ida", iati_organisation_identifier=OWN)
    import_file(
        government,
        file_of(
            activity(
                "XM-DAC-41114-5",
                participating=f'<participating-org ref="{OWN}" role="4"><narrative>Villa Ida'
                "</narrative></participating-org>",
            ),
            activity("XM-DAC-41114-6"),
        ),
        acting_user=None,
    )
    extras = IatiActivityExtra.objects.for_tenant(government)
    extras.update(government_takes_part=False)  # as a row written before the field existed
    migration = importlib.import_module("lazos.iati.migrations.0005_government_takes_part")
    migration.note_where_the_government_takes_part(apps, None)
    assert dict(extras.values_list("action__iati_identifier", "government_takes_part")) == {
        "XM-DAC-41114-5": True,
        "XM-DAC-41114-6": False,
    }

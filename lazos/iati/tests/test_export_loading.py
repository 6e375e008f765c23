"""The export reads an activity's rows as values, a chunk of actions at a time
(``export._load_file_parts``): the file it writes is, byte for byte, the one written from
model instances read with Django's prefetches (``export.exported_actions``)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from lazos.actions.models import Action
from lazos.actions.services import update_action
from lazos.core.testing.builders import GovernmentFactory
from lazos.governments.models import Government
from lazos.iati import export
from lazos.iati.models import Transaction
from lazos.iati.services import import_file
from lazos.iati.tests.factories import cooperation_action
from lazos.iati.tests.helpers import export_bytes
from lazos.iati.tests.test_round_trip import EDITABLE

pytestmark = pytest.mark.django_db

GENERATED = re.compile(rb'generated-datetime="[^"]*"')


def _government():
    """Actions made in Lazos (partners, themes, SDG targets, budgets, an indicator with
    values and translations, transactions) beside an imported activity, edited since."""
    government = GovernmentFactory.create(
        slug="villa-carga",
        official_languages=["es"],
        currency="MXN",
        iati_organisation_identifier="XM-EX-1",
    )
    first = cooperation_action(government, 1)
    cooperation_action(government, 2, end_date=None, status="planned")
    for day, value in ((2, "1000.125"), (1, "20.5")):
        Transaction.objects.create(
            government=government,
            action=first,
            transaction_type="3",
            date=date(2024, 5, day),
            value=Decimal(value),
            currency="MXN",
            value_date=date(2024, 5, day),
            description="Desembolso",
            provider_name="Villa Carga",
            receiver_ref="FR-RNA-1",
            receiver_name="Ville de Paris",
            extra_xml=['<disbursement-channel code="1"/>'] if day == 1 else [],
        )
    import_file(government, io.BytesIO(EDITABLE.encode()), acting_user=None, publish=True)
    imported = Action.objects.get(government=government, iati_identifier="XM-EX-1-A")
    update_action(imported, acting_user=None, title="Deep wells")
    return government


def test_the_values_read_by_chunk_write_the_same_bytes_as_model_instances(monkeypatch):
    government = _government()
    fast = export_bytes(government)

    def from_instances(government: Government) -> Iterator[Action]:
        yield from export.exported_actions(government)

    monkeypatch.setattr(export, "_exported_in_chunks", from_instances)
    reference = export_bytes(government)
    assert fast.count(b"<iati-activity ") == 3
    assert b"<disbursement-channel" in fast
    assert b"Deep wells" in fast
    assert GENERATED.sub(b"", fast) == GENERATED.sub(b"", reference)

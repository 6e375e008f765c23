"""Builders of the IATI app's objects (registered for the generic cross-tenant tests) and of
actions shaped like the demo's cooperation actions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from lazos.actions.choices import ActionStatus, FundingSource, Modality
from lazos.actions.models import Action, BudgetLine
from lazos.actions.tests.factories import ActionFactory
from lazos.core.testing.builders import register_builder
from lazos.governments.models import Government
from lazos.iati.models import IatiImport
from lazos.partners.choices import PartnerKind
from lazos.partners.tests.factories import PartnerFactory, make_city
from lazos.reference.models import SdgTarget, Theme
from lazos.results.choices import UpdateStatus
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate

MINIMAL_FILE = b"""<?xml version="1.0"?>
<iati-activities version="2.03"></iati-activities>
"""


@register_builder(IatiImport)
def _build_import(government: Government) -> IatiImport:
    run = IatiImport(government=government, original_name="activities.xml")
    run.file.save("activities.xml", ContentFile(MINIMAL_FILE), save=False)
    run.save()
    return run


def cooperation_action(government: Government, number: int = 1, **values: Any) -> Action:
    """A public cooperation action with what the demo's have: partners in two countries with
    places, themes, SDG targets, a budget, an indicator with a target and an approved value,
    and a translation."""
    defaults: dict[str, Any] = {
        "government": government,
        "title": f"Cooperación en residuos {number}",
        "modality": Modality.DECENTRALIZED_COOPERATION,
        "status": ActionStatus.ONGOING,
        "start_date": date(2024, 3, 1),
        "end_date": date(2026, 2, 28),
        "is_public": True,
        "public_summary": f"Intercambio técnico sobre residuos {number}.",
        "language": "es",
        "translations": {
            "en": {"title": f"Waste cooperation {number}", "public_summary": "Exchange."}
        },
    }
    defaults.update(values)
    action: Action = ActionFactory.create(**defaults)
    paris = PartnerFactory.create(
        government=government,
        name=f"Ville de Paris {number}",
        country="FR",
        place=make_city(),
        kind=PartnerKind.LOCAL_GOVERNMENT,
    )
    network = PartnerFactory.create(
        government=government,
        name=f"Red de ciudades {number}",
        country="ES",
        kind=PartnerKind.CITY_NETWORK,
    )
    action.partners.set([paris, network])
    action.themes.set(Theme.objects.filter(code__in=["waste", "climate"]))
    action.sdg_targets.set(SdgTarget.objects.filter(code__in=["11.6", "12.5"]))
    BudgetLine.objects.create(
        government=government,
        action=action,
        source=FundingSource.OWN,
        amount=Decimal("120000.00"),
        currency="MXN",
    )
    indicator = Indicator.objects.create(
        government=government,
        action=action,
        title="Toneladas recicladas",
        result_title="Más reciclaje",
        baseline_value=Decimal("10"),
        baseline_year=2023,
        language="es",
        translations={"en": {"title": "Tonnes recycled", "result_title": "More recycling"}},
    )
    period = IndicatorPeriod.objects.create(
        government=government,
        indicator=indicator,
        start=date(2024, 1, 1),
        end=date(2024, 12, 31),
        target_value=Decimal("50"),
    )
    IndicatorUpdate.objects.create(
        government=government, period=period, value=Decimal("42"), status=UpdateStatus.APPROVED
    )
    IndicatorUpdate.objects.create(
        government=government, period=period, value=Decimal("99"), status=UpdateStatus.DRAFT
    )
    return action

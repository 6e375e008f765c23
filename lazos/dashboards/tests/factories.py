"""Data for the dashboards' tests: a little of everything the charts count."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from django.utils import timezone

from lazos.actions.choices import FundingSource, Modality
from lazos.actions.models import Action, BudgetLine
from lazos.agreements.choices import AgreementStatus
from lazos.agreements.models import Agreement
from lazos.governments.models import Government
from lazos.partners.models import Partner
from lazos.partners.tests.factories import make_city
from lazos.reference.loaders import sync_sdgs, sync_themes
from lazos.reference.models import SdgGoal, SdgTarget, Theme
from lazos.results.choices import UpdateStatus
from lazos.results.tests.factories import (
    make_indicator,
    make_objective,
    make_period,
    make_strategy,
    make_update,
)

_n = count(1)


def populate(
    government: Government, rows: int = 2, *, department: Any = None, prefix: str = ""
) -> None:
    """``rows`` actions with partners, themes, SDG targets and budget; agreements; an
    objective indicator with progress; each call adds the same shape again."""
    strategy = make_strategy(government, status="approved")
    objective = make_objective(government, strategy, title=f"{prefix}Objective")
    if not SdgTarget.objects.exists():  # a transactional test flushed the reference data
        sync_sdgs(SdgGoal, SdgTarget)
        sync_themes(Theme)
    target = SdgTarget.objects.order_by("code")[0]
    themes = {
        theme.code: theme for theme in Theme.objects.filter(code__in=["culture", "environment"])
    }
    for index in range(rows):
        n = next(_n)
        city = make_city(geonameid=900000 + n, name=f"City {n}", country="FR")
        partner = Partner.objects.create(
            government=government,
            name=f"{prefix}Partner {n}",
            kind="local_government",
            country=["FR", "BR", "KE"][index % 3],
            place=city if index % 2 == 0 else None,
        )
        action = Action.objects.create(
            government=government,
            title=f"{prefix}Action {n}",
            modality=[Modality.TECHNICAL_EXCHANGE, Modality.MISSION][index % 2],
            status="ongoing",
            start_date=date(2023 + index % 2, 3, 1),
            lead_department=department,
        )
        action.partners.set([partner])
        action.themes.set([themes["culture"] if index % 2 else themes["environment"]])
        action.sdg_targets.set([target])
        objective.actions.add(action)
        BudgetLine.objects.create(
            government=government,
            action=action,
            source=FundingSource.OWN,
            amount=Decimal("1000"),
            currency="EUR",
        )
        agreement = Agreement.objects.create(
            government=government,
            title=f"{prefix}Agreement {n}",
            kind="cooperation",
            status=AgreementStatus.IN_FORCE,
            valid_until=timezone.localdate() + timedelta(days=60 + 30 * index),
            notice_period_days=90,
        )
        agreement.partners.set([partner])
        indicator = make_indicator(government, objective=objective, title=f"{prefix}Ind {n}")
        period = make_period(indicator, year=2024, target_value=Decimal(100))
        make_update(period, value=Decimal(40), status=UpdateStatus.APPROVED)

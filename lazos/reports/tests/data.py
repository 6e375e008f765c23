"""A register with something in every section of the reports, for the reports' tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lazos.actions.models import Action, BudgetLine, Commitment, Mission, Traveller
from lazos.agreements.models import Agreement
from lazos.evaluations.models import Evaluation, Recommendation
from lazos.governments.models import Government
from lazos.networks.models import Network, NetworkMembership, NetworkPost
from lazos.partners.models import Contact, Partner
from lazos.reference.models import SdgTarget
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate
from lazos.strategy.models import Objective, Strategy

TODAY = timezone.localdate()
YEAR = TODAY.year - 1


@dataclass
class Register:
    strategy: Strategy
    general: Objective
    specific: Objective
    in_force: list[Agreement] = field(default_factory=list)
    not_in_force: list[Agreement] = field(default_factory=list)
    ongoing: list[Action] = field(default_factory=list)
    completed: list[Action] = field(default_factory=list)
    open_commitments: list[Commitment] = field(default_factory=list)
    done_commitments: list[Commitment] = field(default_factory=list)
    memberships: list[NetworkMembership] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    open_recommendations: list[Recommendation] = field(default_factory=list)
    closed_recommendations: list[Recommendation] = field(default_factory=list)


def strategy_for(government: Government) -> tuple[Strategy, Objective, Objective]:
    strategy = Strategy.objects.create(
        government=government,
        title="Open city strategy",
        start_year=YEAR - 1,
        end_year=YEAR + 3,
        status="approved",
        vision="A city that learns from its peers.",
    )
    general = Objective.objects.create(
        government=government, strategy=strategy, code="1", title="Cleaner neighbourhoods"
    )
    specific = Objective.objects.create(
        government=government,
        strategy=strategy,
        parent=general,
        code="1.1",
        title="Waste separated at source",
    )
    return strategy, general, specific


def populate(government: Government, n: int, tag: str = "", register: Register | None = None):
    """Add ``n`` rows of every kind the reports show (and some they must leave out)."""
    if register is None:
        register = Register(*strategy_for(government))
    goal_targets = list(SdgTarget.objects.filter(code__in=["11.6", "5.5"]))
    for i in range(n):
        key = f"{tag}{len(register.in_force)}"
        partner = Partner.objects.create(
            government=government, name=f"Partner {key}", kind="local_government", country="PT"
        )
        other = Partner.objects.create(
            government=government, name=f"Other partner {key}", kind="ngo", country="AR"
        )
        register.contacts.append(
            Contact.objects.create(
                government=government, partner=partner, name=f"Person {key}", email="p@x.example"
            )
        )
        # Not a key contact: neither main contact nor at a partner of current work.
        Contact.objects.create(government=government, partner=other, name=f"Nobody {key}")
        agreement = Agreement.objects.create(
            government=government,
            title=f"Twinning {key} with Porto",
            kind="twinning",
            status="in_force",
            signed_on=TODAY - datetime.timedelta(days=400),
            in_force_from=TODAY - datetime.timedelta(days=390),
            valid_until=TODAY + datetime.timedelta(days=100 + i),
            renewal="by_act",
            notice_period_days=60,
            objectives=f"Exchange teachers every year ({key}).",
            registration_required=True,
            registration_status="registered",
            registration_reference=f"REG-{key}",
        )
        agreement.partners.set([partner])
        register.general.agreements.add(agreement)
        register.in_force.append(agreement)
        expired = Agreement.objects.create(
            government=government,
            title=f"Expired memorandum {key}",
            kind="mou",
            status="expired",
        )
        expired.partners.set([other])
        register.not_in_force.append(expired)

        action = Action.objects.create(
            government=government,
            title=f"Waste exchange {key}",
            modality="technical_exchange",
            status="ongoing",
            start_date=datetime.date(YEAR, 3, 1),
            agreement=agreement,
        )
        action.partners.set([partner])
        action.sdg_targets.set(goal_targets)
        register.specific.actions.add(action)
        BudgetLine.objects.create(
            government=government,
            action=action,
            source="own",
            amount=Decimal("1000"),
            currency="EUR",
        )
        BudgetLine.objects.create(
            government=government,
            action=action,
            source="partner",
            amount=Decimal("50"),
            currency="USD",
        )
        BudgetLine.objects.create(
            government=government,
            action=action,
            source="partner",
            amount=Decimal("7"),
            currency="EUR",
            in_kind=True,
        )
        register.ongoing.append(action)
        mission = Action.objects.create(
            government=government,
            title=f"Mission {key} to Porto",
            modality="mission",
            status="completed",
            start_date=datetime.date(YEAR, 5, 2),
            end_date=datetime.date(YEAR, 5, 6),
        )
        mission.partners.set([partner, other])
        travel = Mission.objects.create(
            government=government,
            action=mission,
            destination_text="Porto",
            cost=Decimal("500"),
            currency="EUR",
        )
        Traveller.objects.create(government=government, mission=travel, name=f"Mayor {key}")
        register.completed.append(mission)
        # An action of another year: not in the annual report.
        Action.objects.create(
            government=government,
            title=f"Old fair {key}",
            modality="event",
            status="completed",
            start_date=datetime.date(YEAR - 3, 1, 1),
            end_date=datetime.date(YEAR - 3, 1, 2),
        )

        register.open_commitments.append(
            Commitment.objects.create(
                government=government,
                title=f"Send the curricula {key}",
                agreement=agreement,
                due_date=TODAY + datetime.timedelta(days=30),
            )
        )
        register.done_commitments.append(
            Commitment.objects.create(
                government=government,
                title=f"Done already {key}",
                action=action,
                status="done",
                completed_on=TODAY,
            )
        )

        network = Network.objects.create(
            government=government, name=f"Network {key}", scope="global"
        )
        membership = NetworkMembership.objects.create(
            government=government, network=network, status="active"
        )
        NetworkPost.objects.create(
            government=government, membership=membership, title=f"Chair {key}"
        )
        NetworkPost.objects.create(
            government=government,
            membership=membership,
            title=f"Former treasurer {key}",
            end=TODAY - datetime.timedelta(days=10),
        )
        register.memberships.append(membership)

        owners = (("objective", {"objective": register.general}), ("action", {"action": action}))
        for label, owner in owners:
            indicator = Indicator.objects.create(
                government=government, title=f"Tonnes separated {key} ({label})", **owner
            )
            if "objective" in owner:
                indicator.baseline_value = Decimal("10")
                indicator.save()
            period = IndicatorPeriod.objects.create(
                government=government,
                indicator=indicator,
                start=datetime.date(YEAR, 1, 1),
                end=datetime.date(YEAR, 12, 31),
                target_value=Decimal("40"),
            )
            IndicatorUpdate.objects.create(
                government=government, period=period, value=Decimal("33"), status="approved"
            )
            IndicatorUpdate.objects.create(
                government=government, period=period, value=Decimal("99"), status="draft"
            )
            register.indicators.append(indicator)

        evaluation = Evaluation.objects.create(
            government=government, action=action, title=f"Mid-term review {key}"
        )
        register.open_recommendations.append(
            Recommendation.objects.create(
                government=government, evaluation=evaluation, text=f"Involve schools {key}"
            )
        )
        register.closed_recommendations.append(
            Recommendation.objects.create(
                government=government,
                evaluation=evaluation,
                text=f"Rejected idea {key}",
                response="rejected",
            )
        )
    return register


def titles(items: list[Any]) -> set[str]:
    return {getattr(item, "title", None) or str(item) for item in items}

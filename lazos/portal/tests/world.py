"""A government with public and private content for the portal tests.

Every private value contains ``SECRET`` (the leak test looks for it); public values do not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lazos.actions.choices import ActionStatus, Modality
from lazos.actions.models import Action, BudgetLine, Commitment, Mission, Traveller
from lazos.actors.models import LocalActor
from lazos.agreements.choices import AgreementKind, AgreementStatus
from lazos.agreements.models import Agreement
from lazos.consultations.choices import Audience, ConsultationStatus, ContributionStatus
from lazos.consultations.models import Consultation, Contribution
from lazos.core.models import Attachment, AttachmentKind
from lazos.core.testing.builders import DepartmentFactory, GovernmentFactory
from lazos.governments.models import Government
from lazos.networks.choices import MembershipStatus, NetworkScope
from lazos.networks.models import Network, NetworkMembership, NetworkPost
from lazos.partners.models import Contact, Partner, PartnerNote
from lazos.partners.tests.factories import make_city
from lazos.results.choices import UpdateStatus
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate
from lazos.strategy.choices import StrategyStatus
from lazos.strategy.models import Objective, Strategy

SECRET = "SECRET"


@dataclass
class PortalWorld:
    government: Government
    public_action: Action
    private_action: Action
    mission_action: Action
    public_agreement: Agreement
    private_agreement: Agreement
    partner: Partner
    private_partner: Partner
    open_consultation: Consultation
    closed_consultation: Consultation
    indicator: Indicator
    extra: dict[str, Any] = field(default_factory=dict)


def secret(name: str) -> str:
    return f"{SECRET}-{name}"


def build_portal_world(
    slug: str = "rio-claro", *, languages: list[str] | None = None
) -> PortalWorld:
    government = GovernmentFactory.create(
        name="Rio Claro", slug=slug, country="BR", official_languages=languages or ["pt"],
        portal_intro="Cooperamos com cidades do mundo.",
        portal_intro_translations={"en": "We work with cities around the world."},
        iati_organisation_identifier=f"XM-EX-{slug.upper()}",  # so it publishes an IATI file
    )  # fmt: skip
    department = DepartmentFactory.create(
        government=government, name="International relations", email="SECRET-dept@example.org"
    )
    city = make_city(3435910, "Buenos Aires", "AR")
    partner = Partner.objects.create(
        government=government, name="Ciudad de Rosário", kind="local_government", country="AR",
        place=city, description=secret("partner-description"), website="https://secret.example",
    )  # fmt: skip
    Contact.objects.create(
        government=government, partner=partner, name=secret("contact-name"),
        email="SECRET-contact@example.org", phone="+99 SECRET", notes=secret("contact-notes"),
    )  # fmt: skip
    PartnerNote.objects.create(government=government, partner=partner, text=secret("journal"))
    private_partner = Partner.objects.create(
        government=government, name=secret("private-partner"), kind="local_government", country="FR"
    )
    public_agreement = Agreement.objects.create(
        government=government, title="Acordo de cooperação com Rosário", kind=AgreementKind.COOPERATION,
        status=AgreementStatus.IN_FORCE, signed_on=date(2024, 3, 1), in_force_from=date(2024, 3, 1),
        is_public=True, public_summary="Cooperação em mobilidade urbana.",
        summary=secret("agreement-summary"), objectives=secret("agreement-objectives"),
        legal_basis=secret("legal-basis"), registration_reference=secret("registration"),
        registration_opinion=secret("opinion"),
        translations={"en": {"title": "Cooperation agreement with Rosario"}},
    )  # fmt: skip
    public_agreement.partners.set([partner])
    ct = ContentType.objects.get_for_model(Agreement)
    Attachment.objects.create(
        government=government, content_type=ct, object_id=public_agreement.pk,
        title="Texto assinado", kind=AttachmentKind.SIGNED_TEXT, file="attachments/x/signed.pdf",
        original_name="signed.pdf", size=10, mime_type="application/pdf", is_public=True,
    )  # fmt: skip
    Attachment.objects.create(
        government=government, content_type=ct, object_id=public_agreement.pk,
        title=secret("annex"), kind=AttachmentKind.SIGNED_TEXT, file="attachments/x/secret.pdf",
        original_name="secret-annex.pdf", size=10, mime_type="application/pdf", is_public=False,
    )  # fmt: skip
    private_agreement = Agreement.objects.create(
        government=government, title=secret("private-agreement"), kind=AgreementKind.MOU,
        status=AgreementStatus.IN_FORCE,
    )  # fmt: skip
    private_agreement.partners.set([private_partner])
    public_action = Action.objects.create(
        government=government, title="Intercâmbio de mobilidade urbana",
        modality=Modality.DECENTRALIZED_COOPERATION, status=ActionStatus.COMPLETED,
        start_date=date(2024, 5, 1), end_date=date(2024, 11, 30), is_public=True,
        public_summary="Técnicos trocaram experiências sobre ônibus elétricos.",
        description=secret("action-description"), outcomes=secret("outcomes"),
        lessons_learned=secret("lessons"), agreement=public_agreement, lead_department=department,
        translations={"en": {"title": "Urban mobility exchange"}},
    )  # fmt: skip
    public_action.partners.set([partner])
    BudgetLine.objects.create(
        government=government, action=public_action, source="own", amount=Decimal("777777.00"),
        description="Passagens e diárias", funder="Prefeitura",
    )  # fmt: skip
    Commitment.objects.create(
        government=government, action=public_action, title=secret("commitment"),
        description=secret("commitment-details"), responsible=secret("responsible"),
    )  # fmt: skip
    actor = LocalActor.objects.create(
        government=government, name="Universidade Local", kind="academia",
        email="SECRET-actor@example.org", contact_name=secret("actor-contact"),
        phone="+99 SECRET",
    )  # fmt: skip
    private_action = Action.objects.create(
        government=government, title=secret("private-action"), modality=Modality.EVENT,
        start_date=date(2024, 6, 1), public_summary=secret("private-summary"),
    )  # fmt: skip
    private_action.partners.set([private_partner])
    mission_action = Action.objects.create(
        government=government, title="Missão a Buenos Aires", modality=Modality.MISSION,
        status=ActionStatus.COMPLETED, start_date=date(2024, 9, 10), end_date=date(2024, 9, 14),
        is_public=True, public_summary="Visita técnica ao metrô.", location="Buenos Aires",
        description=secret("mission-description"),
    )  # fmt: skip
    mission = Mission.objects.create(
        government=government, action=mission_action, destination=city,
        destination_text="Buenos Aires, Argentina", purpose="Conhecer o sistema de metrô.",
        cost=Decimal("4321.00"), currency="BRL",
    )  # fmt: skip
    Traveller.objects.create(
        government=government,
        mission=mission,
        name=secret("traveller-name"),
        position="Secretária de Mobilidade",
    )
    Traveller.objects.create(
        government=government, mission=mission, name=secret("traveller-two"), position="Engenheiro"
    )
    private_mission_action = Action.objects.create(
        government=government, title=secret("private-mission"), modality=Modality.MISSION,
        start_date=date(2024, 10, 1),
    )  # fmt: skip
    Mission.objects.create(
        government=government, action=private_mission_action, destination_text=secret("destination"),
        purpose=secret("purpose"), cost=Decimal("999999"),
    )  # fmt: skip
    network = Network.objects.create(
        government=government, name="Mercocidades", acronym="MC", scope=NetworkScope.REGIONAL,
        description=secret("network-description"),
    )  # fmt: skip
    membership = NetworkMembership.objects.create(
        government=government, network=network, status=MembershipStatus.ACTIVE, is_public=True,
        annual_fee=Decimal("8888"), working_groups=secret("working-groups"),
        reporting_duties=secret("reporting"),
    )  # fmt: skip
    NetworkPost.objects.create(
        government=government,
        membership=membership,
        title="Vice-presidência",
        holder=secret("holder"),
    )
    hidden_network = Network.objects.create(
        government=government, name=secret("hidden-network"), scope=NetworkScope.GLOBAL
    )
    NetworkMembership.objects.create(
        government=government,
        network=hidden_network,
        status=MembershipStatus.ACTIVE,
        is_public=False,
    )
    strategy = Strategy.objects.create(
        government=government, title="Estratégia internacional 2024–2027", start_year=2024,
        end_year=2027, status=StrategyStatus.APPROVED, is_public=True,
        summary="Cidades conectadas para uma mobilidade limpa.", vision="Uma cidade aberta.",
        external_context=secret("diagnosis"), internal_capacities=secret("capacities"),
        budget_envelope=Decimal("5555555"),
    )  # fmt: skip
    objective = Objective.objects.create(
        government=government, strategy=strategy, code="1", title="Mobilidade limpa"
    )
    Strategy.objects.create(
        government=government, title=secret("draft-strategy"), start_year=2028, end_year=2031,
        is_public=True, summary=secret("draft-summary"),
    )  # fmt: skip
    indicator = Indicator.objects.create(
        government=government, action=public_action, title="Técnicos capacitados", unit="pessoas",
        is_public=True, baseline_value=Decimal("0"), description="Pessoas formadas no intercâmbio.",
    )  # fmt: skip
    period = IndicatorPeriod.objects.create(
        government=government, indicator=indicator, start=date(2024, 1, 1), end=date(2024, 12, 31),
        target_value=Decimal("40"),
    )  # fmt: skip
    IndicatorUpdate.objects.create(
        government=government, period=period, value=Decimal("35"), status=UpdateStatus.APPROVED,
        narrative="Meta quase atingida.",
    )  # fmt: skip
    IndicatorUpdate.objects.create(
        government=government, period=period, value=Decimal("987654"), status=UpdateStatus.SUBMITTED,
        narrative=secret("pending-narrative"),
    )  # fmt: skip
    Indicator.objects.create(
        government=government, action=public_action, title=secret("private-indicator"),
        is_public=False,
    )  # fmt: skip
    Indicator.objects.create(
        government=government, objective=objective, title="Emissões evitadas", is_public=True
    )
    from lazos.evaluations.choices import EvaluationKind
    from lazos.evaluations.models import Evaluation, Recommendation

    evaluation = Evaluation.objects.create(
        government=government, action=public_action, title=secret("evaluation"),
        kind=EvaluationKind.EXTERNAL, evaluator=secret("evaluator"),
        summary=secret("evaluation-summary"), findings=secret("findings"), is_public=False,
    )  # fmt: skip
    Recommendation.objects.create(
        government=government, evaluation=evaluation, text=secret("recommendation"),
        follow_up_notes=secret("follow-up"),
    )  # fmt: skip
    today = timezone.localdate()
    open_consultation = Consultation.objects.create(
        government=government, title="Nova parceria com Rosário?",
        description="Queremos ouvir a sua opinião.", opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=20), status=ConsultationStatus.OPEN,
        audience=Audience.PUBLIC, agreement=public_agreement,
    )  # fmt: skip
    Contribution.objects.create(
        government=government, consultation=open_consultation, display_name="Maria",
        email="SECRET-maria@example.org", text="Boa ideia para o transporte.",
        status=ContributionStatus.APPROVED,
    )  # fmt: skip
    Contribution.objects.create(
        government=government, consultation=open_consultation, display_name=secret("pending-name"),
        email="SECRET-pending@example.org", text=secret("pending-contribution"),
        status=ContributionStatus.PENDING,
    )  # fmt: skip
    Contribution.objects.create(
        government=government, consultation=open_consultation, display_name="",
        email="SECRET-unverified@example.org", text=secret("unverified-contribution"),
        status=ContributionStatus.UNVERIFIED,
    )  # fmt: skip
    Contribution.objects.create(
        government=government, consultation=open_consultation, display_name="Troll",
        email="SECRET-troll@example.org", text=secret("rejected-contribution"),
        status=ContributionStatus.REJECTED, rejection_reason=secret("rejection-reason"),
    )  # fmt: skip
    closed_consultation = Consultation.objects.create(
        government=government, title="Prioridades da estratégia",
        description="Quais temas priorizar?", opens_on=today - timedelta(days=90),
        closes_on=today - timedelta(days=30), status=ConsultationStatus.CLOSED,
        response="Vocês pediram mobilidade: a estratégia prioriza mobilidade.",
        response_published_at=timezone.now(), strategy=strategy,
    )  # fmt: skip
    Consultation.objects.create(
        government=government, title=secret("draft-consultation"), description=secret("draft"),
        opens_on=today, closes_on=today + timedelta(days=5), status=ConsultationStatus.DRAFT,
    )  # fmt: skip
    return PortalWorld(
        government=government,
        public_action=public_action,
        private_action=private_action,
        mission_action=mission_action,
        public_agreement=public_agreement,
        private_agreement=private_agreement,
        partner=partner,
        private_partner=private_partner,
        open_consultation=open_consultation,
        closed_consultation=closed_consultation,
        indicator=indicator,
        extra={"actor": actor, "department": department, "strategy": strategy},
    )

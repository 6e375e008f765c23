"""Demo: one open consultation with published contributions, one closed with its response."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from lazos.consultations import services
from lazos.consultations.models import Consultation
from lazos.demo.kit import DemoReport, demo_step
from lazos.governments.models import Government, Membership

TEXTS: dict[str, dict[str, Any]] = {
    "es": {
        "open": (
            "¿Qué debería priorizar el nuevo hermanamiento?",
            "Estamos preparando un acuerdo de hermanamiento. ¿En qué temas le gustaría que "
            "cooperemos primero: agua, cultura, empleo juvenil o movilidad?",
        ),
        "closed": (
            "Prioridades de la estrategia internacional",
            "Antes de aprobar la estrategia, le preguntamos qué temas debían ser prioritarios.",
        ),
        "response": (
            "Ustedes pidieron más intercambios juveniles y atención al agua. La estrategia "
            "aprobada incluye un objetivo de empleo juvenil y duplica los proyectos de agua."
        ),
        "contributions": [
            ("Lucía", "El agua potable en los barrios altos debería ser lo primero."),
            ("", "Intercambios para jóvenes de las escuelas técnicas, por favor."),
            ("Comité vecinal Norte", "Que la cultura llegue también a los barrios periféricos."),
        ],
    },
    "pt": {
        "open": (
            "O que a nova geminação deve priorizar?",
            "Estamos preparando um acordo de geminação. Em quais temas você gostaria que "
            "cooperássemos primeiro: água, cultura, emprego jovem ou mobilidade?",
        ),
        "closed": (
            "Prioridades da estratégia internacional",
            "Antes de aprovar a estratégia, perguntamos quais temas deviam ser prioritários.",
        ),
        "response": (
            "Vocês pediram mais intercâmbios para jovens e atenção à mobilidade. A estratégia "
            "aprovada inclui um objetivo de emprego jovem e dobra os projetos de mobilidade."
        ),
        "contributions": [
            ("Joana", "Ônibus elétricos e ciclovias deveriam vir primeiro."),
            ("", "Intercâmbios para estudantes das escolas técnicas, por favor."),
            ("Associação de moradores do Centro", "Mais cultura nos bairros da periferia."),
        ],
    },
}


def _coordinator(government: Government) -> Any:
    membership = (
        Membership.objects.for_tenant(government)
        .filter(user__username="coordinator")
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _contribute(consultation: Consultation, entries: list[tuple[str, str]], user: Any) -> None:
    for index, (name, text) in enumerate(entries):
        contribution = services.submit_contribution(
            consultation,
            text=text,
            display_name=name,
            email=f"demo-resident-{consultation.pk}-{index}@example.org",
            notify=False,
        )
        token = services.verification_token(contribution)
        confirmed = services.verify_contribution(consultation.government, token)
        services.moderate_contribution(confirmed, acting_user=user, approve=True)


@demo_step(order=80)
def load_consultations(government: Government, report: DemoReport) -> None:
    """Idempotent: consultations are found by title; a second run creates nothing."""
    language = (government.official_languages or ["en"])[0]
    data = TEXTS.get(language)
    user = _coordinator(government)
    if data is None or user is None:
        return
    today = timezone.localdate()
    existing = set(Consultation.objects.for_tenant(government).values_list("title", flat=True))
    title, description = data["open"]
    if title not in existing:
        consultation = services.open_consultation(
            government, acting_user=user, title=title, description=description,
            opens_on=today - timedelta(days=10), closes_on=today + timedelta(days=30),
            audience="public",
        )  # fmt: skip
        _contribute(consultation, data["contributions"][:2], user)
        report.add(f"{government.name}: open consultation “{title}”")
    title, description = data["closed"]
    if title not in existing:
        consultation = services.open_consultation(
            government, acting_user=user, title=title, description=description,
            opens_on=today - timedelta(days=120), closes_on=today + timedelta(days=1),
            audience="public",
        )  # fmt: skip
        _contribute(consultation, data["contributions"], user)
        services.update_consultation(
            consultation, acting_user=user, closes_on=today - timedelta(days=60)
        )
        services.publish_response(consultation, acting_user=user, response=data["response"])
        report.add(f"{government.name}: closed consultation “{title}” with its response")

"""The demo's evaluations: two completed public actions and the approved strategy (mid-term),
each with the six criteria rated, findings, recommendations, management responses and their
follow-up in various states (one overdue). In the government's language (es or pt).

Deterministic: the subjects are chosen by their external id, the dates are counted from an
anchor (the first day of the current month). Idempotent: an evaluation is looked up by its
subject and title first, so a second run creates nothing. Written through the services
(audited; channel "command" when run by ``lazos demo``). Depends on the register step
(``load_register``) and, for the strategy's evaluation, on the strategy step; without an
approved strategy a third action is evaluated instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from lazos.actions.choices import ActionStatus
from lazos.actions.models import Action
from lazos.demo.kit import DemoReport, demo_step
from lazos.evaluations import services
from lazos.evaluations.choices import (
    Criterion,
    EvaluationKind,
    EvaluationStatus,
    FollowUpStatus,
    ResponseDecision,
)
from lazos.evaluations.models import Evaluation
from lazos.governments.models import Department, Government, Membership
from lazos.strategy.models import Strategy


@dataclass(frozen=True)
class Rec:
    """A recommendation and what became of it (days are counted from the anchor)."""

    text: str
    response: str = ResponseDecision.PENDING
    response_text: str = ""
    planned_action: str = ""
    responsible: str = ""
    due_in_days: int = 0
    follow_up: str = FollowUpStatus.NOT_STARTED
    follow_up_notes: str = ""
    completed_days_ago: int = 0


A, P, R = ResponseDecision.ACCEPTED, ResponseDecision.PARTLY, ResponseDecision.REJECTED
DONE, DOING, DROPPED = FollowUpStatus.DONE, FollowUpStatus.IN_PROGRESS, FollowUpStatus.DROPPED

TEXTS: dict[str, dict[str, Any]] = {
    "es": {
        "action_title": "Evaluación final: {title}",
        "strategy_title": "Evaluación intermedia de la estrategia internacional",
        "action_evaluator": ("Universidad de Villa Esperanza, Facultad de Ciencias Sociales",),
        "strategy_evaluator": "Consultora Territorio y Cooperación, S.C.",
        "summary": (
            "Evaluación de {subject} a partir de entrevistas con el equipo, las contrapartes y "
            "los actores locales, y de la revisión de informes e indicadores."
        ),
        "findings": (
            "La acción respondió a una necesidad reconocida en el plan de desarrollo y dejó "
            "capacidades instaladas en el equipo municipal. La coordinación con otras "
            "dependencias fue irregular y la información de resultados llegó tarde. Los "
            "actores locales valoraron su participación, pero pidieron conocer antes el "
            "calendario de actividades."
        ),
        "strategy_findings": (
            "A mitad de periodo, la estrategia orienta la mayoría de las acciones nuevas hacia "
            "sus objetivos. La cartera de acuerdos creció más rápido que la capacidad de darles "
            "seguimiento: varios acuerdos vigentes no tienen actividad reciente. Los "
            "indicadores de objetivo se actualizan de forma desigual entre dependencias."
        ),
        "criteria": {
            Criterion.RELEVANCE: "Responde a prioridades del plan de desarrollo y a demandas "
            "expresadas por la ciudadanía.",
            Criterion.COHERENCE: "Complementa programas municipales, aunque con poca "
            "articulación con la cooperación del gobierno estatal.",
            Criterion.EFFECTIVENESS: "Alcanzó la mayoría de los resultados previstos; dos "
            "metas quedaron parcialmente cumplidas.",
            Criterion.EFFICIENCY: "Costos razonables; retrasos administrativos en la "
            "contratación y en los viajes.",
            Criterion.IMPACT: "Primeros cambios visibles en las prácticas del equipo; es pronto "
            "para medir efectos en la población.",
            Criterion.SUSTAINABILITY: "Depende de que el presupuesto del próximo año mantenga "
            "la partida y de la continuidad del personal formado.",
        },
        "action_recs": [
            [
                Rec(
                    "Publicar un informe breve de resultados para la ciudadanía.",
                    A,
                    "De acuerdo; se publicará en el portal de transparencia.",
                    "Redactar y publicar un informe de dos páginas con los indicadores.",
                    "Oficina de Relaciones Internacionales",
                    -40,
                    DONE,
                    "Informe publicado y difundido en redes.",
                    25,
                ),
                Rec(
                    "Incluir a las dependencias de obras y de desarrollo social desde el diseño.",
                    P,
                    "Se invitará a las dependencias a la planeación de la siguiente fase.",
                    "Mesa de coordinación interna trimestral.",
                    "Coordinación de gabinete",
                    90,
                    DOING,
                    "Primera mesa celebrada; falta la participación de obras.",
                ),
                Rec(
                    "Contratar una evaluación externa de impacto a tres años.",
                    R,
                    "No hay presupuesto para una evaluación externa; se hará un "
                    "seguimiento interno con los mismos indicadores.",
                ),
            ],
            [
                Rec(
                    "Compartir el calendario de actividades con los actores locales con un mes "
                    "de anticipación.",
                    A,
                    "Aceptada.",
                    "Calendario compartido en línea y enviado a las organizaciones.",
                    "Dirección de Cultura",
                    -30,
                ),
                Rec("Documentar la metodología para transferirla a otros municipios."),
            ],
        ],
        "strategy_recs": [
            Rec(
                "Revisar los acuerdos sin actividad y decidir renovarlos, revitalizarlos o "
                "darlos por terminados.",
                A,
                "Aceptada; la revisión se hará con la puntuación de salud de cada relación.",
                "Revisión semestral de acuerdos en el comité de asuntos internacionales.",
                "Oficina de Relaciones Internacionales",
                120,
                DOING,
                "Revisados cuatro acuerdos; quedan seis.",
            ),
            Rec(
                "Fijar un responsable de indicadores en cada dependencia.",
                A,
                "Aceptada.",
                "Designación por oficio de enlaces de indicadores.",
                "Secretaría del Ayuntamiento",
                -60,
                DONE,
                "Enlaces designados en todas las dependencias.",
                45,
            ),
            Rec(
                "Concentrar la cooperación en menos regiones prioritarias.",
                P,
                "Se priorizarán dos regiones, manteniendo las redes de ciudades.",
                "Ajustar las regiones prioritarias en la próxima versión de la estrategia.",
                "Oficina de Relaciones Internacionales",
                200,
            ),
            Rec(
                "Crear un fondo concursable para proyectos con actores locales.",
                A,
                "Aceptada en principio.",
                "Diseñar las reglas del fondo.",
                "Tesorería municipal",
                150,
                DROPPED,
                "El cabildo no aprobó la partida; se buscará financiamiento externo.",
            ),
        ],
    },
    "pt": {
        "action_title": "Avaliação final: {title}",
        "strategy_title": "Avaliação intermediária da estratégia internacional",
        "action_evaluator": ("Universidade Federal de Rio Claro do Sul, Núcleo de Políticas",),
        "strategy_evaluator": "Instituto Território e Cooperação",
        "summary": (
            "Avaliação de {subject} a partir de entrevistas com a equipe, os parceiros e os "
            "atores locais, e da revisão de relatórios e indicadores."
        ),
        "findings": (
            "A ação respondeu a uma necessidade reconhecida no plano diretor e deixou "
            "capacidades instaladas na equipe da prefeitura. A coordenação com outras "
            "secretarias foi irregular e as informações de resultados chegaram tarde. Os atores "
            "locais valorizaram sua participação, mas pediram conhecer antes o calendário."
        ),
        "strategy_findings": (
            "Na metade do período, a estratégia orienta a maioria das novas ações para seus "
            "objetivos. A carteira de acordos cresceu mais rápido do que a capacidade de "
            "acompanhá-los: vários acordos vigentes não têm atividade recente. Os indicadores "
            "dos objetivos são atualizados de forma desigual entre as secretarias."
        ),
        "criteria": {
            Criterion.RELEVANCE: "Responde a prioridades do plano diretor e a demandas da "
            "população.",
            Criterion.COHERENCE: "Complementa programas municipais, com pouca articulação com "
            "a cooperação do governo estadual.",
            Criterion.EFFECTIVENESS: "Alcançou a maioria dos resultados previstos; duas metas "
            "foram cumpridas em parte.",
            Criterion.EFFICIENCY: "Custos razoáveis; atrasos administrativos nas contratações "
            "e nas viagens.",
            Criterion.IMPACT: "Primeiras mudanças visíveis nas práticas da equipe; é cedo para "
            "medir efeitos na população.",
            Criterion.SUSTAINABILITY: "Depende da manutenção da rubrica no orçamento do próximo "
            "ano e da continuidade da equipe formada.",
        },
        "action_recs": [
            [
                Rec(
                    "Publicar um relatório curto de resultados para a população.",
                    A,
                    "De acordo; será publicado no portal da transparência.",
                    "Redigir e publicar um relatório de duas páginas com os indicadores.",
                    "Secretaria de Relações Internacionais",
                    -40,
                    DONE,
                    "Relatório publicado e divulgado nas redes.",
                    25,
                ),
                Rec(
                    "Envolver as secretarias de obras e de assistência social desde o desenho.",
                    P,
                    "As secretarias serão convidadas ao planejamento da próxima fase.",
                    "Mesa de coordenação interna trimestral.",
                    "Gabinete do prefeito",
                    90,
                    DOING,
                    "Primeira mesa realizada; falta a participação de obras.",
                ),
                Rec(
                    "Contratar uma avaliação externa de impacto em três anos.",
                    R,
                    "Não há orçamento para avaliação externa; haverá acompanhamento interno "
                    "com os mesmos indicadores.",
                ),
            ],
            [
                Rec(
                    "Compartilhar o calendário de atividades com os atores locais com um mês "
                    "de antecedência.",
                    A,
                    "Aceita.",
                    "Calendário publicado on-line e enviado às organizações.",
                    "Secretaria de Educação",
                    -30,
                ),
                Rec("Documentar a metodologia para transferi-la a outros municípios."),
            ],
        ],
        "strategy_recs": [
            Rec(
                "Revisar os acordos sem atividade e decidir renová-los, revitalizá-los ou "
                "encerrá-los.",
                A,
                "Aceita; a revisão usará a pontuação de saúde de cada relação.",
                "Revisão semestral dos acordos no comitê de relações internacionais.",
                "Secretaria de Relações Internacionais",
                120,
                DOING,
                "Quatro acordos revisados; faltam seis.",
            ),
            Rec(
                "Designar um responsável pelos indicadores em cada secretaria.",
                A,
                "Aceita.",
                "Designação por portaria de pontos focais de indicadores.",
                "Gabinete do prefeito",
                -60,
                DONE,
                "Pontos focais designados em todas as secretarias.",
                45,
            ),
            Rec(
                "Concentrar a cooperação em menos regiões prioritárias.",
                P,
                "Duas regiões serão priorizadas, mantendo as redes de cidades.",
                "Ajustar as regiões prioritárias na próxima versão da estratégia.",
                "Secretaria de Relações Internacionais",
                200,
            ),
            Rec(
                "Criar um fundo para projetos com atores locais.",
                A,
                "Aceita em princípio.",
                "Desenhar as regras do fundo.",
                "Secretaria da Fazenda",
                150,
                DROPPED,
                "A Câmara não aprovou a rubrica; será buscado financiamento externo.",
            ),
        ],
    },
}

# Ratings of the six criteria (relevance, coherence, effectiveness, efficiency, impact,
# sustainability) for the first action, the second (or third) action and the strategy.
RATINGS = ((4, 3, 3, 2, 3, 2), (3, 2, 3, 3, 2, 2), (4, 2, 3, 3, 2, 2))


def _language(government: Government) -> str | None:
    for code in government.official_languages or []:
        if code in TEXTS:
            return code
    return None


@demo_step(order=50)
def load_evaluations(government: Government, report: DemoReport) -> None:
    """Give a demo government three evaluations (see the module doc)."""
    lang = _language(government)
    if lang is None:
        return
    texts = TEXTS[lang]
    anchor = timezone.localdate().replace(day=1)
    coordinator = (
        Membership.objects.for_tenant(government)
        .filter(user__username="coordinator")
        .select_related("user")
        .first()
    )
    user = coordinator.user if coordinator else None
    actions = list(
        Action.objects.for_tenant(government)
        .filter(status=ActionStatus.COMPLETED, is_public=True, end_date__isnull=False)
        .order_by("external_id", "pk")
    )
    strategy = Strategy.objects.for_tenant(government).approved().first()
    needed = 2 if strategy else 3
    if len(actions) < needed:
        actions = list(
            Action.objects.for_tenant(government)
            .filter(status=ActionStatus.COMPLETED, end_date__isnull=False)
            .order_by("external_id", "pk")
        )
    if not actions:
        return
    # Spread the picks over the register: first, middle, last.
    picks = [actions[0], actions[len(actions) // 2], actions[-1]][:needed]
    office = Department.objects.for_tenant(government).order_by("pk").first()
    for index, action in enumerate(picks):
        recs = texts["action_recs"][index % 2]
        end_date: date = action.end_date
        completed_on = max(
            end_date, min(end_date + timedelta(days=75), anchor - timedelta(days=20))
        )
        _load_one(
            government,
            user,
            report,
            texts,
            action=action,
            title=texts["action_title"].format(title=action.title)[:300],
            kind=EvaluationKind.INTERNAL if index else EvaluationKind.EXTERNAL,
            evaluator=texts["action_evaluator"][0] if index == 0 else "",
            start_date=completed_on - timedelta(days=60),
            completed_on=completed_on,
            findings=texts["findings"],
            ratings=RATINGS[index % 2],
            recs=recs,
            department=action.lead_department or office,
            anchor=anchor,
        )
    if strategy is not None:
        _load_one(
            government,
            user,
            report,
            texts,
            strategy=strategy,
            title=texts["strategy_title"],
            kind=EvaluationKind.EXTERNAL,
            evaluator=texts["strategy_evaluator"],
            start_date=anchor - timedelta(days=150),
            completed_on=anchor - timedelta(days=45),
            findings=texts["strategy_findings"],
            ratings=RATINGS[2],
            recs=texts["strategy_recs"],
            department=office,
            anchor=anchor,
        )


def _load_one(
    government: Government,
    user: Any,
    report: DemoReport,
    texts: dict[str, Any],
    *,
    title: str,
    ratings: tuple[int, ...],
    recs: list[Rec],
    department: Department | None,
    anchor: date,
    action: Action | None = None,
    strategy: Strategy | None = None,
    **values: Any,
) -> None:
    existing = Evaluation.objects.for_tenant(government).filter(
        action=action, strategy=strategy, title=title
    )
    if existing.exists():
        return
    subject = action if action is not None else strategy
    evaluation = services.create_evaluation(
        government,
        acting_user=user,
        action=action,
        strategy=strategy,
        title=title,
        status=EvaluationStatus.COMPLETED,
        summary=texts["summary"].format(subject=subject),
        is_public=True,
        **values,
    )
    services.assess_criteria(
        evaluation,
        acting_user=user,
        assessments={
            criterion: {"rating": rating, "text": texts["criteria"][criterion]}
            for criterion, rating in zip(Criterion.values, ratings, strict=True)
        },
    )
    for rec in recs:
        recommendation = services.add_recommendation(
            evaluation, acting_user=user, text=rec.text, department=department
        )
        if rec.response == ResponseDecision.PENDING:
            continue
        services.respond_to_recommendation(
            recommendation,
            acting_user=user,
            response=rec.response,
            response_text=rec.response_text,
            planned_action=rec.planned_action,
            responsible=rec.responsible,
            department=department if rec.response != ResponseDecision.REJECTED else None,
            due_date=anchor + timedelta(days=rec.due_in_days)
            if rec.response != ResponseDecision.REJECTED
            else None,
        )
        if rec.response != ResponseDecision.REJECTED and rec.follow_up != (
            FollowUpStatus.NOT_STARTED
        ):
            services.record_follow_up(
                recommendation,
                acting_user=user,
                follow_up_status=rec.follow_up,
                follow_up_notes=rec.follow_up_notes,
                completed_on=anchor - timedelta(days=rec.completed_days_ago)
                if rec.follow_up == FollowUpStatus.DONE
                else None,
            )
    report.add(f"evaluation {title} ({government.slug})")

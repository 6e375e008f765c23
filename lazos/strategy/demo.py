"""Demo strategy: a superseded 2019-2023 version and the approved 2024-2030 version, with 4
general and 12 specific objectives linked, by theme, to most of the register demo's work.

Depends on the register demo (``lazos.demo.register.load_register``), loaded before. Written
in the government's first official language (Spanish or Portuguese); other languages get no
demo strategy. Idempotent: a government that already has a strategy is left alone.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

from lazos.actions.models import Action
from lazos.agreements.models import Agreement
from lazos.demo.kit import DemoReport, demo_step
from lazos.governments.models import Government
from lazos.reference.models import Theme
from lazos.strategy import services
from lazos.strategy.models import Objective, Strategy

# Every objective: code, themes it gathers, {language: (title, plan objectives)}.
OBJECTIVES_2024: tuple[tuple[str, tuple[str, ...], dict[str, tuple[str, str]]], ...] = (
    ("1", (), {
        "es": ("Territorio sostenible y resiliente", "Eje 3. Ciudad sostenible"),
        "pt": ("Território sustentável e resiliente", "Eixo 3. Cidade sustentável"),
    }),
    ("1.1", ("waste", "water"), {
        "es": ("Gestión de residuos y agua con socios internacionales", "3.2 Cero residuos al relleno sanitario\n3.4 Agua segura para todos los barrios"),
        "pt": ("Gestão de resíduos e água com parceiros internacionais", "3.2 Resíduo zero no aterro\n3.4 Água segura em todos os bairros"),
    }),
    ("1.2", ("climate", "energy", "environment"), {
        "es": ("Acción climática y transición energética", "3.1 Plan de acción climática municipal"),
        "pt": ("Ação climática e transição energética", "3.1 Plano municipal de ação climática"),
    }),
    ("1.3", ("urban-planning", "mobility"), {
        "es": ("Movilidad y planificación urbana inclusivas", "3.5 Movilidad activa y transporte público"),
        "pt": ("Mobilidade e planejamento urbano inclusivos", "3.5 Mobilidade ativa e transporte público"),
    }),
    ("2", (), {
        "es": ("Economía local abierta al mundo", "Eje 2. Prosperidad compartida"),
        "pt": ("Economia local aberta ao mundo", "Eixo 2. Prosperidade compartilhada"),
    }),
    ("2.1", ("investment", "economy"), {
        "es": ("Atracción de inversiones y comercio exterior", "2.1 Empleo formal y atracción de inversión"),
        "pt": ("Atração de investimentos e comércio exterior", "2.1 Emprego formal e atração de investimentos"),
    }),
    ("2.2", ("tourism",), {
        "es": ("Turismo y marca ciudad", "2.3 Turismo cultural y de negocios"),
        "pt": ("Turismo e marca da cidade", "2.3 Turismo cultural e de negócios"),
    }),
    ("2.3", ("economy", "innovation"), {
        "es": ("Emprendimiento e innovación con ciudades socias", "2.2 Ecosistema de emprendimiento"),
        "pt": ("Empreendedorismo e inovação com cidades parceiras", "2.2 Ecossistema de empreendedorismo"),
    }),
    ("3", (), {
        "es": ("Cultura, educación y juventud sin fronteras", "Eje 1. Comunidad que aprende"),
        "pt": ("Cultura, educação e juventude sem fronteiras", "Eixo 1. Comunidade que aprende"),
    }),
    ("3.1", ("culture",), {
        "es": ("Intercambio cultural y patrimonio", "1.3 Vida cultural en todos los barrios"),
        "pt": ("Intercâmbio cultural e patrimônio", "1.3 Vida cultural em todos os bairros"),
    }),
    ("3.2", ("education",), {
        "es": ("Movilidad educativa de estudiantes y docentes", "1.1 Educación de calidad"),
        "pt": ("Mobilidade educacional de estudantes e professores", "1.1 Educação de qualidade"),
    }),
    ("3.3", ("sport",), {
        "es": ("Deporte e intercambios juveniles", "1.4 Juventud activa"),
        "pt": ("Esporte e intercâmbios juvenis", "1.4 Juventude ativa"),
    }),
    ("4", (), {
        "es": ("Gobernanza, derechos y diplomacia de ciudades", "Eje 4. Buen gobierno"),
        "pt": ("Governança, direitos e diplomacia de cidades", "Eixo 4. Bom governo"),
    }),
    ("4.1", ("governance",), {
        "es": ("Redes de ciudades e incidencia internacional", "4.2 Gobierno abierto y participación"),
        "pt": ("Redes de cidades e incidência internacional", "4.2 Governo aberto e participação"),
    }),
    ("4.2", ("human-rights", "gender", "migration", "peace-security"), {
        "es": ("Derecho a la ciudad, igualdad de género y migración", "4.3 Derechos humanos e inclusión"),
        "pt": ("Direito à cidade, igualdade de gênero e migração", "4.3 Direitos humanos e inclusão"),
    }),
    ("4.3", ("risk", "health"), {
        "es": ("Resiliencia y ayuda mutua en emergencias", "4.4 Gestión integral de riesgos"),
        "pt": ("Resiliência e ajuda mútua em emergências", "4.4 Gestão integral de riscos"),
    }),
)  # fmt: skip

OBJECTIVES_2019: tuple[tuple[str, tuple[str, ...], dict[str, tuple[str, str]]], ...] = (
    ("1", (), {
        "es": ("Ciudad abierta al mundo", "Eje 5. Ciudad global"),
        "pt": ("Cidade aberta ao mundo", "Eixo 5. Cidade global"),
    }),
    ("1.1", ("culture", "education"), {
        "es": ("Hermanamientos con contenido", "5.1 Relaciones internacionales activas"),
        "pt": ("Geminações com conteúdo", "5.1 Relações internacionais ativas"),
    }),
    ("1.2", ("governance", "climate"), {
        "es": ("Presencia en redes de ciudades", "5.2 Redes y organismos internacionales"),
        "pt": ("Presença em redes de cidades", "5.2 Redes e organismos internacionais"),
    }),
    ("2", (), {
        "es": ("Cooperación para el desarrollo local", "Eje 2. Desarrollo económico"),
        "pt": ("Cooperação para o desenvolvimento local", "Eixo 2. Desenvolvimento econômico"),
    }),
    ("2.1", ("waste", "water", "environment"), {
        "es": ("Cooperación técnica ambiental", "2.4 Servicios urbanos sostenibles"),
        "pt": ("Cooperação técnica ambiental", "2.4 Serviços urbanos sustentáveis"),
    }),
    ("2.2", ("economy", "investment"), {
        "es": ("Promoción económica", "2.1 Inversión y empleo"),
        "pt": ("Promoção econômica", "2.1 Investimento e emprego"),
    }),
)  # fmt: skip

STRATEGY_TEXT: dict[str, dict[str, dict[str, Any]]] = {
    "es": {
        "2019": {
            "title": "Estrategia de Internacionalización",
            "vision": "Una ciudad que se relaciona con el mundo para mejorar la vida de sus habitantes.",
            "development_plan": "Plan Municipal de Desarrollo 2018–2021",
            "priority_regions": "América Latina, Europa",
            "approved_by": "Cabildo, sesión ordinaria 4",
        },
        "2024": {
            "title": "Estrategia de Acción Internacional",
            "vision": "En 2030, Villa Esperanza es una ciudad sostenible, próspera e incluyente que aprende de sus pares y aporta su experiencia a la agenda global.",
            "summary": "La estrategia orienta la acción internacional del municipio hacia los objetivos del Plan Municipal de Desarrollo y los Objetivos de Desarrollo Sostenible.",
            "external_context": "Nuevas fuentes de cooperación descentralizada en Europa y América Latina; redes de ciudades activas en clima y género; competencia regional por la inversión.",
            "internal_capacities": "Oficina de Relaciones Internacionales con cinco personas; experiencia en proyectos de residuos y cultura; poca coordinación entre dependencias y escaso seguimiento de resultados.",
            "development_plan": "Plan Municipal de Desarrollo 2024–2027",
            "priority_regions": "América Latina, Península Ibérica, Asia-Pacífico",
            "approved_by": "Cabildo, sesión ordinaria 12",
        },
    },
    "pt": {
        "2019": {
            "title": "Estratégia de Internacionalização",
            "vision": "Uma cidade que se relaciona com o mundo para melhorar a vida de seus moradores.",
            "development_plan": "Plano Plurianual 2018–2021",
            "priority_regions": "América Latina, Europa",
            "approved_by": "Câmara Municipal, sessão ordinária 4",
        },
        "2024": {
            "title": "Estratégia de Ação Internacional",
            "vision": "Em 2030, Rio Claro do Sul é uma cidade sustentável, próspera e inclusiva, que aprende com seus pares e contribui com a agenda global.",
            "summary": "A estratégia orienta a ação internacional da prefeitura para os objetivos do Plano Diretor e dos Objetivos de Desenvolvimento Sustentável.",
            "external_context": "Novas fontes de cooperação descentralizada na Europa e na América Latina; redes de cidades ativas em clima e gênero; concorrência regional por investimentos.",
            "internal_capacities": "Secretaria de Relações Internacionais com quatro pessoas; experiência em projetos de resíduos e educação; pouca coordenação entre secretarias e pouco acompanhamento de resultados.",
            "development_plan": "Plano Diretor Participativo 2024–2034",
            "priority_regions": "América Latina, Península Ibérica, África lusófona",
            "approved_by": "Câmara Municipal, sessão ordinária 12",
        },
    },
}  # fmt: skip

# Priority countries (the last one has no partner in the register demo, on purpose) and themes
# ("food" has no demo action: the alignment view shows it without activity).
PRIORITY_COUNTRIES = {
    "es": ["ES", "AR", "CO", "CL", "US", "GT"],
    "pt": ["PT", "AR", "UY", "IT", "MZ", "AO"],
}
PRIORITY_THEMES = ("climate", "waste", "investment", "culture", "education", "governance", "food")
BUDGET_ENVELOPE = {"es": Decimal("48000000.00"), "pt": Decimal("12500000.00")}
UNLINKED_SHARE = 0.15  # about one action in seven stays unlinked, for the alignment view


@demo_step(order=30)
def load_strategy(government: Government, report: DemoReport) -> None:
    """Give a demo government its strategy (see the module doc)."""
    language = (government.official_languages or [""])[0].split("-")[0]
    if language not in STRATEGY_TEXT:
        return
    if Strategy.objects.for_tenant(government).exists():
        return
    rng = random.Random(f"lazos-demo-strategy:{government.slug}")  # noqa: S311 - demo data
    texts = STRATEGY_TEXT[language]
    themes = {t.code: t for t in Theme.objects.all()}
    work = _Work(government)

    old = services.create_strategy(
        government,
        acting_user=None,
        start_year=2019,
        end_year=2023,
        priority_countries=PRIORITY_COUNTRIES[language][:3],
        priority_themes=[themes[c] for c in ("culture", "climate", "economy")],
        language=language,
        **{k: v for k, v in texts["2019"].items() if k != "approved_by"},
    )
    _build_tree(old, OBJECTIVES_2019, language, themes, work, rng)
    services.approve_strategy(
        old,
        acting_user=None,
        approved_on=date(2019, 3, 15),
        approved_by=texts["2019"]["approved_by"],
    )

    new = services.start_new_version(old, acting_user=None)
    for general in new.objectives.filter(parent__isnull=True).order_by("position", "code"):
        services.delete_objective(general, acting_user=None)
    values = dict(texts["2024"])
    approved_by = values.pop("approved_by")
    services.update_strategy(
        new,
        acting_user=None,
        start_year=2024,
        end_year=2030,
        priority_countries=PRIORITY_COUNTRIES[language],
        priority_themes=[themes[c] for c in PRIORITY_THEMES],
        budget_envelope=BUDGET_ENVELOPE[language],
        currency=government.currency,
        **values,
    )
    _build_tree(new, OBJECTIVES_2024, language, themes, work, rng)
    services.approve_strategy(
        new, acting_user=None, approved_on=date(2024, 2, 20), approved_by=approved_by
    )
    report.add(f"strategies 2019–2023 (superseded) and 2024–2030 ({government.slug})")


class _Work:
    """The register's actions and agreements with their theme codes, read once."""

    def __init__(self, government: Government) -> None:
        self.actions = list(
            Action.objects.for_tenant(government)
            .prefetch_related("themes", "partners")
            .order_by("pk")
        )
        self.agreements = list(
            Agreement.objects.for_tenant(government).prefetch_related("themes").order_by("pk")
        )

    @staticmethod
    def codes(obj: Any) -> set[str]:
        return {t.code for t in obj.themes.all()}


def _build_tree(
    strategy: Strategy,
    spec: tuple[tuple[str, tuple[str, ...], dict[str, tuple[str, str]]], ...],
    language: str,
    themes: dict[str, Theme],
    work: _Work,
    rng: random.Random,
) -> None:
    generals: dict[str, Objective] = {}
    specifics: list[tuple[Objective, tuple[str, ...]]] = []
    for position, (code, theme_codes, texts) in enumerate(spec):
        title, plan = texts[language]
        parent = generals.get(code.split(".")[0]) if "." in code else None
        objective = services.create_objective(
            strategy,
            acting_user=None,
            code=code,
            title=title,
            parent=parent,
            plan_objectives=plan,
            position=position,
            themes=[themes[c] for c in theme_codes],
        )
        if parent is None:
            generals[code] = objective
        else:
            specifics.append((objective, theme_codes))
    links: dict[int, dict[str, list[Any]]] = {
        o.pk: {"actions": [], "agreements": [], "partners": []} for o, _ in specifics
    }
    for action in work.actions:
        target = _best_match(specifics, work.codes(action), rng)
        if target is None or rng.random() < UNLINKED_SHARE:
            continue
        links[target.pk]["actions"].append(action)
        for partner in action.partners.all():
            if partner not in links[target.pk]["partners"]:
                links[target.pk]["partners"].append(partner)
    for agreement in work.agreements:
        target = _best_match(specifics, work.codes(agreement), rng)
        if target is not None:
            links[target.pk]["agreements"].append(agreement)
    for objective, _codes in specifics:
        if any(links[objective.pk].values()):
            services.link_objective(objective, acting_user=None, **links[objective.pk])


def _best_match(
    specifics: list[tuple[Objective, tuple[str, ...]]], codes: set[str], rng: random.Random
) -> Objective | None:
    """The specific objective sharing most themes with ``codes`` (a seeded draw among ties)."""
    scored = [(len(codes.intersection(themes)), objective) for objective, themes in specifics]
    best = max((score for score, _objective in scored), default=0)
    if best == 0:
        return None
    return rng.choice([objective for score, objective in scored if score == best])

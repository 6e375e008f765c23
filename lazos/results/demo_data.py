"""Texts and figures of the results demo (see ``demo.py``), in Spanish and Portuguese."""

from __future__ import annotations

from typing import Any

# Objective indicators: objective code, {language: (title, unit)}, measure, baseline,
# targets 2024-2026, values 2024-2026 (None: not reported), higher is better, roll-up rule,
# disaggregations, department key.
OBJECTIVE_INDICATORS: tuple[dict[str, Any], ...] = (
    {
        "code": "1",
        "text": {
            "es": ("Residuos sólidos enviados al relleno sanitario", "toneladas al año"),
            "pt": ("Resíduos sólidos enviados ao aterro", "toneladas por ano"),
        },
        "baseline": 52000, "targets": (48000, 44000, 40000), "values": (49500, 45200, 42800),
        "ascending": False, "department": "environment",
    },
    {
        "code": "1",
        "measure": "percentage",
        "text": {
            "es": ("Hogares con acceso a agua segura", ""),
            "pt": ("Domicílios com acesso a água segura", ""),
        },
        "baseline": 86, "targets": (88, 91, 94), "values": (88, 90, 93),
        "department": "environment",
    },
    {
        "code": "1.1",
        "rule": "sum",
        "text": {
            "es": ("Residuos valorizados con apoyo de la cooperación", "toneladas"),
            "pt": ("Resíduos valorizados com apoio da cooperação", "toneladas"),
        },
        "baseline": 0, "targets": (600, 900, 1200), "values": (None, None, None),
        "department": "environment",
    },
    {
        "code": "1.2",
        "rule": "latest",
        "measure": "percentage",
        "text": {
            "es": ("Reducción de emisiones en edificios municipales respecto a 2020", ""),
            "pt": ("Redução de emissões em prédios municipais em relação a 2020", ""),
        },
        "baseline": 0, "targets": (5, 10, 15), "values": (None, None, None),
        "department": "environment",
    },
    {
        "code": "1.3",
        "text": {
            "es": ("Ciclovías diseñadas con asistencia técnica internacional", "km"),
            "pt": ("Ciclovias projetadas com assistência técnica internacional", "km"),
        },
        "baseline": 12, "targets": (20, 30, 45), "values": (18, 31, 37),
        "department": "environment",
    },
    {
        "code": "2",
        "text": {
            "es": ("Empleos formales ligados a inversión extranjera", "empleos"),
            "pt": ("Empregos formais ligados a investimento estrangeiro", "empregos"),
        },
        "baseline": 1500, "targets": (1800, 2200, 2600), "values": (1720, 2260, 2410),
        "dimensions": ["sex"], "department": "economy",
    },
    {
        "code": "2.1",
        "text": {
            "es": ("Inversión extranjera directa anunciada", "millones de USD"),
            "pt": ("Investimento estrangeiro direto anunciado", "milhões de USD"),
        },
        "baseline": 40, "targets": (60, 80, 100), "values": (55, 92, 71),
        "department": "economy",
    },
    {
        "code": "2.2",
        "text": {
            "es": ("Visitantes internacionales", "miles de personas"),
            "pt": ("Visitantes internacionais", "milhares de pessoas"),
        },
        "baseline": 310, "targets": (330, 360, 390), "values": (325, 371, 382),
        "department": "economy",
    },
    {
        "code": "2.3",
        "text": {
            "es": ("Empresas locales en programas de internacionalización", "empresas"),
            "pt": ("Empresas locais em programas de internacionalização", "empresas"),
        },
        "baseline": 15, "targets": (30, 45, 60), "values": (28, 47, 52),
        "dimensions": ["sex"], "department": "economy",
    },
    {
        "code": "3",
        "text": {
            "es": ("Personas participantes en intercambios internacionales", "personas"),
            "pt": ("Pessoas participantes em intercâmbios internacionais", "pessoas"),
        },
        "baseline": 250, "targets": (350, 450, 550), "values": (362, 431, 540),
        "dimensions": ["sex", "age_group"], "department": "culture",
    },
    {
        "code": "3.1",
        "text": {
            "es": ("Eventos culturales internacionales en los barrios", "eventos"),
            "pt": ("Eventos culturais internacionais nos bairros", "eventos"),
        },
        "baseline": 8, "targets": (12, 16, 20), "values": (13, 15, 19),
        "department": "culture",
    },
    {
        "code": "3.2",
        "rule": "sum",
        "text": {
            "es": ("Estudiantes y docentes en movilidad internacional", "personas"),
            "pt": ("Estudantes e professores em mobilidade internacional", "pessoas"),
        },
        "baseline": 0, "targets": (40, 60, 80), "values": (None, None, None),
        "dimensions": ["sex"], "department": "education",
    },
    {
        "code": "3.3",
        "text": {
            "es": ("Jóvenes en intercambios deportivos", "jóvenes"),
            "pt": ("Jovens em intercâmbios esportivos", "jovens"),
        },
        "baseline": 60, "targets": (90, 120, 150), "values": (94, 118, 141),
        "dimensions": ["sex", "age_group"], "department": "culture",
    },
    {
        "code": "4",
        "text": {
            "es": ("Acuerdos vigentes con plan de trabajo activo", "acuerdos"),
            "pt": ("Acordos vigentes com plano de trabalho ativo", "acordos"),
        },
        "baseline": 6, "targets": (8, 10, 12), "values": (8, 9, 11),
        "department": "international",
    },
    {
        "code": "4",
        "measure": "percentage",
        "text": {
            "es": ("Recomendaciones de evaluaciones atendidas", ""),
            "pt": ("Recomendações de avaliações atendidas", ""),
        },
        "baseline": 30, "targets": (50, 65, 80), "values": (46, 68, 74),
        "department": "international",
    },
    {
        "code": "4.1",
        "text": {
            "es": ("Cargos de liderazgo en redes de ciudades", "cargos"),
            "pt": ("Cargos de liderança em redes de cidades", "cargos"),
        },
        "baseline": 1, "targets": (2, 3, 3), "values": (2, 3, 3),
        "department": "international",
    },
    {
        "code": "4.2",
        "measure": "qualitative",
        "text": {
            "es": ("Integración de la igualdad de género en la acción internacional", ""),
            "pt": ("Integração da igualdade de gênero na ação internacional", ""),
        },
        "rubric": {
            "es": ("Inexistente", "Incipiente", "En desarrollo", "Consolidada"),
            "pt": ("Inexistente", "Incipiente", "Em desenvolvimento", "Consolidada"),
        },
        "level_targets": (1, 2, 3), "levels": (1, 2, 3),
        "department": "international",
    },
    {
        "code": "4.3",
        "text": {
            "es": ("Tiempo de respuesta a solicitudes de ayuda mutua", "horas"),
            "pt": ("Tempo de resposta a pedidos de ajuda mútua", "horas"),
        },
        "baseline": 72, "targets": (60, 48, 36), "values": (58, 50, 40),
        "ascending": False, "department": "international",
    },
)  # fmt: skip

# Action indicators: used twice each, on different actions; "to" names the objective code
# whose rolled-up indicator they contribute to.
ACTION_INDICATORS: tuple[dict[str, Any], ...] = (
    {
        "to": "3.2",
        "text": {
            "es": ("Participantes en la movilidad", "personas"),
            "pt": ("Participantes na mobilidade", "pessoas"),
        },
        "targets": (20, 30, 40), "values": (22, 31, 38), "dimensions": ["sex"],
    },
    {
        "to": "1.1",
        "text": {
            "es": ("Residuos valorizados por el proyecto", "toneladas"),
            "pt": ("Resíduos valorizados pelo projeto", "toneladas"),
        },
        "targets": (250, 400, 550), "values": (240, 415, 520),
    },
    {
        "to": "1.2",
        "measure": "percentage",
        "text": {
            "es": ("Reducción de emisiones en los edificios piloto", ""),
            "pt": ("Redução de emissões nos prédios piloto", ""),
        },
        "targets": (4, 8, 12), "values": (3, 9, 11),
    },
    {
        "text": {
            "es": ("Personas capacitadas", "personas"),
            "pt": ("Pessoas capacitadas", "pessoas"),
        },
        "targets": (40, 60, 80), "values": (45, 58, 77), "dimensions": ["sex"],
    },
    {
        "text": {
            "es": ("Productos de conocimiento publicados", "documentos"),
            "pt": ("Produtos de conhecimento publicados", "documentos"),
        },
        "targets": (2, 3, 4), "values": (2, 2, 4),
    },
    {
        "measure": "percentage",
        "text": {
            "es": ("Participantes satisfechos con la actividad", ""),
            "pt": ("Participantes satisfeitos com a atividade", ""),
        },
        "targets": (80, 85, 90), "values": (83, 88, 86),
    },
)  # fmt: skip

DEPARTMENTS = {
    # key → department acronyms in the demo governments, first found wins
    "environment": ("MAM", "SMAM"),
    "economy": ("DEC", "SRI"),
    "culture": ("CUL", "SMED"),
    "education": ("CUL", "SMED"),
    "international": ("OIR", "SRI"),
}

TEXTS: dict[str, dict[str, Any]] = {
    "es": {
        "narratives": (
            "Dato verificado con las listas de asistencia y los registros del área responsable.",
            "Cifra consolidada a partir de los informes trimestrales de los socios.",
            "El avance se explica por la puesta en marcha de las actividades con la ciudad socia.",
            "Valor estimado con la encuesta anual del municipio.",
        ),
        "returns": (
            "Falta el desglose por sexo de los participantes; por favor complételo.",
            "La cifra no coincide con el informe del socio: revise la fuente y adjunte la evidencia.",
        ),
        "revision": "Recorte del fondo federal de becas: la meta de 2026 se ajusta a los cupos disponibles.",
        "result": "Resultado esperado del objetivo {code}",
    },
    "pt": {
        "narratives": (
            "Dado verificado com as listas de presença e os registros da secretaria responsável.",
            "Número consolidado a partir dos relatórios trimestrais dos parceiros.",
            "O avanço se explica pelo início das atividades com a cidade parceira.",
            "Valor estimado com a pesquisa anual da prefeitura.",
        ),
        "returns": (
            "Falta a desagregação por sexo dos participantes; por favor, complete.",
            "O número não confere com o relatório do parceiro: revise a fonte e anexe a evidência.",
        ),
        "revision": "Corte no fundo federal de bolsas: a meta de 2026 é ajustada às vagas disponíveis.",
        "result": "Resultado esperado do objetivo {code}",
    },
}

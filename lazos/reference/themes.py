"""Themes of international action, with their names in en/es/fr/pt and related SDGs.

Lazos's own list, written for the trade of city international relations offices.
"""

from typing import NamedTuple


class ThemeEntry(NamedTuple):
    code: str
    en: str
    es: str
    fr: str
    pt: str
    sdg_goals: tuple[int, ...]


THEMES: tuple[ThemeEntry, ...] = (
    ThemeEntry("urban-planning", "Urban planning and housing", "Planificación urbana y vivienda", "Urbanisme et logement", "Planejamento urbano e habitação", (11,)),
    ThemeEntry("climate", "Climate action", "Acción climática", "Action climatique", "Ação climática", (13,)),
    ThemeEntry("environment", "Environment and biodiversity", "Medio ambiente y biodiversidad", "Environnement et biodiversité", "Meio ambiente e biodiversidade", (14, 15)),
    ThemeEntry("waste", "Solid waste management", "Gestión de residuos sólidos", "Gestion des déchets solides", "Gestão de resíduos sólidos", (11, 12)),
    ThemeEntry("water", "Water and sanitation", "Agua y saneamiento", "Eau et assainissement", "Água e saneamento", (6,)),
    ThemeEntry("energy", "Energy transition", "Transición energética", "Transition énergétique", "Transição energética", (7,)),
    ThemeEntry("mobility", "Mobility and transport", "Movilidad y transporte", "Mobilité et transports", "Mobilidade e transporte", (11,)),
    ThemeEntry("economy", "Local economic development", "Desarrollo económico local", "Développement économique local", "Desenvolvimento econômico local", (8, 9)),
    ThemeEntry("investment", "Investment and trade promotion", "Promoción de inversiones y comercio", "Promotion des investissements et du commerce", "Promoção de investimentos e comércio", (8, 17)),
    ThemeEntry("tourism", "Tourism and city brand", "Turismo y marca ciudad", "Tourisme et marque territoriale", "Turismo e marca cidade", (8,)),
    ThemeEntry("culture", "Culture and heritage", "Cultura y patrimonio", "Culture et patrimoine", "Cultura e patrimônio", (11,)),
    ThemeEntry("education", "Education and youth", "Educación y juventud", "Éducation et jeunesse", "Educação e juventude", (4,)),
    ThemeEntry("health", "Health", "Salud", "Santé", "Saúde", (3,)),
    ThemeEntry("social-inclusion", "Social inclusion and poverty", "Inclusión social y pobreza", "Inclusion sociale et pauvreté", "Inclusão social e pobreza", (1, 10)),
    ThemeEntry("gender", "Gender equality", "Igualdad de género", "Égalité de genre", "Igualdade de gênero", (5,)),
    ThemeEntry("governance", "Governance, transparency and participation", "Gobernanza, transparencia y participación", "Gouvernance, transparence et participation", "Governança, transparência e participação", (16,)),
    ThemeEntry("peace-security", "Peace and citizen security", "Paz y seguridad ciudadana", "Paix et sécurité", "Paz e segurança cidadã", (16,)),
    ThemeEntry("migration", "Migration and diaspora", "Migración y diáspora", "Migrations et diaspora", "Migração e diáspora", (10,)),
    ThemeEntry("food", "Food systems and agriculture", "Sistemas alimentarios y agricultura", "Systèmes alimentaires et agriculture", "Sistemas alimentares e agricultura", (2,)),
    ThemeEntry("innovation", "Digital innovation and smart city", "Innovación digital y ciudad inteligente", "Innovation numérique et ville intelligente", "Inovação digital e cidade inteligente", (9,)),
    ThemeEntry("risk", "Disaster risk and resilience", "Riesgo de desastres y resiliencia", "Risques de catastrophe et résilience", "Risco de desastres e resiliência", (11, 13)),
    ThemeEntry("sport", "Sport", "Deporte", "Sport", "Esporte", (3,)),
    ThemeEntry("human-rights", "Human rights and right to the city", "Derechos humanos y derecho a la ciudad", "Droits humains et droit à la ville", "Direitos humanos e direito à cidade", (10, 11, 16)),
)  # fmt: skip

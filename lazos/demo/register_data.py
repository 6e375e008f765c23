"""Content of the demo register: partners, actors, networks and the texts of agreements and
actions, in each demo government's language (Spanish for Villa Esperanza, Portuguese for Rio
Claro do Sul).

Places are real (looked up in GeoNames); people, e-mail addresses, figures, reference numbers
and events are fictional. ``register.py`` turns this into objects through the services.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from lazos.actions.choices import FundingSource, Modality


class CityPartner(NamedTuple):
    country: str  # ISO 3166-1 alpha-2
    geonames_name: str  # name of the place in reference.City
    short: str  # the city's name in the government's language
    name: str  # the partner's name (the local government)


class OtherPartner(NamedTuple):
    kind: str  # PartnerKind value
    country: str  # "" for international bodies
    short: str
    name: str
    description: str
    network: str = ""  # key of the network it stands for, for a city network


class LocalActorSpec(NamedTuple):
    kind: str  # ActorKind value
    name: str
    description: str
    contact_name: str


class NetworkSpec(NamedTuple):
    key: str
    name: str
    acronym: str
    scope: str  # NetworkScope value
    website: str
    description: str
    since_year: int
    status: str  # MembershipStatus value
    annual_fee: int  # in the government's currency, 0 = no fee
    department: str  # department key
    working_groups: tuple[str, ...]
    reporting_duties: str
    posts: tuple[tuple[str, str, int, int | None], ...]  # title, holder, from year, until year


# --- Person names (fictional) ----------------------------------------------------------------

# first names as (name, "f"|"m"), last names; by language of the partner's country
FIRST_NAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "es": (
        ("María José", "f"), ("Lucía", "f"), ("Carmen", "f"), ("Valentina", "f"),
        ("Paula", "f"), ("Ximena", "f"), ("Jorge", "m"), ("Andrés", "m"), ("Diego", "m"),
        ("Sergio", "m"), ("Martín", "m"), ("Ramiro", "m"),
    ),
    "pt": (
        ("Ana Beatriz", "f"), ("Mariana", "f"), ("Joana", "f"), ("Luísa", "f"),
        ("Fernanda", "f"), ("Teresa", "f"), ("João Pedro", "m"), ("Rui", "m"),
        ("Tiago", "m"), ("Marcelo", "m"), ("Henrique", "m"), ("Nuno", "m"),
    ),
    "en": (
        ("Sarah", "f"), ("Emily", "f"), ("Rachel", "f"), ("Megan", "f"), ("Daniel", "m"),
        ("Michael", "m"), ("Robert", "m"), ("Kevin", "m"),
    ),
    "fr": (
        ("Claire", "f"), ("Sophie", "f"), ("Élodie", "f"), ("Nicolas", "m"), ("Julien", "m"),
        ("Thomas", "m"),
    ),
    "it": (
        ("Giulia", "f"), ("Francesca", "f"), ("Chiara", "f"), ("Marco", "m"), ("Luca", "m"),
        ("Alessandro", "m"),
    ),
    "de": (
        ("Katrin", "f"), ("Anna", "f"), ("Julia", "f"), ("Stefan", "m"), ("Tobias", "m"),
        ("Matthias", "m"),
    ),
    "nl": (("Sanne", "f"), ("Lotte", "f"), ("Daan", "m"), ("Pieter", "m")),
    "ja": (("Yuki", "f"), ("Haruka", "f"), ("Kenji", "m"), ("Takashi", "m")),
    "ko": (("Ji-yeon", "f"), ("Min-seo", "f"), ("Jun-ho", "m"), ("Sung-min", "m")),
    "zh": (("Li Na", "f"), ("Wang Fang", "f"), ("Zhang Wei", "m"), ("Liu Yang", "m")),
}  # fmt: skip

LAST_NAMES: dict[str, tuple[str, ...]] = {
    "es": ("García Ruiz", "Fernández", "Morales Vega", "Castro", "Herrera Soto", "Navarro",
           "Quintero", "Salazar Ríos", "Ibáñez", "Cárdenas", "Rojas Peña", "Villalobos"),
    "pt": ("Silva Costa", "Pereira", "Fonseca", "Almeida Reis", "Carvalho", "Monteiro",
           "Teixeira", "Lopes Duarte", "Barros", "Figueiredo", "Sampaio", "Moura"),
    "en": ("Johnson", "Miller", "Thompson", "Garza", "Walker", "Bennett", "Hughes", "Reyes"),
    "fr": ("Martin", "Lefèvre", "Moreau", "Girard", "Fontaine", "Bonnet"),
    "it": ("Rossi", "Bianchi", "Ferrari", "Esposito", "Romano", "Conti"),
    "de": ("Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Wagner"),
    "nl": ("de Vries", "Jansen", "van Dijk", "Bakker"),
    "ja": ("Tanaka", "Suzuki", "Watanabe", "Sato"),
    "ko": ("Kim", "Park", "Lee", "Choi"),
    "zh": ("Chen", "Huang", "Zhao", "Wu"),
}  # fmt: skip

COUNTRY_LANGUAGE = {
    "AR": "es", "BO": "es", "CL": "es", "CO": "es", "CU": "es", "EC": "es", "ES": "es",
    "GT": "es", "MX": "es", "PE": "es", "PY": "es", "UY": "es", "BR": "pt", "PT": "pt",
    "AO": "pt", "MZ": "pt", "CV": "pt", "US": "en", "CA": "en", "FR": "fr", "IT": "it",
    "DE": "de", "NL": "nl", "JP": "ja", "KR": "ko", "CN": "zh",
}  # fmt: skip

COUNTRY_PHONE = {
    "AR": "+54", "BO": "+591", "CL": "+56", "CO": "+57", "CU": "+53", "EC": "+593",
    "ES": "+34", "GT": "+502", "MX": "+52", "PE": "+51", "PY": "+595", "UY": "+598",
    "BR": "+55", "PT": "+351", "AO": "+244", "MZ": "+258", "CV": "+238", "US": "+1",
    "CA": "+1", "FR": "+33", "IT": "+39", "DE": "+49", "NL": "+31", "JP": "+81", "KR": "+82",
    "CN": "+86",
}  # fmt: skip


# --- Per-language texts ----------------------------------------------------------------------

# (masculine, feminine) forms of positions
POSITIONS: dict[str, dict[str, tuple[str, str]]] = {
    "es": {
        "mayor": ("Alcalde", "Alcaldesa"),
        "ir_director": ("Director de Relaciones Internacionales", "Directora de Relaciones Internacionales"),
        "cooperation": ("Coordinador de Cooperación", "Coordinadora de Cooperación"),
        "protocol": ("Jefe de Protocolo", "Jefa de Protocolo"),
        "ambassador": ("Embajador", "Embajadora"),
        "attache": ("Agregado de Cooperación", "Agregada de Cooperación"),
        "rector": ("Rector", "Rectora"),
        "dean": ("Coordinador de Vinculación Internacional", "Coordinadora de Vinculación Internacional"),
        "director": ("Director Ejecutivo", "Directora Ejecutiva"),
        "officer": ("Oficial de Programas", "Oficial de Programas"),
        "secretary": ("Secretario General", "Secretaria General"),
        "manager": ("Gerente de Proyectos", "Gerente de Proyectos"),
        "councillor": ("Regidor", "Regidora"),
        "technician": ("Técnico de proyectos", "Técnica de proyectos"),
    },
    "pt": {
        "mayor": ("Prefeito", "Prefeita"),
        "ir_director": ("Diretor de Relações Internacionais", "Diretora de Relações Internacionais"),
        "cooperation": ("Coordenador de Cooperação", "Coordenadora de Cooperação"),
        "protocol": ("Chefe de Cerimonial", "Chefe de Cerimonial"),
        "ambassador": ("Embaixador", "Embaixadora"),
        "attache": ("Adido de Cooperação", "Adida de Cooperação"),
        "rector": ("Reitor", "Reitora"),
        "dean": ("Coordenador de Relações Internacionais", "Coordenadora de Relações Internacionais"),
        "director": ("Diretor Executivo", "Diretora Executiva"),
        "officer": ("Oficial de Programas", "Oficial de Programas"),
        "secretary": ("Secretário-Geral", "Secretária-Geral"),
        "manager": ("Gerente de Projetos", "Gerente de Projetos"),
        "councillor": ("Vereador", "Vereadora"),
        "technician": ("Técnico de projetos", "Técnica de projetos"),
    },
}  # fmt: skip

# positions of the partner's contacts and signatory, by partner kind
KIND_POSITIONS = {
    "local_government": (("ir_director", "cooperation", "protocol"), "mayor"),
    "national_government": (("attache", "cooperation"), "ambassador"),
    "international_organisation": (("officer", "manager"), "director"),
    "city_network": (("officer", "cooperation"), "secretary"),
    "university": (("dean", "manager"), "rector"),
    "civil_society": (("manager", "cooperation"), "director"),
    "company": (("manager", "director"), "director"),
    "foundation": (("officer", "manager"), "director"),
    "other": (("manager",), "director"),
}

PARTNER_NOTES: dict[str, tuple[str, ...]] = {
    "es": (
        "Llamada con {contact}: interés en reactivar el intercambio técnico el próximo semestre.",
        "Reunión virtual de seguimiento; acordamos compartir la agenda de trabajo antes de fin de mes.",
        "Recibimos carta de felicitación por el aniversario de la ciudad.",
        "Cambio de administración en {city}: hay que presentar la cooperación al nuevo equipo.",
        "{contact} confirma su participación en el foro internacional; pide apoyo con hotel.",
        "Se envió la propuesta de plan de trabajo bianual; pendiente de respuesta.",
        "Visita de cortesía del consulado; interés en temas de movilidad y agua.",
        "Intercambio de información sobre convocatorias de la Unión Europea para gobiernos locales.",
        "Nos comparten su reglamento de participación ciudadana como referencia.",
        "Reunión con el área de cultura: posible semana cultural el próximo año.",
    ),
    "pt": (
        "Ligação com {contact}: interesse em retomar o intercâmbio técnico no próximo semestre.",
        "Reunião virtual de acompanhamento; combinamos compartilhar a agenda de trabalho até o fim do mês.",
        "Recebemos carta de felicitações pelo aniversário da cidade.",
        "Troca de gestão na contraparte: é preciso apresentar a cooperação à nova equipe.",
        "{contact} confirma participação no fórum internacional; pede apoio com hospedagem.",
        "Enviada a proposta de plano de trabalho bienal; aguardando resposta.",
        "Visita de cortesia do consulado; interesse em mobilidade e saneamento.",
        "Troca de informações sobre editais da União Europeia para governos locais.",
        "Compartilharam o regulamento de participação cidadã como referência.",
        "Reunião com a área de educação: possível intercâmbio de escolas no próximo ano.",
    ),
}

TRANSITION_NOTES: dict[str, dict[str, str]] = {
    "es": {
        "negotiation": "Se inicia la negociación del texto con la contraparte.",
        "draft": "Se regresa a borrador para incorporar observaciones jurídicas.",
        "signed": "Firma en ceremonia oficial.",
        "in_force": "Entra en vigor tras la aprobación del Ayuntamiento.",
        "suspended": "Suspendido de común acuerdo mientras la contraparte reorganiza su gabinete.",
        "expired": "Concluye su vigencia sin renovación.",
        "terminated": "Se da por terminado de común acuerdo.",
    },
    "pt": {
        "negotiation": "Início da negociação do texto com a contraparte.",
        "draft": "Volta a rascunho para incorporar observações jurídicas.",
        "signed": "Assinatura em cerimônia oficial.",
        "in_force": "Entra em vigor após autorização da Câmara Municipal.",
        "suspended": "Suspenso de comum acordo enquanto a contraparte reorganiza sua gestão.",
        "expired": "Encerra a vigência sem renovação.",
        "terminated": "Encerrado de comum acordo.",
    },
}

AGREEMENT_TITLES: dict[str, dict[str, tuple[str, ...]]] = {
    "es": {
        "twinning": ("Acuerdo de hermanamiento entre {gov} y {city}",),
        "friendship": ("Acuerdo de amistad y cooperación entre {gov} y {city}",),
        "mou": (
            "Memorándum de entendimiento con {city} en gestión de residuos",
            "Memorándum de entendimiento con {city} en movilidad sostenible",
            "Memorándum de entendimiento con {city} en desarrollo económico local",
        ),
        "cooperation": (
            "Convenio de cooperación técnica con {city} en agua y saneamiento",
            "Convenio de cooperación con {city} en educación y juventud",
            "Convenio de cooperación con {city} en acción climática",
            "Convenio marco de colaboración con {city}",
        ),
        "letter_of_intent": ("Carta de intención con {city} para un programa cultural conjunto",),
        "protocol": ("Adenda al acuerdo con {city}: plan de trabajo {year}",),
        "network_adhesion": ("Adhesión a {partner}",),
        "other": ("Declaración conjunta con {city} sobre ciudades seguras para las mujeres",),
    },
    "pt": {
        "twinning": ("Acordo de irmandade entre {gov} e {city}",),
        "friendship": ("Acordo de amizade e cooperação entre {gov} e {city}",),
        "mou": (
            "Memorando de entendimento com {city} em gestão de resíduos",
            "Memorando de entendimento com {city} em mobilidade sustentável",
            "Memorando de entendimento com {city} em desenvolvimento econômico local",
        ),
        "cooperation": (
            "Acordo de cooperação técnica com {city} em água e saneamento",
            "Acordo de cooperação com {city} em educação e juventude",
            "Acordo de cooperação com {city} em ação climática",
            "Acordo-quadro de colaboração com {city}",
        ),
        "letter_of_intent": ("Carta de intenções com {city} para um programa cultural conjunto",),
        "protocol": ("Termo aditivo ao acordo com {city}: plano de trabalho {year}",),
        "network_adhesion": ("Adesão à {partner}",),
        "other": ("Declaração conjunta com {city} sobre cidades seguras para as mulheres",),
    },
}

AGREEMENT_TEXTS: dict[str, dict[str, str]] = {
    "es": {
        "summary": "Instrumento que formaliza la relación de {gov} con {city} y fija un marco de trabajo conjunto.",
        "objectives": "1. Intercambiar experiencias y buenas prácticas.\n2. Desarrollar proyectos conjuntos con participación de actores locales.\n3. Dar seguimiento anual mediante una comisión mixta.",
        "public_summary": "{gov} y {city} colaboran en {theme} mediante este instrumento.",
    },
    "pt": {
        "summary": "Instrumento que formaliza a relação de {gov} com {city} e estabelece um marco de trabalho conjunto.",
        "objectives": "1. Trocar experiências e boas práticas.\n2. Desenvolver projetos conjuntos com participação de atores locais.\n3. Fazer acompanhamento anual por meio de uma comissão mista.",
        "public_summary": "{gov} e {city} colaboram em {theme} por meio deste instrumento.",
    },
}

# modality → (department key, themes, duration in days (min, max))
MODALITY_PROFILE: dict[str, tuple[str, tuple[str, ...], tuple[int, int]]] = {
    Modality.DECENTRALIZED_COOPERATION: ("environment", ("waste", "water", "urban-planning", "mobility", "governance", "climate"), (240, 900)),
    Modality.TECHNICAL_EXCHANGE: ("international", ("waste", "energy", "migration", "governance", "economy"), (20, 150)),
    Modality.MISSION: ("international", ("economy", "urban-planning", "mobility", "culture"), (3, 8)),
    Modality.DELEGATION: ("international", ("economy", "education", "culture", "innovation"), (2, 5)),
    Modality.EVENT: ("international", ("climate", "human-rights", "culture", "urban-planning"), (1, 4)),
    Modality.NETWORK_ACTIVITY: ("international", ("climate", "gender", "governance", "human-rights"), (1, 3)),
    Modality.ADVOCACY: ("international", ("climate", "governance", "human-rights"), (30, 180)),
    Modality.ECONOMIC_PROMOTION: ("economy", ("investment", "economy", "innovation"), (2, 120)),
    Modality.TOURISM: ("economy", ("tourism", "culture"), (3, 90)),
    Modality.CULTURE: ("culture", ("culture",), (5, 60)),
    Modality.SPORT: ("culture", ("sport", "education"), (2, 10)),
    Modality.EDUCATION: ("education", ("education", "innovation"), (30, 300)),
    Modality.EMERGENCY_AID: ("international", ("risk", "health"), (7, 60)),
    Modality.PEACE_MIGRATION: ("international", ("migration", "peace-security", "human-rights"), (90, 400)),
    Modality.TRAINING: ("international", ("governance", "risk", "education"), (5, 90)),
    Modality.OTHER: ("international", ("governance",), (1, 30)),
}  # fmt: skip

# how many actions of each modality (150 in all)
MODALITY_COUNTS: dict[str, int] = {
    Modality.DECENTRALIZED_COOPERATION: 16,
    Modality.TECHNICAL_EXCHANGE: 14,
    Modality.MISSION: 16,
    Modality.DELEGATION: 14,
    Modality.EVENT: 12,
    Modality.NETWORK_ACTIVITY: 12,
    Modality.ADVOCACY: 6,
    Modality.ECONOMIC_PROMOTION: 10,
    Modality.TOURISM: 7,
    Modality.CULTURE: 10,
    Modality.SPORT: 5,
    Modality.EDUCATION: 9,
    Modality.EMERGENCY_AID: 4,
    Modality.PEACE_MIGRATION: 5,
    Modality.TRAINING: 7,
    Modality.OTHER: 3,
}

ACTION_TITLES: dict[str, dict[str, tuple[str, ...]]] = {
    "es": {
        Modality.DECENTRALIZED_COOPERATION: (
            "Proyecto de cooperación descentralizada en gestión integral de residuos con {city}",
            "Programa conjunto de recuperación de espacios públicos con {city}",
            "Cooperación técnica con {city} para modernizar el catastro municipal",
            "Proyecto «Barrios resilientes» con {city}",
            "Agua segura en colonias periféricas: proyecto con {city}",
            "Proyecto de movilidad ciclista con {city}",
            "Cooperación con {city} en presupuesto participativo",
            "Programa de economía circular con {city}",
        ),
        Modality.TECHNICAL_EXCHANGE: (
            "Intercambio técnico con {city} sobre separación de residuos en origen",
            "Aprendizaje entre pares con {city}: alumbrado público eficiente",
            "Intercambio de buenas prácticas con {city} en atención a personas migrantes",
            "Intercambio técnico con {city} sobre gobierno abierto",
            "Pasantía de personal municipal en {city}: gestión de mercados públicos",
            "Intercambio con {city} sobre planes de acción climática",
        ),
        Modality.MISSION: (
            "Misión oficial a {city} ({year})",
            "Misión técnica a {city}: movilidad y espacio público",
            "Misión económica a {city}",
            "Misión de seguimiento de la cooperación con {city}",
            "Misión a {city}: foro de gobiernos locales",
        ),
        Modality.DELEGATION: (
            "Visita de la delegación de {city}",
            "Recepción de la delegación técnica de {city}",
            "Visita oficial de autoridades de {city}",
            "Delegación empresarial de {city} en {gov}",
        ),
        Modality.EVENT: (
            "Foro Internacional de Ciudades Sostenibles {year}",
            "Semana de {city} en {gov}",
            "Encuentro Iberoamericano de Gobiernos Locales {year}",
            "Seminario internacional sobre derecho a la ciudad ({year})",
            "Conferencia sobre vivienda asequible en {city}",
            "Feria del libro de {gov}: ciudad invitada {city}",
        ),
        Modality.NETWORK_ACTIVITY: (
            "Reunión del Consejo de {network} ({year})",
            "Grupo de trabajo de {network}: {theme}",
            "Asamblea General de {network} {year}",
            "Aporte de {gov} al informe anual de {network} ({year})",
            "Seminario virtual de {network} sobre {theme}",
        ),
        Modality.ADVOCACY: (
            "Posicionamiento municipal ante el Foro Político de Alto Nivel sobre los ODS {year}",
            "Informe Local Voluntario de {gov} {year}",
            "Declaración de gobiernos locales sobre financiamiento climático ({year})",
            "Agenda de ciudades ante la COP {year}",
            "Propuesta al Congreso para reconocer la acción internacional municipal",
        ),
        Modality.ECONOMIC_PROMOTION: (
            "Atracción de inversiones con {city}",
            "Rueda de negocios {gov}-{city}",
            "Internacionalización de MiPyMEs con {city}",
            "Promoción del parque tecnológico ante inversionistas de {city}",
            "Programa de aterrizaje suave para empresas de {city}",
        ),
        Modality.TOURISM: (
            "Campaña de marca ciudad en {city}",
            "Presencia de {gov} en la feria de turismo de {city}",
            "Ruta turística compartida con {city}",
            "Viaje de familiarización para operadores turísticos de {city}",
        ),
        Modality.CULTURE: (
            "Encuentro internacional de mariachi con artistas de {city}",
            "Exposición itinerante de artesanía con {city}",
            "Residencias artísticas cruzadas con {city}",
            "Ciclo de cine de {city} en {gov}",
            "Intercambio de orquestas juveniles con {city}",
            "Patrimonio cultural inmaterial: programa con {city}",
        ),
        Modality.SPORT: (
            "Torneo juvenil de fútbol con {city}",
            "Medio maratón internacional {gov} {year}: corredores de {city}",
            "Intercambio de escuelas deportivas con {city}",
            "Juegos de la amistad {gov}-{city}",
        ),
        Modality.EDUCATION: (
            "Becas de movilidad estudiantil con {city}",
            "Intercambio de docentes con {city}",
            "Programa de talento digital con {city}",
            "Escuelas hermanas: {gov} y {city}",
            "Curso de verano para jóvenes en {city}",
        ),
        Modality.EMERGENCY_AID: (
            "Ayuda humanitaria tras las inundaciones en {city}",
            "Envío de brigada de protección civil a {city}",
            "Donación de equipo médico recibida de {city}",
            "Apoyo de {city} tras el huracán en la costa de Jalisco",
        ),
        Modality.PEACE_MIGRATION: (
            "Acogida e integración de personas migrantes con {city}",
            "Ventanilla de atención a migrantes en retorno con {city}",
            "Diálogo de ciudades por la paz y la convivencia con {city}",
            "Red de apoyo a familias migrantes con {city}",
        ),
        Modality.TRAINING: (
            "Curso de formulación de proyectos de cooperación internacional ({year})",
            "Taller sobre localización de los ODS con {city}",
            "Diplomado en acción internacional de gobiernos locales ({year})",
            "Capacitación en gestión integral de riesgos con {city}",
            "Inglés técnico para personal municipal ({year})",
        ),
        Modality.OTHER: (
            "Coordinación con la Secretaría de Relaciones Exteriores ({year})",
            "Actualización del directorio de socios internacionales ({year})",
            "Mapeo de la cooperación internacional recibida {year}",
        ),
    },
    "pt": {
        Modality.DECENTRALIZED_COOPERATION: (
            "Projeto de cooperação descentralizada em gestão de resíduos sólidos com {city}",
            "Programa conjunto de requalificação de espaços públicos com {city}",
            "Cooperação técnica com {city} para modernizar o cadastro imobiliário",
            "Projeto «Bairros resilientes» com {city}",
            "Água segura nas periferias: projeto com {city}",
            "Projeto de mobilidade cicloviária com {city}",
            "Cooperação com {city} em orçamento participativo",
            "Programa de economia circular com {city}",
        ),
        Modality.TECHNICAL_EXCHANGE: (
            "Intercâmbio técnico com {city} sobre coleta seletiva",
            "Aprendizagem entre pares com {city}: iluminação pública eficiente",
            "Intercâmbio de boas práticas com {city} no acolhimento de migrantes",
            "Intercâmbio técnico com {city} sobre governo aberto",
            "Estágio de servidores municipais em {city}: gestão de mercados públicos",
            "Intercâmbio com {city} sobre planos de ação climática",
        ),
        Modality.MISSION: (
            "Missão oficial a {city} ({year})",
            "Missão técnica a {city}: mobilidade e espaço público",
            "Missão econômica a {city}",
            "Missão de acompanhamento da cooperação com {city}",
            "Missão a {city}: fórum de governos locais",
        ),
        Modality.DELEGATION: (
            "Visita da delegação de {city}",
            "Recepção da delegação técnica de {city}",
            "Visita oficial de autoridades de {city}",
            "Delegação empresarial de {city} em {gov}",
        ),
        Modality.EVENT: (
            "Fórum Internacional de Cidades Sustentáveis {year}",
            "Semana de {city} em {gov}",
            "Encontro Ibero-Americano de Governos Locais {year}",
            "Seminário internacional sobre direito à cidade ({year})",
            "Conferência sobre habitação acessível em {city}",
            "Feira do livro de {gov}: cidade convidada {city}",
        ),
        Modality.NETWORK_ACTIVITY: (
            "Reunião do Conselho da {network} ({year})",
            "Grupo de trabalho da {network}: {theme}",
            "Assembleia Geral da {network} {year}",
            "Contribuição de {gov} ao relatório anual da {network} ({year})",
            "Webinário da {network} sobre {theme}",
        ),
        Modality.ADVOCACY: (
            "Posicionamento municipal no Fórum Político de Alto Nível sobre os ODS {year}",
            "Relatório Local Voluntário de {gov} {year}",
            "Declaração de governos locais sobre financiamento climático ({year})",
            "Agenda das cidades na COP {year}",
            "Proposta ao Congresso para reconhecer a paradiplomacia municipal",
        ),
        Modality.ECONOMIC_PROMOTION: (
            "Atração de investimentos com {city}",
            "Rodada de negócios {gov}-{city}",
            "Internacionalização de micro e pequenas empresas com {city}",
            "Promoção do polo tecnológico a investidores de {city}",
            "Programa de soft landing para empresas de {city}",
        ),
        Modality.TOURISM: (
            "Campanha de marca cidade em {city}",
            "Presença de {gov} na feira de turismo de {city}",
            "Rota turística compartilhada com {city}",
            "Famtour para operadores turísticos de {city}",
        ),
        Modality.CULTURE: (
            "Festival internacional de música com artistas de {city}",
            "Exposição itinerante de artesanato com {city}",
            "Residências artísticas cruzadas com {city}",
            "Mostra de cinema de {city} em {gov}",
            "Intercâmbio de orquestras jovens com {city}",
            "Patrimônio imaterial: programa com {city}",
        ),
        Modality.SPORT: (
            "Torneio juvenil de futebol com {city}",
            "Meia maratona internacional {gov} {year}: atletas de {city}",
            "Intercâmbio de escolinhas esportivas com {city}",
            "Jogos da amizade {gov}-{city}",
        ),
        Modality.EDUCATION: (
            "Bolsas de mobilidade estudantil com {city}",
            "Intercâmbio de professores com {city}",
            "Programa de talentos digitais com {city}",
            "Escolas irmãs: {gov} e {city}",
            "Curso de verão para jovens em {city}",
        ),
        Modality.EMERGENCY_AID: (
            "Ajuda humanitária após as enchentes em {city}",
            "Envio de brigada de defesa civil a {city}",
            "Doação de equipamentos médicos recebida de {city}",
            "Apoio de {city} após as enchentes no Vale do Rio Claro",
        ),
        Modality.PEACE_MIGRATION: (
            "Acolhimento e integração de migrantes com {city}",
            "Centro de referência para migrantes com {city}",
            "Diálogo de cidades pela paz e convivência com {city}",
            "Rede de apoio a famílias migrantes com {city}",
        ),
        Modality.TRAINING: (
            "Curso de elaboração de projetos de cooperação internacional ({year})",
            "Oficina sobre localização dos ODS com {city}",
            "Curso de extensão em paradiplomacia ({year})",
            "Capacitação em gestão de riscos de desastres com {city}",
            "Inglês técnico para servidores municipais ({year})",
        ),
        Modality.OTHER: (
            "Reunião de coordenação com o Itamaraty ({year})",
            "Atualização do cadastro de parceiros internacionais ({year})",
            "Mapeamento da cooperação internacional recebida {year}",
        ),
    },
}

# titles of actions whose partner is an organisation (a university, an embassy, an NGO…);
# its short name carries its article, so it only follows "con" / "com"
ORGANISATION_TITLES: dict[str, dict[str, tuple[str, ...]]] = {
    "es": {
        Modality.DECENTRALIZED_COOPERATION: (
            "Proyecto conjunto con {city}: {theme}",
            "Programa de cooperación con {city} en {theme}",
        ),
        Modality.TECHNICAL_EXCHANGE: (
            "Asistencia técnica con {city} en {theme}",
            "Intercambio de experiencias con {city} sobre {theme}",
        ),
        Modality.MISSION: ("Misión de seguimiento de la cooperación con {city}",),
        Modality.EDUCATION: (
            "Movilidad académica y becas con {city}",
            "Programa de talento digital con {city}",
        ),
        Modality.TRAINING: (
            "Taller sobre localización de los ODS con {city}",
            "Formación en {theme} con {city} ({year})",
        ),
        Modality.PEACE_MIGRATION: (
            "Acogida e integración de personas migrantes con {city}",
            "Programa de {theme} con {city}",
        ),
    },
    "pt": {
        Modality.DECENTRALIZED_COOPERATION: (
            "Projeto conjunto com {city}: {theme}",
            "Programa de cooperação com {city} em {theme}",
        ),
        Modality.TECHNICAL_EXCHANGE: (
            "Assistência técnica com {city} em {theme}",
            "Troca de experiências com {city} sobre {theme}",
        ),
        Modality.MISSION: ("Missão de acompanhamento da cooperação com {city}",),
        Modality.EDUCATION: (
            "Mobilidade acadêmica e bolsas com {city}",
            "Programa de talentos digitais com {city}",
        ),
        Modality.TRAINING: (
            "Oficina sobre localização dos ODS com {city}",
            "Formação em {theme} com {city} ({year})",
        ),
        Modality.PEACE_MIGRATION: (
            "Acolhimento e integração de migrantes com {city}",
            "Programa de {theme} com {city}",
        ),
    },
}

ACTION_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "es": {
        Modality.DECENTRALIZED_COOPERATION: "Proyecto plurianual de cooperación descentralizada: diagnóstico conjunto, asistencia técnica entre pares y una intervención piloto en dos colonias.",
        Modality.TECHNICAL_EXCHANGE: "Intercambio entre equipos técnicos para conocer una práctica probada y adaptarla al contexto de {gov}.",
        Modality.MISSION: "Misión de la delegación municipal para reunirse con autoridades, visitar proyectos y acordar próximos pasos.",
        Modality.DELEGATION: "{gov} recibe a una delegación extranjera: agenda con áreas municipales, actores locales y visitas de campo.",
        Modality.EVENT: "Evento internacional con gobiernos locales, academia y sociedad civil.",
        Modality.NETWORK_ACTIVITY: "Participación de {gov} en la vida de la red: reuniones estatutarias, grupos de trabajo y aportes a sus publicaciones.",
        Modality.ADVOCACY: "Acción de incidencia para llevar la voz de los gobiernos locales a espacios nacionales e internacionales.",
        Modality.ECONOMIC_PROMOTION: "Promoción de {gov} como destino de inversión y apoyo a empresas locales para acceder a nuevos mercados.",
        Modality.TOURISM: "Posicionamiento de la marca ciudad y del destino ante operadores y público extranjeros.",
        Modality.CULTURE: "Intercambio cultural que acerca a artistas y públicos de ambas ciudades.",
        Modality.SPORT: "Encuentro deportivo juvenil que fortalece los lazos entre ciudades.",
        Modality.EDUCATION: "Movilidad de estudiantes y docentes y formación de talento.",
        Modality.EMERGENCY_AID: "Respuesta solidaria ante una emergencia, coordinada con protección civil.",
        Modality.PEACE_MIGRATION: "Iniciativa de convivencia y atención a personas migrantes con organizaciones locales.",
        Modality.TRAINING: "Formación del personal municipal para profesionalizar la acción internacional de {gov}.",
        Modality.OTHER: "Tarea de gestión de la Oficina de Relaciones Internacionales.",
        "partner": "Contraparte principal: {partner}.",
    },
    "pt": {
        Modality.DECENTRALIZED_COOPERATION: "Projeto plurianual de cooperação descentralizada: diagnóstico conjunto, assistência técnica entre pares e uma intervenção-piloto em dois bairros.",
        Modality.TECHNICAL_EXCHANGE: "Intercâmbio entre equipes técnicas para conhecer uma prática comprovada e adaptá-la ao contexto de {gov}.",
        Modality.MISSION: "Missão da delegação municipal para reunir-se com autoridades, visitar projetos e combinar os próximos passos.",
        Modality.DELEGATION: "{gov} recebe uma delegação estrangeira: agenda com secretarias, atores locais e visitas de campo.",
        Modality.EVENT: "Evento internacional com governos locais, universidades e sociedade civil.",
        Modality.NETWORK_ACTIVITY: "Participação de {gov} na vida da rede: reuniões estatutárias, grupos de trabalho e contribuições às suas publicações.",
        Modality.ADVOCACY: "Ação de incidência para levar a voz dos governos locais a espaços nacionais e internacionais.",
        Modality.ECONOMIC_PROMOTION: "Promoção de {gov} como destino de investimentos e apoio às empresas locais para acessar novos mercados.",
        Modality.TOURISM: "Posicionamento da marca cidade e do destino junto a operadores e ao público estrangeiros.",
        Modality.CULTURE: "Intercâmbio cultural que aproxima artistas e públicos das duas cidades.",
        Modality.SPORT: "Encontro esportivo juvenil que fortalece os laços entre cidades.",
        Modality.EDUCATION: "Mobilidade de estudantes e professores e formação de talentos.",
        Modality.EMERGENCY_AID: "Resposta solidária a uma emergência, coordenada com a defesa civil.",
        Modality.PEACE_MIGRATION: "Iniciativa de convivência e acolhimento de migrantes com organizações locais.",
        Modality.TRAINING: "Formação dos servidores municipais para profissionalizar a ação internacional de {gov}.",
        Modality.OTHER: "Tarefa de gestão da Secretaria de Relações Internacionais.",
        "partner": "Parceiro principal: {partner}.",
    },
}  # fmt: skip

# (with a partner, without)
PUBLIC_SUMMARIES: dict[str, tuple[str, str]] = {
    "es": (
        "{gov} y {city} trabajan juntos en {theme}: {title}.",
        "{title}: acción internacional de {gov} en {theme}.",
    ),
    "pt": (
        "{gov} e {city} trabalham juntos em {theme}: {title}.",
        "{title}: ação internacional de {gov} em {theme}.",
    ),
}

OUTCOMES: dict[str, tuple[str, ...]] = {
    "es": (
        "Se firmó una hoja de ruta con metas anuales y responsables en cada ciudad.",
        "Participaron 120 personas, 60 % mujeres; se documentaron tres buenas prácticas.",
        "El piloto redujo en 18 % los residuos enviados a relleno sanitario en las colonias atendidas.",
        "Dos empresas locales cerraron acuerdos comerciales y una tercera abrió oficina en el exterior.",
        "Se capacitó a 35 servidores públicos; el manual resultante ya se usa en tres áreas.",
        "La contraparte adoptó nuestro modelo de presupuesto participativo en un distrito.",
        "Se gestionaron fondos adicionales de la cooperación internacional para una segunda fase.",
        "Cobertura en medios nacionales y aumento de visitantes extranjeros en la temporada siguiente.",
    ),
    "pt": (
        "Foi assinado um roteiro com metas anuais e responsáveis em cada cidade.",
        "Participaram 120 pessoas, 60 % mulheres; três boas práticas foram documentadas.",
        "O piloto reduziu em 18 % os resíduos enviados ao aterro nos bairros atendidos.",
        "Duas empresas locais fecharam contratos e uma terceira abriu escritório no exterior.",
        "35 servidores capacitados; o manual resultante já é usado em três secretarias.",
        "A contraparte adotou nosso modelo de orçamento participativo em um distrito.",
        "Foram captados recursos adicionais da cooperação internacional para uma segunda fase.",
        "Cobertura na imprensa nacional e aumento de visitantes estrangeiros na temporada seguinte.",
    ),
}

LESSONS: dict[str, tuple[str, ...]] = {
    "es": (
        "Involucrar desde el inicio a las áreas operativas evita que el proyecto dependa solo de la oficina internacional.",
        "Los cambios de administración en la contraparte retrasaron el calendario: conviene un acuerdo técnico además del político.",
        "La traducción e interpretación deben presupuestarse desde la formulación.",
        "Los actores locales aportan continuidad cuando cambian los equipos municipales.",
        "Medir la línea de base antes del intercambio permitió demostrar resultados ante el Cabildo.",
        "Las reuniones virtuales sostienen la relación, pero una visita al año es clave para la confianza.",
    ),
    "pt": (
        "Envolver as secretarias finalísticas desde o início evita que o projeto dependa só da área internacional.",
        "A troca de gestão na contraparte atrasou o cronograma: convém um acordo técnico além do político.",
        "Tradução e interpretação devem ser orçadas desde a formulação.",
        "Os atores locais garantem continuidade quando as equipes municipais mudam.",
        "Medir a linha de base antes do intercâmbio permitiu demonstrar resultados à Câmara.",
        "Reuniões virtuais sustentam a relação, mas uma visita por ano é essencial para a confiança.",
    ),
}

MISSION_PURPOSES: dict[str, dict[str, str]] = {
    "es": {
        "mission": "Reuniones de trabajo con {city} y visitas a proyectos de {theme}; acordar el plan de trabajo del próximo año.",
        "delegation": "Recibir a la delegación de {city}, presentar los programas municipales de {theme} y acordar próximos pasos.",
    },
    "pt": {
        "mission": "Reuniões de trabalho com {city} e visitas a projetos de {theme}; combinar o plano de trabalho do próximo ano.",
        "delegation": "Receber a delegação de {city}, apresentar os programas municipais de {theme} e combinar os próximos passos.",
    },
}

COMMITMENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "es": {
        "mission": (
            "Enviar la minuta de la misión a {city}",
            "Compartir con {city} el reglamento municipal de {theme}",
            "Proponer a {city} fechas para la visita de retorno",
            "Elaborar el informe de la misión para el Cabildo",
            "Presentar una propuesta de proyecto conjunto a {city}",
        ),
        "delegation": (
            "Enviar a {city} la memoria fotográfica de la visita",
            "Preparar para {city} la ficha técnica del programa visitado",
            "Confirmar con {city} el calendario del intercambio técnico",
        ),
        "agreement": (
            "Presentar el informe anual de seguimiento del acuerdo",
            "Convocar la comisión mixta de seguimiento",
            "Actualizar el plan de trabajo con {city}",
        ),
        "meeting": (
            "Enviar a {city} los datos de contacto del equipo técnico",
            "Revisar con el área jurídica el borrador enviado por la contraparte",
        ),
    },
    "pt": {
        "mission": (
            "Enviar a ata da missão para {city}",
            "Compartilhar com {city} o regulamento municipal de {theme}",
            "Combinar com {city} as datas da visita de retorno",
            "Elaborar o relatório da missão para a Câmara Municipal",
            "Apresentar uma proposta de projeto conjunto para {city}",
        ),
        "delegation": (
            "Enviar o registro fotográfico da visita para {city}",
            "Preparar para {city} a ficha técnica do programa visitado",
            "Confirmar com {city} o cronograma do intercâmbio técnico",
        ),
        "agreement": (
            "Apresentar o relatório anual de acompanhamento do acordo",
            "Convocar a comissão mista de acompanhamento",
            "Atualizar o plano de trabalho com {city}",
        ),
        "meeting": (
            "Enviar os contatos da equipe técnica para {city}",
            "Revisar com a Procuradoria a minuta enviada pela contraparte",
        ),
    },
}

MEETINGS: dict[str, str] = {
    "es": "Reunión de trabajo con {city} ({date})",
    "pt": "Reunião de trabalho com {city} ({date})",
}

BUDGET_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "es": {
        FundingSource.OWN: "Presupuesto municipal, partida {department}",
        FundingSource.NATIONAL: "Aportación federal",
        FundingSource.INTERNATIONAL: "Subvención de cooperación internacional",
        FundingSource.PARTNER: "Aportación de la contraparte",
        FundingSource.PRIVATE: "Patrocinio privado",
        "in_kind": "Horas de personal técnico y espacios (en especie)",
    },
    "pt": {
        FundingSource.OWN: "Orçamento municipal, dotação {department}",
        FundingSource.NATIONAL: "Transferência federal",
        FundingSource.INTERNATIONAL: "Subvenção de cooperação internacional",
        FundingSource.PARTNER: "Contrapartida do parceiro",
        FundingSource.PRIVATE: "Patrocínio privado",
        "in_kind": "Horas de equipe técnica e espaços (contrapartida em espécie)",
    },
}

PARTICIPATION_NOTES: dict[str, dict[str, str]] = {
    "es": {
        "participant": "Participa en las actividades principales.",
        "co_organiser": "Co-organiza la agenda y la convocatoria local.",
        "implementer": "Ejecuta componentes del proyecto en territorio.",
        "funder": "Aporta recursos económicos o en especie.",
        "beneficiary": "Población beneficiaria de la acción.",
        "advisor": "Asesoría técnica y revisión de resultados.",
    },
    "pt": {
        "participant": "Participa das atividades principais.",
        "co_organiser": "Co-organiza a agenda e a mobilização local.",
        "implementer": "Executa componentes do projeto no território.",
        "funder": "Aporta recursos financeiros ou em espécie.",
        "beneficiary": "Público beneficiário da ação.",
        "advisor": "Assessoria técnica e revisão dos resultados.",
    },
}

TAGS: dict[str, dict[str, tuple[str, ...]]] = {
    "es": {
        "partner": ("prioridad estratégica", "hermanamiento", "Iberoamérica", "Norteamérica", "Europa", "Asia-Pacífico"),
        "action": ("Agenda 2030", "juventud", "cooperación sur-sur", "financiamiento externo", "igualdad de género"),
        "agreement": ("requiere dictamen SRE", "renovación", "hermanamiento"),
    },
    "pt": {
        "partner": ("prioridade estratégica", "irmandade", "América do Sul", "lusofonia", "Europa", "Ásia"),
        "action": ("Agenda 2030", "juventude", "cooperação sul-sul", "financiamento externo", "igualdade de gênero"),
        "agreement": ("consulta ao Itamaraty", "renovação", "irmandade"),
    },
}  # fmt: skip


# --- Per-government content ------------------------------------------------------------------

GOVERNMENT_DATA: dict[str, dict[str, Any]] = {
    "villa-esperanza": {
        "language": "es",
        "short": "Villa Esperanza",
        "domain": "villaesperanza.example.org",
        "departments": {
            "international": "Oficina de Relaciones Internacionales",
            "culture": "Cultura",
            "economy": "Desarrollo Económico",
            "environment": "Medio Ambiente",
            "education": "Oficina de Relaciones Internacionales",
        },
        # (from, name, "f"|"m") — municipal terms in Jalisco start on 1 October
        "mayors": (
            ((2015, 10, 1), "Ing. Roberto Salcedo Ibarra", "m"),
            ((2018, 10, 1), "Mtra. Lucía Fernández Ortega", "f"),
            ((2021, 10, 1), "Lic. Andrés Camarena Ruiz", "m"),
            ((2024, 10, 1), "Dra. Patricia Lomelí Arana", "f"),
        ),
        "mayor_position": ("Presidente Municipal", "Presidenta Municipal"),
        "staff": (
            ("Mariana Ochoa Preciado", "Directora de Relaciones Internacionales", "international"),
            ("Héctor Gallardo Núñez", "Coordinador de Cooperación Internacional", "international"),
            ("Daniela Ruvalcaba Torres", "Analista de Proyectos Internacionales", "international"),
            ("Jesús Alberto Mora Lira", "Director de Cultura", "culture"),
            ("Alejandra Zúñiga Becerra", "Directora de Promoción Económica", "economy"),
            ("Fernando Esparza Ibarra", "Director de Medio Ambiente", "environment"),
            ("Rocío Haro Delgado", "Jefa de Gestión de Residuos", "environment"),
            ("Luis Enrique Padilla", "Coordinador de Comunicación Social", "international"),
        ),
        "funders": {
            FundingSource.OWN: ("Municipio de Villa Esperanza",),
            FundingSource.NATIONAL: (
                "Agencia Mexicana de Cooperación Internacional para el Desarrollo (AMEXCID)",
                "Secretaría de Economía",
                "Gobierno del Estado de Jalisco",
            ),
            FundingSource.INTERNATIONAL: (
                "Unión Europea — Programa de Cooperación Urbana Internacional",
                "Banco Interamericano de Desarrollo (BID)",
                "Agencia Alemana de Cooperación (GIZ)",
                "ONU-Hábitat",
            ),
            FundingSource.PRIVATE: (
                "Cámara de Comercio de Villa Esperanza",
                "Tequilera Los Agaves S.A. de C.V.",
                "Fundación Comunitaria de Occidente",
            ),
        },
        "registration": {
            "authority": "Secretaría de Relaciones Exteriores — Consultoría Jurídica",
            "prefix": "SRE-AI",
            "opinion": "Dictamen de procedencia favorable; se inscribe en el Registro de Acuerdos Interinstitucionales.",
            "observed": "La SRE solicita precisar las obligaciones financieras de las partes.",
        },
        "legal_basis": "Artículo 115 de la Constitución Política de los Estados Unidos Mexicanos; Ley del Gobierno y la Administración Pública Municipal del Estado de Jalisco; Ley sobre la Celebración de Tratados; acuerdo de Ayuntamiento {number}/{year}.",
        "city_partners": (
            CityPartner("US", "San Antonio", "San Antonio", "Ciudad de San Antonio, Texas"),
            CityPartner("US", "Tucson", "Tucson", "Ciudad de Tucson, Arizona"),
            CityPartner("US", "Sacramento", "Sacramento", "Ciudad de Sacramento, California"),
            CityPartner("US", "Albuquerque", "Albuquerque", "Ciudad de Albuquerque, Nuevo México"),
            CityPartner("CA", "Winnipeg", "Winnipeg", "Ciudad de Winnipeg"),
            CityPartner("ES", "Zaragoza", "Zaragoza", "Ayuntamiento de Zaragoza"),
            CityPartner("ES", "Bilbao", "Bilbao", "Ayuntamiento de Bilbao"),
            CityPartner("ES", "Málaga", "Málaga", "Ayuntamiento de Málaga"),
            CityPartner("FR", "Lille", "Lille", "Ciudad de Lille"),
            CityPartner("FR", "Nantes", "Nantes", "Ciudad de Nantes"),
            CityPartner("IT", "Bologna", "Bolonia", "Municipio de Bolonia"),
            CityPartner("IT", "Turin", "Turín", "Ciudad de Turín"),
            CityPartner("DE", "Freiburg", "Friburgo", "Ciudad de Friburgo de Brisgovia"),
            CityPartner("DE", "Leipzig", "Leipzig", "Ciudad de Leipzig"),
            CityPartner("PT", "Porto", "Oporto", "Cámara Municipal de Oporto"),
            CityPartner("CO", "Medellín", "Medellín", "Alcaldía de Medellín"),
            CityPartner("CO", "Manizales", "Manizales", "Alcaldía de Manizales"),
            CityPartner("AR", "Rosario", "Rosario", "Municipalidad de Rosario"),
            CityPartner("AR", "Córdoba", "Córdoba", "Municipalidad de Córdoba"),
            CityPartner("AR", "Mendoza", "Mendoza", "Municipalidad de la Ciudad de Mendoza"),
            CityPartner("CL", "Valparaíso", "Valparaíso", "Ilustre Municipalidad de Valparaíso"),
            CityPartner("CL", "Concepción", "Concepción", "Ilustre Municipalidad de Concepción"),
            CityPartner("PE", "Arequipa", "Arequipa", "Municipalidad Provincial de Arequipa"),
            CityPartner("GT", "Quetzaltenango", "Quetzaltenango", "Municipalidad de Quetzaltenango"),
            CityPartner("CU", "Camagüey", "Camagüey", "Asamblea Municipal del Poder Popular de Camagüey"),
            CityPartner("EC", "Cuenca", "Cuenca", "GAD Municipal de Cuenca"),
            CityPartner("BR", "Curitiba", "Curitiba", "Prefectura de Curitiba"),
            CityPartner("BR", "Porto Alegre", "Porto Alegre", "Prefectura de Porto Alegre"),
            CityPartner("JP", "Kanazawa", "Kanazawa", "Ciudad de Kanazawa"),
            CityPartner("KR", "Daejeon", "Daejeon", "Ciudad Metropolitana de Daejeon"),
            CityPartner("CN", "Chengdu", "Chengdu", "Gobierno Municipal de Chengdu"),
            CityPartner("NL", "Utrecht", "Utrecht", "Municipio de Utrecht"),
        ),
        "other_partners": (
            OtherPartner("national_government", "FR", "la Embajada de Francia", "Embajada de Francia en México", "Servicio de cooperación y acción cultural; apoya la cooperación descentralizada franco-mexicana."),
            OtherPartner("national_government", "ES", "la AECID", "Agencia Española de Cooperación Internacional para el Desarrollo (AECID)", "Cooperación española; convocatorias para gobiernos locales iberoamericanos."),
            OtherPartner("international_organisation", "", "ONU-Hábitat", "ONU-Hábitat — Oficina Regional para América Latina y el Caribe", "Programa de las Naciones Unidas para los Asentamientos Humanos; asistencia técnica en planeación urbana."),
            OtherPartner("university", "US", "la Universidad de Texas en San Antonio", "Universidad de Texas en San Antonio", "Convenios de movilidad estudiantil y estudios urbanos binacionales."),
            OtherPartner("civil_society", "ES", "Ciudades Sostenibles Sin Fronteras", "Ciudades Sostenibles Sin Fronteras", "Organización no gubernamental que acompaña proyectos de residuos y agua en América Latina."),
            OtherPartner("company", "ES", "Movilia Urban Solutions", "Movilia Urban Solutions S.L.", "Consultora de movilidad urbana; asistencia técnica en transporte público."),
            OtherPartner("foundation", "ES", "la Fundación Iberoamericana para el Desarrollo Local", "Fundación Iberoamericana para el Desarrollo Local", "Fundación que financia formación e intercambios entre municipios iberoamericanos."),
            OtherPartner("city_network", "", "CGLU", "Ciudades y Gobiernos Locales Unidos (CGLU)", "Organización mundial de gobiernos locales y regionales.", "uclg"),
        ),
        "actors": (
            LocalActorSpec("civil_society", "Colectivo Barrios Vivos A.C.", "Organización vecinal que impulsa la recuperación de espacios públicos.", "Itzel Camacho"),
            LocalActorSpec("civil_society", "Red de Mujeres Emprendedoras de Villa Esperanza", "Red de 300 emprendedoras con programas de formación y mercados.", "Guadalupe Rentería"),
            LocalActorSpec("civil_society", "Fundación Agua Limpia Jalisco", "Promueve el acceso al agua segura en colonias periféricas.", "Óscar Villaseñor"),
            LocalActorSpec("civil_society", "Consejo Vecinal del Centro Histórico", "Instancia de participación del centro histórico.", "Teresa Aguayo"),
            LocalActorSpec("civil_society", "Asociación de Recicladores Unidos", "Cooperativa de recicladores de base.", "Ramón Sandoval"),
            LocalActorSpec("academia", "Universidad Tecnológica de Villa Esperanza", "Universidad pública con carreras en TI, energías renovables y logística.", "Dra. Elena Cuevas"),
            LocalActorSpec("academia", "Instituto de Estudios Urbanos de Occidente", "Centro de investigación en planeación y vivienda.", "Dr. Raúl Hinojosa"),
            LocalActorSpec("academia", "Centro de Investigación en Agua y Clima", "Laboratorio de calidad del agua y modelación climática.", "Mtra. Sofía Urrea"),
            LocalActorSpec("academia", "Escuela Normal Superior de Villa Esperanza", "Formación de docentes de educación básica.", "Mtro. Gilberto Partida"),
            LocalActorSpec("private_sector", "Cámara de Comercio de Villa Esperanza", "Representa a 1 800 comercios y servicios.", "Arturo Ledezma"),
            LocalActorSpec("private_sector", "Clúster de Tecnologías de la Información de Occidente", "Agrupa a 45 empresas de software y servicios digitales.", "Karla Medina"),
            LocalActorSpec("private_sector", "Asociación de Hoteles de Villa Esperanza", "Hotelería y servicios turísticos.", "Javier Altamirano"),
            LocalActorSpec("private_sector", "Tequilera Los Agaves S.A. de C.V.", "Empresa exportadora con presencia en 12 países.", "Beatriz Orozco"),
            LocalActorSpec("diaspora", "Club de Migrantes Villa Esperanza en Los Ángeles", "Club de paisanos que apoya obras comunitarias en el municipio.", "Efraín Rosales"),
            LocalActorSpec("diaspora", "Federación de Clubes Jaliscienses en Texas", "Federación de clubes de migrantes jaliscienses.", "Norma Ibarra"),
            LocalActorSpec("media", "Radio Esperanza 98.7 FM", "Radio comunitaria con programación cultural.", "Ulises Barajas"),
            LocalActorSpec("media", "Diario El Vigía de Villa Esperanza", "Periódico local impreso y digital.", "Adriana Pulido"),
            LocalActorSpec("public_body", "Instituto Municipal de las Mujeres", "Organismo público descentralizado para la igualdad de género.", "Lic. Mónica Aceves"),
            LocalActorSpec("public_body", "Sistema DIF Villa Esperanza", "Asistencia social a familias, niñez y personas mayores.", "Lic. Rodrigo Cervantes"),
            LocalActorSpec("public_body", "Comisión Estatal del Agua — Delegación Regional", "Organismo estatal responsable de infraestructura hidráulica.", "Ing. Saúl Macías"),
        ),
        "networks": (
            NetworkSpec("uclg", "Ciudades y Gobiernos Locales Unidos", "CGLU", "global", "https://www.uclg.org/es", "Red mundial de gobiernos locales y regionales.", 2016, "active", 62000, "international",
                        ("Comisión de Cultura", "Comunidad de práctica de Movilidad"),
                        "Cuestionario anual de localización de los ODS (marzo).", (("Miembro del Consejo Mundial", "mayor", 2022, 2026),)),
            NetworkSpec("flacma", "Federación Latinoamericana de Ciudades, Municipios y Asociaciones de Gobiernos Locales", "FLACMA", "regional", "https://www.flacma.lat", "Federación regional de municipios de América Latina.", 2014, "active", 35000, "international",
                        ("Comisión de Fortalecimiento Municipal",),
                        "Informe de actividades para la Asamblea anual.", (("Vicepresidencia regional para México", "mayor", 2023, 2025),)),
            NetworkSpec("metropolis", "Asociación Mundial de las Grandes Metrópolis", "Metropolis", "global", "https://www.metropolis.org", "Red de gobiernos metropolitanos.", 2020, "active", 48000, "environment",
                        ("Iniciativa de Gobernanza Metropolitana", "Igualdad de género en las metrópolis"),
                        "Aportes al observatorio metropolitano cada dos años.", ()),
            NetworkSpec("iclei", "ICLEI — Gobiernos Locales por la Sustentabilidad", "ICLEI", "thematic", "https://iclei.org", "Red de gobiernos locales comprometidos con el desarrollo sostenible.", 2024, "applying", 28500, "environment",
                        ("Ciudades resilientes", "Economía circular"),
                        "Reporte anual de emisiones en la plataforma CDP-ICLEI.", ()),
            NetworkSpec("aice", "Asociación Internacional de Ciudades Educadoras", "AICE", "thematic", "https://www.edcities.org/es", "Red de ciudades comprometidas con la Carta de Ciudades Educadoras.", 2012, "ended", 12000, "international",
                        ("Red Mexicana de Ciudades Educadoras",),
                        "Registro de experiencias en el Banco Internacional de Documentos.", ()),
        ),
    },
    "rio-claro-do-sul": {
        "language": "pt",
        "short": "Rio Claro do Sul",
        "domain": "rioclarodosul.example.org",
        "departments": {
            "international": "Secretaria de Relações Internacionais",
            "culture": "Secretaria de Relações Internacionais",
            "economy": "Secretaria de Relações Internacionais",
            "environment": "Secretaria de Meio Ambiente",
            "education": "Secretaria de Educação",
        },
        # municipal terms in Brazil start on 1 January
        "mayors": (
            ((2013, 1, 1), "Carlos Eduardo Brum", "m"),
            ((2017, 1, 1), "Paulo Roberto Campos", "m"),
            ((2021, 1, 1), "Marina Toledo Reis", "f"),
            ((2025, 1, 1), "Jorge Luiz Fagundes", "m"),
        ),
        "mayor_position": ("Prefeito Municipal", "Prefeita Municipal"),
        "staff": (
            ("Camila Ferreira Dutra", "Secretária de Relações Internacionais", "international"),
            ("Rafael Bittencourt", "Coordenador de Cooperação Internacional", "international"),
            ("Priscila Zanella", "Analista de Projetos Internacionais", "international"),
            ("Leandro Schmitt", "Assessor de Captação de Recursos", "international"),
            ("Juliana Kern", "Secretária de Educação", "education"),
            ("Eduardo Pacheco", "Coordenador de Intercâmbios Escolares", "education"),
            ("Simone Lemos", "Secretária de Meio Ambiente", "environment"),
            ("Gustavo Rech", "Engenheiro Ambiental", "environment"),
        ),
        "funders": {
            FundingSource.OWN: ("Prefeitura de Rio Claro do Sul",),
            FundingSource.NATIONAL: (
                "Agência Brasileira de Cooperação (ABC)",
                "Ministério das Cidades",
                "Governo do Estado do Rio Grande do Sul",
            ),
            FundingSource.INTERNATIONAL: (
                "União Europeia — Programa de Cooperação Urbana Internacional",
                "Banco de Desenvolvimento da América Latina (CAF)",
                "FONPLATA",
                "ONU-Habitat",
            ),
            FundingSource.PRIVATE: (
                "Associação Comercial e Industrial de Rio Claro do Sul",
                "Cooperativa Vinícola Serra Clara",
                "Instituto Sicredi Vale do Rio Claro",
            ),
        },
        "registration": {
            "authority": "Ministério das Relações Exteriores — Assessoria Especial de Assuntos Federativos e Parlamentares (AFEPA)",
            "prefix": "MRE-AFEPA",
            "opinion": "Manifestação favorável; registrado no cadastro de atos internacionais de entes federados.",
            "observed": "O Itamaraty solicita ajustar a cláusula de solução de controvérsias.",
        },
        "legal_basis": "Lei Orgânica do Município de Rio Claro do Sul; autorização legislativa pela Lei Municipal nº {number}/{year}.",
        "city_partners": (
            CityPartner("PT", "Braga", "Braga", "Câmara Municipal de Braga"),
            CityPartner("PT", "Coimbra", "Coimbra", "Câmara Municipal de Coimbra"),
            CityPartner("PT", "Aveiro", "Aveiro", "Câmara Municipal de Aveiro"),
            CityPartner("PT", "Guimarães", "Guimarães", "Câmara Municipal de Guimarães"),
            CityPartner("AR", "Rosario", "Rosário", "Municipalidade de Rosário"),
            CityPartner("AR", "Córdoba", "Córdoba", "Municipalidade de Córdoba"),
            CityPartner("AR", "Paraná", "Paraná", "Municipalidade de Paraná"),
            CityPartner("AR", "Corrientes", "Corrientes", "Municipalidade de Corrientes"),
            CityPartner("UY", "Salto", "Salto", "Intendência de Salto"),
            CityPartner("UY", "Paysandú", "Paysandú", "Intendência de Paysandú"),
            CityPartner("UY", "Rivera", "Rivera", "Intendência de Rivera"),
            CityPartner("PY", "Encarnación", "Encarnación", "Municipalidade de Encarnación"),
            CityPartner("PY", "Ciudad del Este", "Ciudad del Este", "Municipalidade de Ciudad del Este"),
            CityPartner("CL", "Valparaíso", "Valparaíso", "Município de Valparaíso"),
            CityPartner("CL", "Temuco", "Temuco", "Município de Temuco"),
            CityPartner("BO", "Cochabamba", "Cochabamba", "Governo Autônomo Municipal de Cochabamba"),
            CityPartner("CO", "Medellín", "Medellín", "Prefeitura de Medellín"),
            CityPartner("MX", "Puebla", "Puebla", "Município de Puebla"),
            CityPartner("IT", "Padua", "Pádua", "Município de Pádua"),
            CityPartner("IT", "Trento", "Trento", "Município de Trento"),
            CityPartner("DE", "Bremen", "Bremen", "Cidade Livre Hanseática de Bremen"),
            CityPartner("ES", "Vigo", "Vigo", "Concello de Vigo"),
            CityPartner("ES", "Santiago de Compostela", "Santiago de Compostela", "Concello de Santiago de Compostela"),
            CityPartner("FR", "Grenoble", "Grenoble", "Cidade de Grenoble"),
            CityPartner("AO", "Benguela", "Benguela", "Administração Municipal de Benguela"),
            CityPartner("MZ", "Maputo", "Maputo", "Conselho Municipal de Maputo"),
            CityPartner("CV", "Mindelo", "Mindelo", "Câmara Municipal de São Vicente (Mindelo)"),
            CityPartner("JP", "Hamamatsu", "Hamamatsu", "Cidade de Hamamatsu"),
            CityPartner("CN", "Qingdao", "Qingdao", "Governo Municipal de Qingdao"),
            CityPartner("US", "Newark", "Newark", "Cidade de Newark, Nova Jersey"),
            CityPartner("CA", "Hamilton", "Hamilton", "Cidade de Hamilton, Ontário"),
            CityPartner("NL", "Rotterdam", "Roterdã", "Município de Roterdã"),
        ),
        "other_partners": (
            OtherPartner("national_government", "PT", "a Embaixada de Portugal", "Embaixada de Portugal no Brasil", "Apoia a cooperação entre municípios portugueses e brasileiros."),
            OtherPartner("national_government", "IT", "o Consulado-Geral da Itália", "Consulado-Geral da Itália em Porto Alegre", "Cooperação cultural e econômica com a comunidade ítalo-gaúcha."),
            OtherPartner("international_organisation", "", "o ONU-Habitat", "ONU-Habitat — Escritório Regional para a América Latina e o Caribe", "Programa das Nações Unidas para os Assentamentos Humanos; assistência técnica em planejamento urbano."),
            OtherPartner("university", "PT", "a Universidade de Coimbra", "Universidade de Coimbra", "Convênios de mobilidade acadêmica e pesquisa em políticas urbanas."),
            OtherPartner("civil_society", "PT", "a Rede Lusófona de Cidades Sustentáveis", "Rede Lusófona de Cidades Sustentáveis", "Organização não governamental que apoia projetos de resíduos e água em países de língua portuguesa."),
            OtherPartner("company", "PT", "a Hidrovia Soluções Ambientais", "Hidrovia Soluções Ambientais Lda.", "Consultoria em saneamento e drenagem urbana."),
            OtherPartner("foundation", "ES", "a Fundação Ibero-Americana para o Desenvolvimento Local", "Fundação Ibero-Americana para o Desenvolvimento Local", "Financia formação e intercâmbios entre municípios ibero-americanos."),
            OtherPartner("city_network", "UY", "a Mercocidades", "Mercocidades", "Principal rede de cidades do Mercosul; Secretaria Técnica Permanente em Montevidéu.", "mercociudades"),
        ),
        "actors": (
            LocalActorSpec("civil_society", "Associação de Catadores Recicla Sul", "Cooperativa de catadores de materiais recicláveis.", "Sebastião Lima"),
            LocalActorSpec("civil_society", "Coletivo Mulheres do Vale", "Coletivo feminista de geração de renda e formação.", "Daniela Prates"),
            LocalActorSpec("civil_society", "Instituto Guardiões do Arroio", "ONG de recuperação de arroios e educação ambiental.", "Márcio Weber"),
            LocalActorSpec("civil_society", "Fórum Municipal da Juventude", "Espaço de participação de jovens de 15 a 29 anos.", "Larissa Quadros"),
            LocalActorSpec("civil_society", "Associação Cultural Quilombo Vivo", "Promove a cultura afro-gaúcha e a memória quilombola.", "Vera Lúcia Santos"),
            LocalActorSpec("academia", "Universidade Federal de Rio Claro do Sul", "Universidade pública com forte pesquisa em agroecologia e engenharias.", "Profa. Helena Bortolini"),
            LocalActorSpec("academia", "Instituto Federal Sul-Rio-Grandense — Campus Rio Claro", "Educação profissional e tecnológica.", "Prof. André Lazzari"),
            LocalActorSpec("academia", "Centro de Estudos Urbanos do Pampa", "Núcleo de pesquisa em planejamento urbano e regional.", "Dr. Otávio Menezes"),
            LocalActorSpec("academia", "Escola Técnica Estadual Santa Clara", "Cursos técnicos em meio ambiente e informática.", "Profa. Rosângela Vieira"),
            LocalActorSpec("private_sector", "Associação Comercial e Industrial de Rio Claro do Sul", "Representa 900 empresas do município.", "Fábio Grando"),
            LocalActorSpec("private_sector", "Polo Tecnológico do Vale do Rio Claro", "Parque tecnológico com 30 empresas incubadas.", "Tatiane Boff"),
            LocalActorSpec("private_sector", "Cooperativa Vinícola Serra Clara", "Cooperativa de 250 famílias produtoras de uva e vinho.", "Giovani Zanotto"),
            LocalActorSpec("private_sector", "Sindicato de Hotéis, Restaurantes, Bares e Similares", "Representa o setor de hospitalidade.", "Cristiane Muller"),
            LocalActorSpec("diaspora", "Associação de Rio-Clarenses no Japão", "Rede de famílias rio-clarenses em Hamamatsu e arredores.", "Kátia Nakamura"),
            LocalActorSpec("diaspora", "Comunidade Haitiana de Rio Claro do Sul", "Associação de migrantes haitianos residentes no município.", "Jean-Baptiste Pierre"),
            LocalActorSpec("media", "Rádio Comunitária Voz do Vale 104,9 FM", "Rádio comunitária com programação cultural e de serviço.", "Alceu Ribeiro"),
            LocalActorSpec("media", "Jornal O Correio Rio-Clarense", "Jornal local impresso e digital.", "Sandra Pires"),
            LocalActorSpec("public_body", "Câmara Municipal de Rio Claro do Sul", "Poder Legislativo municipal.", "Ver. Antônio Carlos Dias"),
            LocalActorSpec("public_body", "Fundação Municipal de Cultura", "Fundação pública responsável pela política cultural.", "Luciana Farias"),
            LocalActorSpec("public_body", "Departamento Municipal de Água e Esgotos", "Autarquia de saneamento do município.", "Eng. Roberto Sperb"),
        ),
        "networks": (
            NetworkSpec("uclg", "Cidades e Governos Locais Unidos", "CGLU", "global", "https://www.uclg.org/pt", "Rede mundial de governos locais e regionais.", 2017, "active", 14500, "international",
                        ("Comissão de Inclusão Social, Democracia Participativa e Direitos Humanos",),
                        "Questionário anual de localização dos ODS (março).", ()),
            NetworkSpec("mercociudades", "Mercocidades", "Mercocidades", "regional", "https://mercociudades.org/pt-br", "Rede de cidades do Mercosul e países associados.", 2009, "active", 9800, "international",
                        ("Unidade Temática de Educação", "Unidade Temática de Ambiente e Desenvolvimento Sustentável", "Comissão de Direitos Humanos"),
                        "Relatório anual à Secretaria Técnica Permanente (novembro).",
                        (("Coordenação da Unidade Temática de Educação", "Juliana Kern", 2023, 2025), ("Conselho da Rede", "mayor", 2019, 2020))),
            NetworkSpec("flacma", "Federação Latino-Americana de Cidades, Municípios e Associações de Governos Locais", "FLACMA", "regional", "https://www.flacma.lat", "Federação regional de municípios da América Latina.", 2015, "suspended", 6500, "international",
                        ("Comissão de Fortalecimento Municipal",),
                        "Relatório de atividades para a Assembleia anual.", ()),
            NetworkSpec("iclei", "ICLEI — Governos Locais pela Sustentabilidade", "ICLEI", "thematic", "https://iclei.org/pt", "Rede de governos locais comprometidos com o desenvolvimento sustentável.", 2019, "active", 8200, "environment",
                        ("Cidades resilientes", "Soluções baseadas na natureza"),
                        "Relato anual de emissões na plataforma CDP-ICLEI.", (("Representação no Comitê Regional", "Simone Lemos", 2022, None),)),
            NetworkSpec("aice", "Associação Internacional de Cidades Educadoras", "AICE", "thematic", "https://www.edcities.org/pt", "Rede de cidades comprometidas com a Carta das Cidades Educadoras.", 2014, "active", 3900, "education",
                        ("Rede Brasileira de Cidades Educadoras",),
                        "Registro de experiências no Banco Internacional de Documentos.", ()),
        ),
    },
}  # fmt: skip

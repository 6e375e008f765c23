"""The words of the synthetic network: places, people, organisations and titles in Spanish,
Portuguese, French and English, with their accents, and the same city names in several
countries (a Córdoba in Argentina, in Spain and in Mexico). The generator draws from these
lists with a seeded random generator; nothing here is random itself.

The texts are data (fictional content of fictional governments), not interface strings:
they are not translated.
"""

from __future__ import annotations

from typing import Final

LANGUAGES: Final = ("es", "pt", "fr", "en")

# City names, and the countries (ISO 3166-1 alpha-2, as django-countries stores them) where a
# place of that name exists. Several names are shared between countries on purpose.
CITIES: Final[dict[str, tuple[tuple[str, tuple[str, ...]], ...]]] = {
    "es": (
        ("San José", ("CR", "UY", "AR")),
        ("Santiago", ("CL", "ES", "DO")),
        ("Córdoba", ("AR", "ES", "MX")),
        ("Mérida", ("MX", "ES", "VE")),
        ("León", ("MX", "ES", "NI")),
        ("Valencia", ("ES", "VE")),
        ("Guadalajara", ("MX", "ES")),
        ("Trujillo", ("PE", "ES", "HN")),
        ("Santa Cruz", ("BO", "ES")),
        ("Cartagena", ("CO", "ES")),
        ("Medellín", ("CO",)),
        ("Bogotá", ("CO",)),
        ("Montevideo", ("UY",)),
        ("Rosario", ("AR", "UY")),
        ("Concepción", ("CL", "PY")),
        ("Granada", ("ES", "NI")),
        ("La Paz", ("BO", "MX")),
        ("San Fernando", ("AR", "ES", "CL")),
        ("Valparaíso", ("CL",)),
        ("Cuenca", ("EC", "ES")),
        ("Salamanca", ("ES", "MX")),
        ("Barcelona", ("ES", "VE")),
        ("Málaga", ("ES", "CO")),
        ("Cádiz", ("ES",)),
        ("Logroño", ("ES",)),
        ("Asunción", ("PY",)),
        ("Quetzaltenango", ("GT",)),
        ("Puebla", ("MX",)),
    ),
    "pt": (
        ("São Paulo", ("BR",)),
        ("Porto Alegre", ("BR",)),
        ("Belo Horizonte", ("BR",)),
        ("Lisboa", ("PT",)),
        ("Porto", ("PT",)),
        ("Braga", ("PT",)),
        ("Coimbra", ("PT",)),
        ("Viana", ("PT", "AO")),
        ("Santarém", ("PT", "BR")),
        ("Bragança", ("PT", "BR")),
        ("Maputo", ("MZ",)),
        ("Luanda", ("AO",)),
        ("Praia", ("CV",)),
        ("Bissau", ("GW",)),
        ("São Tomé", ("ST",)),
        ("Belém", ("BR",)),
        ("Niterói", ("BR",)),
        ("Florianópolis", ("BR",)),
        ("Recife", ("BR",)),
        ("Óbidos", ("PT", "BR")),
        ("Guimarães", ("PT",)),
        ("Maringá", ("BR",)),
    ),
    "fr": (
        ("Saint-Denis", ("FR", "RE")),
        ("Saint-Étienne", ("FR",)),
        ("Montréal", ("CA",)),
        ("Québec", ("CA",)),
        ("Lyon", ("FR",)),
        ("Bordeaux", ("FR",)),
        ("Dakar", ("SN",)),
        ("Abidjan", ("CI",)),
        ("Bamako", ("ML",)),
        ("Ouagadougou", ("BF",)),
        ("Liège", ("BE",)),
        ("Namur", ("BE",)),
        ("Genève", ("CH",)),
        ("Lausanne", ("CH",)),
        ("Tunis", ("TN",)),
        ("Rabat", ("MA",)),
        ("Sherbrooke", ("CA",)),
        ("Saint-Louis", ("SN", "FR")),
        ("Nîmes", ("FR",)),
        ("Cotonou", ("BJ",)),
        ("Lomé", ("TG",)),
        ("Besançon", ("FR",)),
    ),
    "en": (
        ("Cambridge", ("GB", "US")),
        ("Birmingham", ("GB", "US")),
        ("Perth", ("AU", "GB")),
        ("London", ("GB", "CA")),
        ("Hamilton", ("CA", "NZ", "GB")),
        ("Richmond", ("US", "GB", "CA")),
        ("Manchester", ("GB", "US")),
        ("Kingston", ("JM", "CA", "GB")),
        ("Durban", ("ZA",)),
        ("Nairobi", ("KE",)),
        ("Accra", ("GH",)),
        ("Melbourne", ("AU", "US")),
        ("Wellington", ("NZ", "ZA")),
        ("Victoria", ("CA", "SC")),
        ("Bristol", ("GB", "US")),
        ("Cork", ("IE",)),
        ("Galway", ("IE",)),
        ("Kampala", ("UG",)),
    ),
}

# Languages spoken officially besides the main one, by country (a few, for realism).
EXTRA_LANGUAGES: Final[dict[str, tuple[str, ...]]] = {
    "CA": ("en", "fr"),
    "BE": ("nl", "de"),
    "CH": ("de", "it"),
    "ES": ("ca",),
    "ZA": ("af",),
    "KE": ("sw",),
    "MA": ("ar",),
    "TN": ("ar",),
    "IE": ("ga",),
}

CURRENCIES: Final[dict[str, str]] = {
    "AR": "ARS", "BO": "BOB", "BR": "BRL", "CL": "CLP", "CO": "COP", "CR": "CRC", "DO": "DOP",
    "EC": "USD", "ES": "EUR", "GT": "GTQ", "HN": "HNL", "MX": "MXN", "NI": "NIO", "PE": "PEN",
    "PY": "PYG", "UY": "UYU", "VE": "USD", "PT": "EUR", "AO": "AOA", "MZ": "MZN", "CV": "CVE",
    "GW": "XOF", "ST": "STN", "FR": "EUR", "RE": "EUR", "CA": "CAD", "SN": "XOF", "CI": "XOF",
    "ML": "XOF", "BF": "XOF", "BE": "EUR", "CH": "CHF", "TN": "TND", "MA": "MAD", "BJ": "XOF",
    "TG": "XOF", "GB": "GBP", "US": "USD", "AU": "AUD", "NZ": "NZD", "JM": "JMD", "ZA": "ZAR",
    "KE": "KES", "GH": "GHS", "SC": "SCR", "IE": "EUR", "UG": "UGX",
}  # fmt: skip

# A government's name from its city, by language and kind ("municipality", "regional"…).
GOVERNMENT_NAMES: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "es": (
        ("municipality", "Municipalidad de {city}"),
        ("municipality", "Ayuntamiento de {city}"),
        ("municipality", "Alcaldía de {city}"),
        ("municipality", "Intendencia de {city}"),
        ("intermediate", "Diputación de {city}"),
        ("regional", "Gobierno Regional de {city}"),
        ("metropolitan", "Área Metropolitana de {city}"),
    ),
    "pt": (
        ("municipality", "Prefeitura de {city}"),
        ("municipality", "Câmara Municipal de {city}"),
        ("municipality", "Prefeitura Municipal de {city}"),
        ("metropolitan", "Região Metropolitana de {city}"),
        ("regional", "Governo Regional de {city}"),
    ),
    "fr": (
        ("municipality", "Ville de {city}"),
        ("municipality", "Mairie de {city}"),
        ("municipality", "Commune de {city}"),
        ("metropolitan", "Métropole de {city}"),
        ("intermediate", "Conseil départemental de {city}"),
        ("regional", "Région de {city}"),
    ),
    "en": (
        ("municipality", "City of {city}"),
        ("municipality", "{city} City Council"),
        ("intermediate", "{city} County Council"),
        ("metropolitan", "Greater {city} Authority"),
        ("regional", "{city} Regional Government"),
    ),
}

DEPARTMENTS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "es": (
        ("Relaciones Internacionales", "RRII"),
        ("Medio Ambiente", "MA"),
        ("Cultura", ""),
        ("Desarrollo Económico", "DE"),
        ("Movilidad Urbana", ""),
        ("Educación", ""),
        ("Salud Pública", ""),
        ("Turismo", ""),
        ("Igualdad y Diversidad", ""),
        ("Participación Ciudadana", "PC"),
    ),
    "pt": (
        ("Relações Internacionais", "SMRI"),
        ("Meio Ambiente", "SMAM"),
        ("Cultura", ""),
        ("Desenvolvimento Econômico", "SMDE"),
        ("Mobilidade Urbana", ""),
        ("Educação", ""),
        ("Saúde", ""),
        ("Turismo", ""),
        ("Direitos Humanos", ""),
        ("Habitação", ""),
    ),
    "fr": (
        ("Relations internationales", "DRI"),
        ("Environnement", ""),
        ("Culture", ""),
        ("Développement économique", "DDE"),
        ("Mobilité", ""),
        ("Éducation", ""),
        ("Santé", ""),
        ("Tourisme", ""),
        ("Égalité femmes-hommes", ""),
        ("Jeunesse et sports", ""),
    ),
    "en": (
        ("International Relations", "IRO"),
        ("Environment", ""),
        ("Culture and Heritage", ""),
        ("Economic Development", "EDD"),
        ("Transport", ""),
        ("Education", ""),
        ("Public Health", ""),
        ("Tourism", ""),
        ("Equality and Inclusion", ""),
        ("Housing", ""),
    ),
}

FIRST_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "es": ("María José", "José Luis", "Ana", "Lucía", "Íñigo", "Begoña", "Raúl", "Sofía",
           "Andrés", "Inés", "Joaquín", "Rocío", "Martín", "Ximena", "Álvaro", "Nuria"),
    "pt": ("João", "Maria", "Conceição", "Antônio", "Luís", "Fátima", "Gonçalo", "Inês",
           "Tânia", "Sebastião", "Ana Luíza", "Rogério", "Cecília", "Márcio"),
    "fr": ("Élodie", "François", "Hélène", "Jérôme", "Aïcha", "Mamadou", "Chloé", "Loïc",
           "Geneviève", "Noël", "Awa", "Théo", "Maëlle", "Ousmane"),
    "en": ("Emma", "Oliver", "Siobhán", "Liam", "Grace", "Kwame", "Priya", "Tom",
           "Chloe", "Niamh", "Jack", "Amara", "Sean", "Olivia"),
}  # fmt: skip

LAST_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "es": ("González", "Pérez", "Muñoz", "Núñez", "Ibáñez", "Rodríguez", "Fernández",
           "Gómez", "Sánchez", "Martínez", "Díaz", "Álvarez", "Peña", "Castaño"),
    "pt": ("Silva", "Santos", "Gonçalves", "Magalhães", "Araújo", "Conceição", "Simões",
           "Pereira", "Assunção", "Brandão", "Sá", "Lopes", "Frazão"),
    "fr": ("Lefèvre", "Dubois", "Girard", "Bérubé", "Côté", "Diallo", "Traoré", "Ndiaye",
           "Lévesque", "Mercier", "Benoît", "Faure", "Ouédraogo"),
    "en": ("Smith", "O'Brien", "Jones", "Mensah", "Patel", "Taylor", "Brown", "Okafor",
           "Walsh", "Murphy", "Evans", "Ng", "McDonald"),
}  # fmt: skip

TOPICS: Final[dict[str, tuple[str, ...]]] = {
    "es": ("gestión de residuos", "movilidad urbana", "agua y saneamiento", "igualdad de género",
           "turismo sostenible", "cambio climático", "economía social", "seguridad alimentaria",
           "patrimonio cultural", "juventud y empleo", "gobierno abierto", "vivienda social"),
    "pt": ("gestão de resíduos", "mobilidade urbana", "água e saneamento", "igualdade de gênero",
           "turismo sustentável", "mudança climática", "economia solidária", "segurança alimentar",
           "patrimônio cultural", "juventude e emprego", "orçamento participativo", "habitação"),
    "fr": ("gestion des déchets", "mobilité urbaine", "eau et assainissement",
           "égalité femmes-hommes", "tourisme durable", "changement climatique",
           "économie sociale et solidaire", "sécurité alimentaire", "patrimoine culturel",
           "jeunesse et emploi", "démocratie participative", "logement social"),
    "en": ("waste management", "urban mobility", "water and sanitation", "gender equality",
           "sustainable tourism", "climate change", "social economy", "food security",
           "cultural heritage", "youth employment", "open government", "affordable housing"),
}  # fmt: skip

# Action titles by language and modality; {topic}, {city} and {network} are filled in.
ACTION_TITLES: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "es": (
        ("decentralized_cooperation", "Proyecto de cooperación en {topic} con {city}"),
        ("technical_exchange", "Intercambio técnico sobre {topic} con {city}"),
        ("mission", "Misión técnica a {city}: {topic}"),
        ("delegation", "Recepción de la delegación de {city}"),
        ("event", "Foro internacional de {topic}"),
        ("network_activity", "Participación en la asamblea de {network}"),
        ("advocacy", "Posición común sobre {topic} ante {network}"),
        ("economic_promotion", "Misión empresarial a {city}"),
        ("culture", "Semana cultural de {city}"),
        ("training", "Curso de formación en {topic}"),
        ("emergency_aid", "Ayuda de emergencia a {city}"),
    ),
    "pt": (
        ("decentralized_cooperation", "Projeto de cooperação em {topic} com {city}"),
        ("technical_exchange", "Intercâmbio técnico sobre {topic} com {city}"),
        ("mission", "Missão técnica a {city}: {topic}"),
        ("delegation", "Recepção da delegação de {city}"),
        ("event", "Fórum internacional de {topic}"),
        ("network_activity", "Participação na assembleia de {network}"),
        ("advocacy", "Posição comum sobre {topic} junto a {network}"),
        ("economic_promotion", "Missão empresarial a {city}"),
        ("culture", "Semana cultural de {city}"),
        ("training", "Curso de capacitação em {topic}"),
        ("sport", "Torneio internacional de futebol com {city}"),
    ),
    "fr": (
        ("decentralized_cooperation", "Projet de coopération en {topic} avec {city}"),
        ("technical_exchange", "Échange technique sur {topic} avec {city}"),
        ("mission", "Mission technique à {city} : {topic}"),
        ("delegation", "Accueil de la délégation de {city}"),
        ("event", "Forum international sur {topic}"),
        ("network_activity", "Participation à l'assemblée de {network}"),
        ("advocacy", "Plaidoyer sur {topic} auprès de {network}"),
        ("economic_promotion", "Mission économique à {city}"),
        ("culture", "Saison culturelle de {city}"),
        ("training", "Formation en {topic}"),
        ("peace_migration", "Accueil des personnes réfugiées : échange avec {city}"),
    ),
    "en": (
        ("decentralized_cooperation", "Cooperation project on {topic} with {city}"),
        ("technical_exchange", "Peer learning on {topic} with {city}"),
        ("mission", "Technical mission to {city}: {topic}"),
        ("delegation", "Delegation from {city} received"),
        ("event", "International conference on {topic}"),
        ("network_activity", "{network} general assembly"),
        ("advocacy", "Joint statement on {topic} at {network}"),
        ("economic_promotion", "Trade mission to {city}"),
        ("tourism", "City brand campaign in {city}"),
        ("education", "Student exchange with {city}"),
        ("training", "Training course on {topic}"),
    ),
}

SUMMARIES: Final[dict[str, str]] = {
    "es": "Acción de {government} con {city} sobre {topic}.",
    "pt": "Ação de {government} com {city} sobre {topic}.",
    "fr": "Action de {government} avec {city} sur le thème : {topic}.",
    "en": "Action of {government} with {city} on {topic}.",
}

AGREEMENT_TITLES: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "es": (
        ("twinning", "Hermanamiento con {city}"),
        ("mou", "Memorando de entendimiento con {city}"),
        ("cooperation", "Convenio de cooperación en {topic} con {city}"),
        ("letter_of_intent", "Carta de intención con {city}"),
        ("network_adhesion", "Adhesión a {network}"),
    ),
    "pt": (
        ("twinning", "Geminação com {city}"),
        ("mou", "Memorando de entendimento com {city}"),
        ("cooperation", "Acordo de cooperação em {topic} com {city}"),
        ("friendship", "Protocolo de amizade com {city}"),
        ("network_adhesion", "Adesão à rede {network}"),
    ),
    "fr": (
        ("twinning", "Jumelage avec {city}"),
        ("mou", "Protocole d'entente avec {city}"),
        ("cooperation", "Convention de coopération décentralisée avec {city}"),
        ("friendship", "Pacte d'amitié avec {city}"),
        ("network_adhesion", "Adhésion à {network}"),
    ),
    "en": (
        ("twinning", "Sister city agreement with {city}"),
        ("mou", "Memorandum of understanding with {city}"),
        ("cooperation", "Cooperation agreement on {topic} with {city}"),
        ("protocol", "Addendum to the agreement with {city}"),
        ("network_adhesion", "Membership of {network}"),
    ),
}

NETWORKS: Final = (
    "CGLU", "UCLG", "Mercociudades", "Eurocities", "ICLEI", "AIMF", "Metropolis", "C40",
    "FAMSI", "UCCI", "Energy Cities", "Platforma", "ONU-Habitat", "UN-Habitat", "CLGF",
)  # fmt: skip

INTERNATIONAL_BODIES: Final = (
    ("UNESCO", ""), ("PNUD", ""), ("UNDP", ""), ("Programa de las Naciones Unidas para el Desarrollo", ""),
    ("Banco Interamericano de Desarrollo", "BID"), ("Union européenne", "UE"),
    ("European Union", "EU"), ("Organisation internationale de la Francophonie", "OIF"),
    ("OCDE", ""), ("Banco Mundial", ""), ("World Bank", ""), ("Agence française de développement", "AFD"),
    ("Agencia Española de Cooperación Internacional para el Desarrollo", "AECID"),
    ("Agência Brasileira de Cooperação", "ABC"),
)  # fmt: skip

PARTNER_PATTERNS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "university": {
        "es": ("Universidad de {city}", "Universidad Nacional de {city}"),
        "pt": ("Universidade de {city}", "Universidade Federal de {city}"),
        "fr": ("Université de {city}", "Institut d'études politiques de {city}"),
        "en": ("University of {city}", "{city} Institute of Technology"),
    },
    "civil_society": {
        "es": ("Fundación {surname}", "Asociación Vecinal de {city}", "ONG Agua para {city}"),
        "pt": ("Associação de Moradores de {city}", "Instituto {surname}", "ONG Viva {city}"),
        "fr": ("Association des amis de {city}", "Collectif {surname}", "ONG Solidarité {city}"),
        "en": ("{city} Community Trust", "Friends of {city}", "{surname} Foundation"),
    },
    "company": {
        "es": ("{surname} y Asociados S.A.", "Aguas de {city} S.A."),
        "pt": ("{surname} & Filhos Ltda.", "Transportes {city} Ltda."),
        "fr": ("{surname} et Fils SARL", "Transports de {city} SA"),
        "en": ("{surname} & Partners Ltd", "{city} Water plc"),
    },
    "national_government": {
        "es": ("Embajada de España", "Ministerio de Relaciones Exteriores", "Cancillería"),
        "pt": ("Embaixada do Brasil", "Ministério das Relações Exteriores", "Itamaraty"),
        "fr": ("Ambassade de France", "Ministère de l'Europe et des Affaires étrangères"),
        "en": ("British Embassy", "Department for International Development"),
    },
}

COMMITMENTS: Final[dict[str, tuple[str, ...]]] = {
    "es": ("Enviar el informe de la misión", "Preparar la visita de retorno",
           "Firmar la adenda del convenio", "Compartir los datos de {topic}"),
    "pt": ("Enviar o relatório da missão", "Preparar a visita de retorno",
           "Assinar o aditivo do acordo", "Compartilhar os dados de {topic}"),
    "fr": ("Envoyer le compte rendu de la mission", "Préparer la visite retour",
           "Signer l'avenant de la convention", "Partager les données sur {topic}"),
    "en": ("Send the mission report", "Prepare the return visit",
           "Sign the addendum to the agreement", "Share the data on {topic}"),
}  # fmt: skip

INDICATORS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "es": (("Personas formadas en {topic}", "personas"), ("Toneladas de residuos reciclados", "t"),
           ("Hogares conectados a la red de agua", "hogares"), ("Participación de mujeres", "%")),
    "pt": (("Pessoas capacitadas em {topic}", "pessoas"), ("Toneladas de resíduos recicladas", "t"),
           ("Domicílios ligados à rede de água", "domicílios"), ("Participação de mulheres", "%")),
    "fr": (("Personnes formées en {topic}", "personnes"), ("Tonnes de déchets recyclés", "t"),
           ("Ménages raccordés au réseau d'eau", "ménages"), ("Part des femmes", "%")),
    "en": (("People trained in {topic}", "people"), ("Tonnes of waste recycled", "t"),
           ("Households connected to the water network", "households"), ("Share of women", "%")),
}  # fmt: skip

STRATEGY_TITLES: Final[dict[str, str]] = {
    "es": "Plan Director de Acción Internacional",
    "pt": "Plano Estratégico de Relações Internacionais",
    "fr": "Stratégie internationale",
    "en": "International Strategy",
}

OBJECTIVES: Final[dict[str, str]] = {
    "es": "Fortalecer la cooperación en {topic}",
    "pt": "Fortalecer a cooperação em {topic}",
    "fr": "Renforcer la coopération en {topic}",
    "en": "Strengthen cooperation on {topic}",
}

TAGS: Final[dict[str, tuple[str, ...]]] = {
    "es": ("prioritario", "UE", "Mercosur", "jóvenes", "2030", "piloto"),
    "pt": ("prioritário", "UE", "Mercosul", "juventude", "2030", "piloto"),
    "fr": ("prioritaire", "UE", "Francophonie", "jeunesse", "2030", "pilote"),
    "en": ("priority", "EU", "Commonwealth", "youth", "2030", "pilot"),
}

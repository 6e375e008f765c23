"""Demo good practices: twelve cases across the three demo governments, and the marks they
left on each other's practices.

Rio Claro do Sul shares its solid-waste work (selective collection with waste-picker
cooperatives, neighbourhood drop-off points, composting of market waste) and its digital
participatory budget; Villa Esperanza its market waste separation, rainwater harvesting and
school cycle lanes; Lac-Saint-Amand (no waste practice) storytelling in libraries, a youth
participatory budget and four-season cycle lanes. Two are drafts. Each practice is written in
its government's language, with indicators, cost, conditions for transfer and a fictional
contact, and linked to a fitting action of its government when one exists.

Idempotent: practices are found by government and title, marks by government, practice and
kind; a second run creates nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from lazos.accounts.models import User
from lazos.actions.models import Action
from lazos.demo.kit import DemoReport, demo_instance_step
from lazos.governments.models import Department, Government
from lazos.practices import services
from lazos.practices.choices import TransferKind
from lazos.practices.models import GoodPractice, PracticeTransfer
from lazos.reference.models import SdgTarget, Theme
from lazos.reference.text import fold

RIO = "rio-claro-do-sul"
VILLA = "villa-esperanza"
LAC = "lac-saint-amand"

# Each practice: its government, texts, facts, indicators (name, unit, baseline, achieved,
# period), the department (acronym) that ran it, and words of the title of the action it is
# linked to (looked up among the government's actions sharing a theme first).
PRACTICES: tuple[dict[str, Any], ...] = (
    {
        "government": RIO,
        "publish": True,
        "title": "Coleta seletiva solidária com cooperativas de catadores",
        "summary": (
            "A prefeitura contratou quatro cooperativas de catadores para a coleta seletiva "
            "porta a porta em todos os bairros, pagando por tonelada triada. A reciclagem "
            "passou de 3% para 17% dos resíduos domiciliares e 310 catadores têm hoje renda "
            "fixa."
        ),
        "context": (
            "Até 2019, Rio Claro do Sul enviava quase todo o lixo domiciliar ao aterro "
            "regional, a 60 km, e o contrato de transporte consumia uma parte crescente do "
            "orçamento de limpeza urbana. Cerca de 400 catadores trabalhavam por conta própria "
            "nas ruas e no antigo lixão, sem equipamento de proteção nem previdência, vendendo "
            "a atravessadores. A coleta seletiva existente cobria apenas o centro e recolhia "
            "menos de 40 toneladas por mês."
        ),
        "solution": (
            "A Secretaria de Meio Ambiente mapeou os catadores com a assistência social e "
            "apoiou a formalização de quatro cooperativas. Desde 2021 a prefeitura as contrata, "
            "com a dispensa de licitação prevista na lei federal, para a coleta porta a porta "
            "em roteiros semanais, pagando por tonelada triada além da venda dos materiais.\n\n"
            "Foram cedidos dois galpões de triagem com prensas e balanças, oito caminhões baú e "
            "uniformes. Agentes ambientais das próprias cooperativas visitaram 62 mil "
            "domicílios para explicar a separação em dois sacos (recicláveis e rejeitos) e os "
            "dias de coleta. Um comitê mensal com as cooperativas, a secretaria e a "
            "universidade acompanha pesagens, pagamentos e reclamações."
        ),
        "results": (
            "Em três anos a coleta seletiva chegou a todos os bairros. O material triado "
            "passou de 40 para 780 toneladas por mês e a taxa de reciclagem dos resíduos "
            "domiciliares subiu de 3% para 17%. Os 310 cooperados recebem em média 1,6 salário "
            "mínimo e contribuem para a previdência. O custo de transporte ao aterro caiu 14% "
            "e as reclamações de lixo em terrenos baldios diminuíram pela metade."
        ),
        "resources": (
            "Equipe de seis pessoas na secretaria; contrato anual de R$ 2,4 milhões com as "
            "cooperativas; galpões e caminhões comprados com o fundo estadual de meio "
            "ambiente; parceria com a universidade para as pesagens e a formação."
        ),
        "cost": Decimal("2400000"),
        "transfer_conditions": (
            "Requer uma base legal que permita contratar cooperativas de catadores sem "
            "licitação, catadores dispostos a se organizar e um orçamento estável de limpeza "
            "urbana. Convém começar por dois ou três bairros piloto e pagar por tonelada desde "
            "o início. Recebemos equipes técnicas e compartilhamos o contrato-modelo e os "
            "roteiros."
        ),
        "contact": (
            "Mariana Lopes Ferreira",
            "Coordenadora de resíduos sólidos",
            "mariana.ferreira@demo.lazos.invalid",
        ),
        "material_languages": ["pt", "es", "en"],
        "started_on": date(2021, 3, 1),
        "department": "SMAM",
        "themes": ("waste", "social-inclusion"),
        "targets": ("11.6", "12.5", "8.3"),
        "indicators": (
            ("Taxa de reciclagem dos resíduos domiciliares", "%", "3", "17", "2020–2023"),
            ("Material triado por mês", "t", "40", "780", "2020–2023"),
            ("Catadores cooperados com renda fixa", "pessoas", "0", "310", "2020–2023"),
        ),
        "action_words": ("coleta seletiva",),
        "translations": {
            "en": {
                "title": "Solidarity selective collection with waste-picker cooperatives",
                "summary": (
                    "The city hired four waste-picker cooperatives to collect recyclables door "
                    "to door in every neighbourhood, paid per tonne sorted. Recycling rose from "
                    "3% to 17% of household waste and 310 waste pickers now have a steady "
                    "income."
                ),
            }
        },
    },
    {
        "government": RIO,
        "publish": True,
        "title": "Ecopontos de bairro para entulho, volumosos e recicláveis",
        "summary": (
            "Doze ecopontos, a menos de 2 km de cada casa, recebem de graça entulho de pequenas "
            "obras, móveis velhos, podas e recicláveis. Os pontos crônicos de descarte "
            "irregular caíram de 214 para 61."
        ),
        "context": (
            "Os descartes irregulares de entulho e móveis em terrenos baldios e nas margens "
            "dos arroios custavam à prefeitura mais de R$ 900 mil por ano em recolhimento e "
            "favoreciam a dengue e os alagamentos. Quem fazia uma pequena reforma não tinha "
            "onde levar o entulho sem pagar uma caçamba."
        ),
        "solution": (
            "A prefeitura instalou doze ecopontos em terrenos públicos escolhidos com as "
            "associações de moradores, com baias separadas para entulho, madeira, podas, "
            "volumosos, eletrônicos e recicláveis, um operador por ponto e horário estendido "
            "aos sábados. Os carroceiros foram cadastrados e recebem um vale por viagem "
            "entregue. O entulho vai para a usina de reciclagem e os recicláveis para as "
            "cooperativas de catadores. Um aplicativo mostra o ecoponto mais próximo e recebe "
            "denúncias de descarte irregular."
        ),
        "results": (
            "Em dois anos os ecopontos receberam 46 mil toneladas. Os pontos crônicos de "
            "descarte irregular passaram de 214 para 61 e o gasto com recolhimento emergencial "
            "caiu 58%. O entulho triado virou agregado reciclado usado nas estradas vicinais."
        ),
        "resources": (
            "Investimento de R$ 1,1 milhão nos doze pontos; custeio de R$ 650 mil por ano "
            "(operadores e transporte); convênio com a usina de reciclagem de entulho."
        ),
        "cost": Decimal("1100000"),
        "transfer_conditions": (
            "Funciona melhor com terrenos públicos bem distribuídos e um destino garantido "
            "para o entulho (usina ou aterro de inertes). O cadastro dos carroceiros é "
            "essencial para que o descarte não se desloque para outro bairro."
        ),
        "contact": (
            "Paulo Henrique Sartori",
            "Engenheiro ambiental",
            "paulo.sartori@demo.lazos.invalid",
        ),
        "material_languages": ["pt"],
        "started_on": date(2022, 5, 1),
        "department": "SMAM",
        "themes": ("waste", "urban-planning"),
        "targets": ("11.6", "12.5"),
        "indicators": (
            ("Pontos crônicos de descarte irregular", "pontos", "214", "61", "2022–2024"),
            ("Resíduos recebidos nos ecopontos", "t/ano", "0", "23 000", "2023–2024"),
        ),
        "action_words": ("gestao de residuos solidos",),
        "translations": {
            "en": {
                "title": "Neighbourhood drop-off points for rubble, bulky items and recyclables",
                "summary": (
                    "Twelve drop-off points, less than 2 km from every home, take rubble, old "
                    "furniture, prunings and recyclables for free. Chronic illegal dumping "
                    "sites fell from 214 to 61."
                ),
            }
        },
    },
    {
        "government": RIO,
        "publish": True,
        "title": "Compostagem dos resíduos orgânicos das feiras livres",
        "summary": (
            "As sobras de frutas e verduras de 18 feiras livres são compostadas num pátio "
            "municipal e o composto volta às hortas escolares e comunitárias: 95 toneladas por "
            "mês a menos no aterro."
        ),
        "context": (
            "As feiras livres geravam cerca de 100 toneladas mensais de restos orgânicos, "
            "misturados ao lixo comum e enviados ao aterro, onde produzem metano e chorume. Ao "
            "mesmo tempo, as hortas das escolas compravam adubo."
        ),
        "solution": (
            "Os feirantes separam os orgânicos em bombonas fornecidas pela prefeitura, "
            "recolhidas por um caminhão próprio ao fim de cada feira. Um pátio de compostagem "
            "em leiras, operado por uma cooperativa, transforma-os em composto em 90 dias. "
            "Técnicos de extensão rural formaram os feirantes e os operadores. O composto é "
            "distribuído a 41 hortas escolares e comunitárias."
        ),
        "results": (
            "São 95 toneladas por mês desviadas do aterro e 380 toneladas de composto por ano; "
            "a prefeitura economiza R$ 210 mil por ano em transporte e disposição; 92% dos "
            "feirantes aderiram."
        ),
        "resources": (
            "Pátio de 4 000 m² cedido pela prefeitura; caminhão e bombonas (R$ 380 mil); "
            "contrato com a cooperativa de compostagem."
        ),
        "cost": Decimal("380000"),
        "transfer_conditions": (
            "Precisa de um terreno afastado das casas e de licença ambiental para "
            "compostagem; a separação na origem exige acompanhamento nas primeiras semanas."
        ),
        "contact": ("Juliana Prates", "Técnica em agroecologia", "juliana.prates@demo.lazos.invalid"),
        "material_languages": ["pt", "es"],
        "started_on": date(2023, 2, 1),
        "department": "SMAM",
        "themes": ("waste", "food"),
        "targets": ("12.3", "12.5"),
        "indicators": (
            ("Orgânicos desviados do aterro", "t/mês", "0", "95", "2023–2024"),
            ("Hortas que recebem composto", "hortas", "0", "41", "2023–2024"),
        ),
        "action_words": ("economia circular",),
        "translations": {},
    },
    {
        "government": RIO,
        "publish": True,
        "title": "Orçamento participativo digital nos bairros",
        "summary": (
            "Moradores a partir de 16 anos propõem e votam, on-line ou em urnas nas escolas, "
            "obras de até R$ 500 mil para o seu bairro. Na última edição votaram 31 mil "
            "pessoas e 24 obras foram concluídas."
        ),
        "context": (
            "O orçamento participativo presencial, criado nos anos 1990, reunia cada vez menos "
            "gente, quase sempre as mesmas lideranças, e os jovens não participavam. Muitas "
            "obras votadas não eram executadas, o que minava a confiança."
        ),
        "solution": (
            "Em 2020 a prefeitura reformulou o processo: propostas abertas on-line e em "
            "assembleias de bairro; análise técnica pública de custo e viabilidade; votação "
            "on-line com verificação de identidade e em urnas nas escolas para quem não tem "
            "internet; e um painel público que mostra a execução de cada obra votada, com "
            "fotos e prazos. Uma reserva fixa de 3% dos investimentos garante a execução."
        ),
        "results": (
            "A participação passou de 2 800 para 31 000 votantes, 38% deles com menos de 30 "
            "anos. Das 26 obras votadas nas duas primeiras edições, 24 estão concluídas. A "
            "satisfação com os serviços do bairro subiu 11 pontos na pesquisa anual."
        ),
        "resources": (
            "Equipe de cinco pessoas; plataforma de participação de código aberto hospedada "
            "pela empresa municipal de informática; 3% do orçamento de investimentos."
        ),
        "cost": Decimal("180000"),
        "transfer_conditions": (
            "Exige o compromisso político de executar o que for votado e uma reserva "
            "orçamentária fixa. A plataforma é livre; o mais difícil é a análise técnica das "
            "propostas em prazo curto."
        ),
        "contact": (
            "Rafael Nunes",
            "Diretor de participação cidadã",
            "rafael.nunes@demo.lazos.invalid",
        ),
        "material_languages": ["pt", "es", "en"],
        "started_on": date(2020, 4, 1),
        "department": "SRI",
        "themes": ("governance",),
        "targets": ("16.7", "11.3"),
        "indicators": (
            ("Votantes por edição", "pessoas", "2 800", "31 000", "2019–2023"),
            ("Obras votadas concluídas", "%", "45", "92", "2019–2023"),
        ),
        "action_words": ("orcamento participativo",),
        "translations": {
            "en": {
                "title": "Digital participatory budgeting in the neighbourhoods",
                "summary": (
                    "Residents aged 16 and over propose and vote, online or at ballot boxes in "
                    "schools, on works of up to R$ 500,000 for their neighbourhood. 31,000 "
                    "people voted in the last round and 24 works were completed."
                ),
            },
            "fr": {
                "title": "Budget participatif numérique dans les quartiers",
                "summary": (
                    "Dès 16 ans, les habitants proposent et votent, en ligne ou dans les "
                    "écoles, des travaux jusqu'à 500 000 R$ pour leur quartier : 31 000 "
                    "votants à la dernière édition."
                ),
            },
        },
    },
    {
        "government": RIO,
        "publish": False,
        "title": "Educação ambiental no contraturno escolar",
        "summary": (
            "Oficinas semanais sobre água, resíduos e hortas para alunos do ensino "
            "fundamental, no contraturno, com as cooperativas de catadores."
        ),
        "context": (
            "Os alunos passam a tarde sem atividades e as escolas pedem apoio para trabalhar "
            "temas ambientais de forma prática."
        ),
        "solution": "Piloto em seis escolas, com roteiro de oficinas e visitas aos galpões.",
        "results": "",
        "resources": "",
        "cost": None,
        "transfer_conditions": "",
        "contact": ("", "", ""),
        "material_languages": ["pt"],
        "started_on": date(2024, 3, 1),
        "department": "SMED",
        "themes": ("education", "environment"),
        "targets": ("4.7",),
        "indicators": (),
        "action_words": (),
        "translations": {},
    },
    {
        "government": VILLA,
        "publish": True,
        "title": "Separación de residuos en origen en los mercados municipales",
        "summary": (
            "Los nueve mercados municipales separan orgánicos, reciclables y rechazo en cada "
            "puesto; los orgánicos se compostan y los reciclables se entregan a una "
            "cooperativa de recicladores. La basura que los mercados envían al relleno "
            "sanitario bajó 62 %."
        ),
        "context": (
            "Los mercados municipales producían unas 14 toneladas diarias de residuos "
            "mezclados que iban al relleno sanitario, ya cerca de su capacidad. Los locatarios "
            "pagaban una cuota de limpieza sin ver mejoras y los pasillos se llenaban de "
            "bolsas al final del día."
        ),
        "solution": (
            "Tras una pasantía técnica en Mendoza, la Dirección de Medio Ambiente acordó con "
            "las mesas directivas de los locatarios un reglamento de separación en tres "
            "fracciones. Cada puesto recibió contenedores de colores y cada mercado un centro "
            "de acopio con báscula.\n\n"
            "Los orgánicos van a la planta municipal de composta; los reciclables se venden a "
            "una cooperativa de recicladores y el ingreso se reinvierte en el mercado. "
            "Promotores ambientales acompañaron a los locatarios durante seis meses y cada mes "
            "se publica un tablero con las toneladas separadas por mercado."
        ),
        "results": (
            "En dos años los residuos de los mercados enviados al relleno sanitario bajaron de "
            "14 a 5,3 toneladas diarias. Se producen 120 toneladas de composta al mes para los "
            "parques municipales y la cooperativa de recicladores duplicó sus ingresos. La "
            "cuota de limpieza no subió."
        ),
        "resources": (
            "Contenedores y básculas: 2,1 millones de pesos; dos promotores ambientales por "
            "mercado durante seis meses; convenio con la cooperativa de recicladores."
        ),
        "cost": Decimal("2100000"),
        "transfer_conditions": (
            "Conviene empezar con el mercado cuya mesa directiva esté más dispuesta y publicar "
            "resultados desde el primer mes. Hace falta un destino para los orgánicos (planta "
            "de composta o biodigestor)."
        ),
        "contact": (
            "Lucía Ramírez Ortega",
            "Jefa de Residuos Sólidos",
            "lucia.ramirez@demo.lazos.invalid",
        ),
        "material_languages": ["es", "en"],
        "started_on": date(2022, 1, 1),
        "department": "MAM",
        "themes": ("waste", "economy"),
        "targets": ("12.5", "11.6", "12.3"),
        "indicators": (
            ("Residuos de mercados enviados al relleno sanitario", "t/día", "14", "5,3", "2021–2023"),
            ("Composta producida", "t/mes", "0", "120", "2022–2023"),
        ),
        "action_words": ("separacion de residuos",),
        "translations": {
            "en": {
                "title": "Source separation of waste in the municipal markets",
                "summary": (
                    "The nine municipal markets separate organic waste, recyclables and "
                    "residual waste at every stall; market waste sent to landfill fell by 62%."
                ),
            }
        },
    },
    {
        "government": VILLA,
        "publish": True,
        "title": "Agua segura en colonias periféricas con captación de lluvia",
        "summary": (
            "Sistemas de captación de agua de lluvia con filtro en 1 200 viviendas y 14 "
            "escuelas de colonias sin red, instalados con las familias. Cubren el agua de "
            "beber hasta ocho meses al año."
        ),
        "context": (
            "En las colonias del oriente de la ciudad unas 6 000 familias dependían de pipas, "
            "caras e irregulares, y los casos de enfermedades gastrointestinales en niños "
            "duplicaban el promedio municipal."
        ),
        "solution": (
            "Con el apoyo técnico de Medellín y de una universidad local, el municipio diseñó "
            "un sistema de techo, canaletas, cisterna de 5 000 litros y filtro de cerámica. "
            "Las familias aportan mano de obra y aprenden el mantenimiento; las escuelas son "
            "centros de demostración. Un comité de agua por colonia revisa la calidad cada "
            "trimestre con los kits de la Secretaría de Salud."
        ),
        "results": (
            "1 200 viviendas y 14 escuelas equipadas; el gasto de las familias en pipas bajó "
            "70 %; los casos de diarrea infantil en las colonias atendidas bajaron 38 % en dos "
            "años."
        ),
        "resources": (
            "14 000 pesos por vivienda; cooperación técnica internacional; brigadas de "
            "estudiantes de la universidad."
        ),
        "cost": Decimal("16800000"),
        "transfer_conditions": (
            "Requiere lluvias de al menos 700 mm al año y techos firmes; el mantenimiento por "
            "las familias es la clave de la calidad del agua."
        ),
        "contact": (
            "Héctor Salazar",
            "Coordinador de agua y saneamiento",
            "hector.salazar@demo.lazos.invalid",
        ),
        "material_languages": ["es"],
        "started_on": date(2021, 6, 1),
        "department": "MAM",
        "themes": ("water", "health"),
        "targets": ("6.1", "3.9"),
        "indicators": (
            ("Viviendas con captación de lluvia", "viviendas", "0", "1 200", "2021–2024"),
            ("Casos de diarrea infantil en colonias atendidas", "casos/año", "410", "254", "2021–2023"),
        ),
        "action_words": ("agua segura",),
        "translations": {
            "en": {
                "title": "Safe water in outlying neighbourhoods through rainwater harvesting",
                "summary": (
                    "Rainwater harvesting systems with filters in 1,200 homes and 14 schools "
                    "without mains water, built with the families."
                ),
            }
        },
    },
    {
        "government": VILLA,
        "publish": True,
        "title": "Ciclovías escolares: rutas seguras en bicicleta a las secundarias",
        "summary": (
            "Doce kilómetros de ciclovías confinadas unen cinco secundarias con sus colonias, "
            "con biciestacionamientos y recorridos acompañados. El 19 % de los alumnos ya "
            "llega en bicicleta."
        ),
        "context": (
            "La mayoría de los adolescentes iba a la secundaria en un transporte público "
            "saturado o en el auto de sus padres, y las calles cercanas a las escuelas "
            "concentraban los atropellos."
        ),
        "solution": (
            "A partir de un proyecto de cooperación con Cuenca, el municipio trazó con los "
            "alumnos las rutas más usadas, confinó carriles con bolardos y pintura, bajó la "
            "velocidad a 30 km/h en las zonas escolares y organizó recorridos en grupo "
            "acompañados por madres, padres y agentes de tránsito. Las escuelas recibieron "
            "biciestacionamientos y talleres de mecánica."
        ),
        "results": (
            "El uso de la bicicleta para ir a la escuela pasó de 4 % a 19 % en las cinco "
            "secundarias y en 2023 no hubo atropellos en las zonas escolares."
        ),
        "resources": "6,5 millones de pesos en obra; una brigada de movilidad de cuatro personas.",
        "cost": Decimal("6500000"),
        "transfer_conditions": (
            "Funciona con trayectos cortos (menos de 4 km) y con familias dispuestas a "
            "acompañar los recorridos en grupo."
        ),
        "contact": ("Andrea Morales", "Directora de Movilidad", "andrea.morales@demo.lazos.invalid"),
        "material_languages": ["es", "en"],
        "started_on": date(2022, 8, 1),
        "department": "OIR",
        "themes": ("mobility", "education"),
        "targets": ("11.2", "3.6"),
        "indicators": (("Alumnos que llegan en bicicleta", "%", "4", "19", "2022–2024"),),
        "action_words": ("movilidad ciclista",),
        "translations": {},
    },
    {
        "government": VILLA,
        "publish": False,
        "title": "Ventanilla única para mujeres emprendedoras",
        "summary": (
            "Un solo lugar para registrar un negocio, pedir microcrédito y encontrar "
            "guardería durante las capacitaciones."
        ),
        "context": (
            "Las emprendedoras tenían que acudir a cuatro oficinas distintas para abrir un "
            "negocio."
        ),
        "solution": "",
        "results": "",
        "resources": "",
        "cost": None,
        "transfer_conditions": "",
        "contact": ("", "", ""),
        "material_languages": ["es"],
        "started_on": None,
        "department": "DEC",
        "themes": ("gender", "economy"),
        "targets": ("5.5", "8.3"),
        "indicators": (),
        "action_words": (),
        "translations": {},
    },
    {
        "government": LAC,
        "publish": True,
        "title": "L'heure du conte plurilingue dans les bibliothèques",
        "summary": (
            "Chaque samedi, des parents immigrants racontent des contes dans leur langue et en "
            "français dans les bibliothèques de quartier. Trente-quatre langues entendues et "
            "trois fois plus de familles nouvellement arrivées abonnées."
        ),
        "context": (
            "Les familles immigrantes fréquentaient peu les bibliothèques et les enfants "
            "perdaient la langue de leurs parents. Le Festival international du conte avait "
            "montré l'intérêt du public pour la diversité des récits."
        ),
        "solution": (
            "Le Service de la culture recrute chaque saison des parents conteurs avec les "
            "organismes d'accueil des personnes immigrantes, les forme avec les conteurs "
            "professionnels du festival et les rémunère au cachet. Les séances alternent la "
            "langue d'origine et le français, avec des albums bilingues achetés pour les "
            "collections. Les bibliothécaires abonnent les familles sur place."
        ),
        "results": (
            "En trois saisons : 34 langues, 410 séances et 9 800 participants ; les abonnements "
            "des familles arrivées depuis moins de cinq ans ont triplé ; 60 parents conteurs "
            "formés."
        ),
        "resources": (
            "Cachets des conteurs : 45 000 $ par an ; albums bilingues : 12 000 $ ; une "
            "bibliothécaire coordonnatrice à mi-temps."
        ),
        "cost": Decimal("57000"),
        "transfer_conditions": (
            "Il faut un réseau d'organismes d'accueil pour recruter les parents et un budget "
            "pour les rémunérer : le bénévolat ne dure pas. Nous partageons le guide de "
            "formation."
        ),
        "contact": (
            "Geneviève Lapointe",
            "Coordonnatrice des bibliothèques",
            "genevieve.lapointe@demo.lazos.invalid",
        ),
        "material_languages": ["fr", "en"],
        "started_on": date(2021, 9, 1),
        "department": "CULT",
        "themes": ("culture", "migration"),
        "targets": ("11.4", "4.7"),
        "indicators": (
            ("Langues entendues", "langues", "0", "34", "2021–2024"),
            ("Familles récemment arrivées abonnées", "familles", "120", "370", "2021–2024"),
        ),
        "action_words": ("festival international du conte",),
        "translations": {
            "en": {
                "title": "Multilingual story time in the libraries",
                "summary": (
                    "Every Saturday immigrant parents tell stories in their language and in "
                    "French in the neighbourhood libraries."
                ),
            },
            "es": {
                "title": "La hora del cuento plurilingüe en las bibliotecas",
                "summary": (
                    "Cada sábado, madres y padres inmigrantes cuentan cuentos en su lengua y "
                    "en francés en las bibliotecas de barrio."
                ),
            },
        },
    },
    {
        "government": LAC,
        "publish": True,
        "title": "Budget participatif jeunesse",
        "summary": (
            "Les jeunes de 12 à 25 ans décident chaque année de 250 000 $ d'investissements, de "
            "la proposition au vote en ligne et dans les écoles. Adapté du budget participatif "
            "numérique de Rio Claro do Sul."
        ),
        "context": (
            "Les jeunes se sentaient peu écoutés par la Ville et votaient peu aux élections "
            "municipales. Le conseil jeunesse demandait des projets concrets et visibles."
        ),
        "solution": (
            "Après un échange avec des villes brésiliennes et mexicaines, le conseil jeunesse "
            "a conçu le processus : dépôt d'idées en ligne et dans les écoles secondaires, "
            "analyse par les services municipaux avec les jeunes porteurs, vote en ligne ou à "
            "l'école, suivi public de la réalisation. Le montant est réservé chaque année au "
            "programme triennal d'immobilisations."
        ),
        "results": (
            "Deux éditions : 2 900 puis 4 600 votants ; 11 projets réalisés (planchodrome, "
            "fontaines d'eau, grainothèque, abris vélos) ; la participation des 18-24 ans aux "
            "élections municipales a gagné 6 points."
        ),
        "resources": (
            "250 000 $ par an d'investissement ; une agente de participation ; une plateforme "
            "de vote libre."
        ),
        "cost": Decimal("250000"),
        "transfer_conditions": (
            "Réserver le budget à l'avance et réaliser les projets dans l'année : c'est ce qui "
            "maintient la confiance des jeunes."
        ),
        "contact": (
            "Samuel Ouellet",
            "Agent de participation citoyenne",
            "samuel.ouellet@demo.lazos.invalid",
        ),
        "material_languages": ["fr"],
        "started_on": date(2022, 10, 1),
        "department": "BRI",
        "themes": ("governance", "education"),
        "targets": ("16.7",),
        "indicators": (
            ("Votants par édition", "personnes", "0", "4 600", "2022–2024"),
            ("Projets réalisés", "projets", "0", "11", "2022–2024"),
        ),
        "action_words": ("budget participatif",),
        "translations": {
            "en": {
                "title": "Youth participatory budget",
                "summary": (
                    "Young people aged 12 to 25 decide every year on $250,000 of investment, "
                    "from proposals to an online and school vote."
                ),
            }
        },
    },
    {
        "government": LAC,
        "publish": True,
        "title": "Pistes cyclables quatre saisons : déneigement prioritaire",
        "summary": (
            "Un réseau de 38 km de pistes cyclables est déneigé en priorité, avant les rues, de "
            "novembre à avril. Les passages de vélos en hiver ont été multipliés par cinq."
        ),
        "context": (
            "Les pistes cyclables fermaient de novembre à avril : les cyclistes devaient rouler "
            "dans la rue ou ranger leur vélo, alors que la Ville visait une baisse de 20 % des "
            "émissions du transport."
        ),
        "solution": (
            "Après une mission dans des villes nordiques, le Service de la mobilité a retenu "
            "un réseau prioritaire de 38 km reliant les écoles, les pôles d'emploi et le "
            "terminus d'autobus, acheté trois chasse-neige compacts et adopté un standard : "
            "pistes dégagées dans les quatre heures après une chute de neige, avant les rues "
            "locales. Des compteurs publient le nombre de passages en temps réel."
        ),
        "results": (
            "Les passages hivernaux mesurés sont passés de 210 à 1 100 par jour ; 14 % des "
            "cyclistes d'été roulent aussi l'hiver ; aucune hausse des chutes signalées."
        ),
        "resources": "Trois chasse-neige compacts : 420 000 $ ; déneigement : 95 000 $ par hiver.",
        "cost": Decimal("420000"),
        "transfer_conditions": (
            "Pour les villes à hiver enneigé ; le standard de service et les compteurs publics "
            "conviennent à toute ville qui veut rendre le vélo utilisable toute l'année."
        ),
        "contact": (
            "Marc-André Gagnon",
            "Chef de la division mobilité active",
            "marc-andre.gagnon@demo.lazos.invalid",
        ),
        "material_languages": ["fr", "en"],
        "started_on": date(2022, 11, 1),
        "department": "MOB",
        "themes": ("mobility", "climate"),
        "targets": ("11.2", "13.2"),
        "indicators": (("Passages de vélos par jour en hiver", "passages", "210", "1 100", "2022–2024"),),
        "action_words": ("velo quatre saisons",),
        "translations": {},
    },
)  # fmt: skip

# Marks: (marking government, username who records it, practice (government, title), kind,
# note, words of the title of the marking government's action, if any).
MARKS: tuple[tuple[str, str, tuple[str, str], str, str, tuple[str, ...]], ...] = (
    (
        VILLA,
        "coordinator",
        (RIO, "Coleta seletiva solidária com cooperativas de catadores"),
        TransferKind.INTERESTED,
        "Queremos llevar la recolección con cooperativas de recicladores a las colonias del "
        "oriente; nos interesan el contrato modelo y el pago por tonelada.",
        (),
    ),
    (
        LAC,
        "claire",
        (RIO, "Orçamento participativo digital nos bairros"),
        TransferKind.ADAPTED,
        "Nous en avons repris le vote dans les écoles et le suivi public des réalisations "
        "pour notre budget participatif jeunesse.",
        ("budget participatif",),
    ),
    (
        RIO,
        "coordinator",
        (VILLA, "Separación de residuos en origen en los mercados municipales"),
        TransferKind.ADAPTED,
        "Adaptamos a separação nas bancas e o painel mensal de toneladas para as feiras "
        "livres, antes da compostagem.",
        ("economia circular",),
    ),
    (
        RIO,
        "coordinator",
        (VILLA, "Agua segura en colonias periféricas con captación de lluvia"),
        TransferKind.INTERESTED,
        "Interessa-nos para as escolas rurais sem rede de água.",
        (),
    ),
    (
        VILLA,
        "coordinator",
        (LAC, "L'heure du conte plurilingue dans les bibliothèques"),
        TransferKind.INTERESTED,
        "Para las bibliotecas de barrio con familias migrantes que regresan de Estados Unidos.",
        (),
    ),
)


def _find_action(
    actions: list[Action], words: tuple[str, ...], themes: tuple[str, ...]
) -> Action | None:
    """The government's action whose title has one of ``words``; one sharing a theme of the
    practice first, then a public one, then the newest."""
    wanted = [fold(word) for word in words]
    found = [action for action in actions if any(w in fold(action.title) for w in wanted)]
    if not found:
        return None

    def preference(action: Action) -> tuple[bool, bool, date]:
        codes = {theme.code for theme in action.themes.all()}
        return (bool(codes & set(themes)), action.is_public, action.start_date or date.min)

    return max(found, key=preference)


@demo_instance_step(order=20)
def load_practices(report: DemoReport) -> None:
    """Create the twelve practices and the marks between the three demo governments."""
    governments = {g.slug: g for g in Government.objects.filter(slug__in=(RIO, VILLA, LAC))}
    if len(governments) < 3:
        return
    themes = {theme.code: theme for theme in Theme.objects.all()}
    targets = {target.code: target for target in SdgTarget.objects.all()}
    actions = {
        slug: list(Action.objects.for_tenant(g).prefetch_related("themes").order_by("pk"))
        for slug, g in governments.items()
    }
    departments = {
        (d.government_id, d.acronym): d
        for d in Department.objects.filter(government__in=governments.values())
    }
    practices: dict[tuple[str, str], GoodPractice] = {
        (p.government.slug, p.title): p
        for p in GoodPractice.objects.filter(government__in=governments.values()).select_related(
            "government"
        )
    }
    for spec in PRACTICES:
        key = (spec["government"], spec["title"])
        if key in practices:
            continue
        government = governments[spec["government"]]
        practices[key] = _create(government, spec, themes, targets, actions, departments)
        report.add(f"good practice “{spec['title']}”")
    users = {u.username: u for u in User.objects.filter(username__in={m[1] for m in MARKS})}
    existing = set(
        PracticeTransfer.objects.filter(government__in=governments.values()).values_list(
            "government_id", "practice_id", "kind"
        )
    )
    for slug, username, practice_key, kind, note, action_words in MARKS:
        government = governments[slug]
        practice = practices.get(practice_key)
        if practice is None or (government.pk, practice.pk, kind) in existing:
            continue
        action = _find_action(actions[slug], action_words, ()) if action_words else None
        services.mark_practice(
            government,
            practice=practice,
            kind=kind,
            acting_user=users.get(username),
            note=note,
            action=action,
        )
        report.add(f"{government.name}: “{kind}” on “{practice.title}”")


def _create(
    government: Government,
    spec: dict[str, Any],
    themes: dict[str, Theme],
    targets: dict[str, SdgTarget],
    actions: dict[str, list[Action]],
    departments: dict[tuple[int, str], Department],
) -> GoodPractice:
    name, role, email = spec["contact"]
    linked = (
        _find_action(actions[spec["government"]], spec["action_words"], spec["themes"])
        if spec["action_words"]
        else None
    )
    practice = services.create_practice(
        government,
        acting_user=None,
        title=spec["title"],
        summary=spec["summary"],
        context=spec["context"],
        solution=spec["solution"],
        results=spec["results"],
        resources=spec["resources"],
        cost=spec["cost"],
        currency=government.currency if spec["cost"] is not None else "",
        transfer_conditions=spec["transfer_conditions"],
        contact_name=name,
        contact_role=role,
        contact_email=email,
        material_languages=spec["material_languages"],
        started_on=spec["started_on"],
        department=departments.get((government.pk, spec["department"])),
        language=(government.official_languages or ["en"])[0],
        translations=spec["translations"],
        themes=[themes[code] for code in spec["themes"] if code in themes],
        sdg_targets=[targets[code] for code in spec["targets"] if code in targets],
        actions=[linked] if linked is not None else [],
    )
    services.save_indicators(
        practice,
        acting_user=None,
        rows=[
            (None, {"name": n, "unit": u, "baseline": b, "achieved": a, "period": p})
            for n, u, b, a, p in spec["indicators"]
        ],
    )
    if spec["publish"]:
        services.publish_practice(practice, acting_user=None)
    return practice

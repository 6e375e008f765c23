"""A generated IATI 2.03 activity file with the shape of a development bank's file.

Spanish narratives (with accents), several transactions per activity, results with
indicators and periods, participating organisations (same-named ministries of different
countries among them), sectors, locations and budgets. Deterministic for a given size, valid
against the official 2.03 schema and codelists. Used by ``bench/iati_import.py``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from xml.sax.saxutils import escape

REPORTING_REF = "XM-EX-BDL"
REPORTING_NAME = "Banco de Desarrollo Latinoamericano"

COUNTRIES = ["MX", "CO", "PE", "BO", "EC", "PY", "AR", "CL", "UY", "GT", "HN", "SV"]
SECTORS = ["14030", "15110", "21020", "23210", "31120", "41010", "43040", "16010", "12220"]
TOPICS = [
    ("Agua potable y saneamiento básico", "acceso al agua potable en zonas rurales"),
    ("Movilidad urbana sostenible", "transporte público eléctrico y ciclovías"),
    ("Energía renovable en municipios", "paneles solares en edificios públicos"),
    ("Gestión de residuos sólidos", "reciclaje y compostaje en barrios periféricos"),
    ("Fortalecimiento institucional", "capacitación de funcionarios en gestión pública"),
    ("Resiliencia ante el cambio climático", "obras de protección contra inundaciones"),
    ("Educación técnica y empleo juvenil", "formación profesional para jóvenes"),
    ("Salud primaria y atención materna", "centros de salud y atención prenatal"),
]
PLACES = ["Cusco", "Medellín", "Cochabamba", "Querétaro", "Guayaquil", "Asunción", "Córdoba"]
PARTNERS = [
    ("Ministerio de Economía y Finanzas", "10"),
    ("Ministerio de Hacienda", "10"),
    ("Fundación Acción Comunitaria", "21"),
    ("Programa de las Naciones Unidas para el Desarrollo", "40"),
    ("Empresa Municipal de Agua y Saneamiento", "15"),
]


def _n(text: str) -> str:
    return f"<narrative>{escape(text)}</narrative>"


def _activity(index: int, transactions: int, rng: random.Random) -> str:
    title, about = TOPICS[index % len(TOPICS)]
    country = COUNTRIES[index % len(COUNTRIES)]
    place = PLACES[index % len(PLACES)]
    start = date(2018, 1, 1) + timedelta(days=(index * 13) % 1500)
    end = start + timedelta(days=365 * 4)
    identifier = f"{REPORTING_REF}-{country}-L{1000 + index}"
    summary = (
        f"Programa de {about} en {place}, {country}. Se prevé mejorar la calidad de vida de "
        "la población beneficiaria mediante inversión pública y asistencia técnica."
    )
    out = [
        '<iati-activity xml:lang="es" default-currency="USD" hierarchy="1">',
        f"<iati-identifier>{identifier}</iati-identifier>",
        f'<reporting-org ref="{REPORTING_REF}" type="40">{_n(REPORTING_NAME)}</reporting-org>',
        f"<title>{_n(f'{title} en {place} ({index})')}</title>",
        f'<description type="1">{_n(summary)}</description>',
        f'<description type="2">{_n("Aumentar la cobertura y la eficiencia del servicio.")}'
        "</description>",
        f'<participating-org ref="{REPORTING_REF}" type="40" role="1">{_n(REPORTING_NAME)}'
        "</participating-org>",
    ]
    for name, org_type in rng.sample(PARTNERS, 2):
        partner_country = COUNTRIES[(index + len(name)) % len(COUNTRIES)]
        out.append(
            f'<participating-org type="{org_type}" role="4">'
            f"{_n(f'{name} ({partner_country})' if org_type == '10' else name)}"
            "</participating-org>"
        )
    out += [
        '<activity-status code="2"/>',
        f'<activity-date type="1" iso-date="{start}"/>',
        f'<activity-date type="2" iso-date="{start + timedelta(days=30)}"/>',
        f'<activity-date type="3" iso-date="{end}"/>',
        '<activity-scope code="4"/>',
        f'<recipient-country code="{country}" percentage="100"/>',
        '<location><location-reach code="1"/>'
        f"<name>{_n(place)}</name><description>{_n(f'Municipio de {place}')}</description>"
        f'<point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>'
        f"{-12 - index % 20}.{index % 97:02d} {-70 - index % 15}.{index % 89:02d}</pos></point>"
        '<exactness code="1"/><location-class code="2"/>'
        '<feature-designation code="PPLA"/></location>',
    ]
    first, second = SECTORS[index % len(SECTORS)], SECTORS[(index + 3) % len(SECTORS)]
    out += [
        f'<sector vocabulary="1" code="{first}" percentage="60"/>',
        f'<sector vocabulary="1" code="{second}" percentage="40"/>',
        '<default-flow-type code="10"/>',
        '<default-finance-type code="410"/>',
        '<default-aid-type code="C01"/>',
        '<default-tied-status code="5"/>',
    ]
    for year in range(2):
        period_start = date(start.year + year, 1, 1)
        out.append(
            '<budget type="1" status="2">'
            f'<period-start iso-date="{period_start}"/>'
            f'<period-end iso-date="{date(period_start.year, 12, 31)}"/>'
            f'<value currency="USD" value-date="{period_start}">'
            f"{rng.randint(100, 900) * 10000}.{rng.randint(0, 99):02d}</value></budget>"
        )
    for number in range(transactions):
        kind = "2" if number == 0 else ("3" if number % 3 else "4")
        when = start + timedelta(days=40 * number)
        partner, _type = PARTNERS[number % len(PARTNERS)]
        details = (
            f"<description>{_n('Compromiso según contrato de préstamo')}</description>"
            f'<receiver-org type="10">{_n(partner)}</receiver-org>'
            if number == 0
            else ""
        )
        out.append(
            f'<transaction><transaction-type code="{kind}"/>'
            f'<transaction-date iso-date="{when}"/>'
            f'<value currency="USD" value-date="{when}">'
            f"{rng.randint(10, 999) * 1000}.{rng.randint(0, 99):02d}</value>"
            f"{details}</transaction>"
        )
    out.append(
        '<document-link format="application/pdf" '
        f'url="https://bdl.example.org/documentos/{identifier}.pdf">'
        f"<title>{_n('Documento de aprobación del préstamo')}</title>"
        '<category code="A02"/><language code="es"/></document-link>'
    )
    for result in range(1):
        out.append(
            f'<result type="1" aggregation-status="1">'
            f"<title>{_n(f'Resultado {result + 1}: mejora del servicio en {place}')}</title>"
            f"<description>{_n('Población con acceso a servicios de calidad.')}</description>"
        )
        for indicator in range(2):
            out.append(
                '<indicator measure="1" ascending="1">'
                f"<title>{_n(f'Número de hogares beneficiados ({result}.{indicator})')}</title>"
                f"<description>{_n('Hogares con conexión nueva o rehabilitada.')}</description>"
                f'<baseline year="{start.year}" iso-date="{start}" value="{indicator * 10}">'
                f"<comment>{_n('Línea de base según censo municipal.')}</comment></baseline>"
            )
            for year in range(2):
                period_start = date(start.year + year, 1, 1)
                out.append(
                    f'<period><period-start iso-date="{period_start}"/>'
                    f'<period-end iso-date="{date(period_start.year, 12, 31)}"/>'
                    f'<target value="{100 * (year + 1)}"/>'
                    f'<actual value="{90 * (year + 1)}"/></period>'
                )
            out.append("</indicator>")
        out.append("</result>")
    out.append("</iati-activity>")
    return "".join(out)


def build(activities: int, transactions: int, *, seed: int = 478) -> bytes:
    """The file: ``activities`` activities holding ``transactions`` transactions in all,
    spread evenly (478 activities and 6,444 transactions: 13 or 14 each)."""
    rng = random.Random(seed)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<iati-activities version="2.03" generated-datetime="2026-12-01T00:00:00Z">\n',
    ]
    for index in range(activities):
        count = transactions // activities + (index < transactions % activities)
        parts.append(_activity(index, count, rng) + "\n")
    parts.append("</iati-activities>\n")
    return "".join(parts).encode()

"""Demo network positions: statements the demo governments put to their networks, endorsed by
one another, so the network directory has something to show.

Runs once, after the three demo governments exist. Every write goes through the services
(audited, ``acting_user=None``); objects are looked up by their natural key first (the
network by its directory key, a position by its author and title, an endorsement by its
government and position), so a second run creates nothing. Mayors' names are fictional.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from lazos.demo.kit import DemoReport, demo_instance_step
from lazos.governments.models import Government
from lazos.networks.choices import MembershipStatus, NetworkScope, PositionStatus
from lazos.networks.directory import key_of
from lazos.networks.models import Endorsement, Network, NetworkMembership, NetworkPost, Position
from lazos.networks.services import (
    add_network_post,
    close_position,
    create_network,
    create_network_membership,
    create_position,
    endorse_position,
    open_position,
    update_network_membership,
    update_position,
)

VILLA = "villa-esperanza"
RIO = "rio-claro-do-sul"
LAC = "lac-saint-amand"


@dataclass(frozen=True)
class EndorsementSpec:
    government: str
    signatory: str
    note: str
    days_after_opening: int


@dataclass(frozen=True)
class PositionSpec:
    author: str
    network_key: str  # the directory key of the author's record of the network
    language: str
    title: str
    summary: str
    statement: str
    process: str
    opened_days_ago: int
    open_for_days: int | None  # None: no closing date
    closed: bool
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    endorsements: tuple[EndorsementSpec, ...] = ()


def _next_cop(today: date) -> str:
    # COP1 met in 1995, one a year, late in the year: the next one is in the coming year.
    return f"COP{today.year - 1994} (UNFCCC, {today.year + 1})"


def _position_specs(today: date) -> tuple[PositionSpec, ...]:
    return (
        PositionSpec(
            author=VILLA,
            network_key="uclg-org",
            language="es",
            title=(
                "Localizar la Agenda 2030 desde los territorios: los gobiernos locales ante el "
                "Foro Político de Alto Nivel"
            ),
            summary=(
                "Pedimos que las revisiones nacionales voluntarias incluyan los informes locales "
                "voluntarios y que los gobiernos locales participen en su preparación, con datos "
                "desagregados por municipio."
            ),
            statement=(
                "Los gobiernos locales y regionales somos responsables de buena parte de las "
                "metas de los Objetivos de Desarrollo Sostenible: agua, movilidad, residuos, "
                "vivienda, espacio público, participación.\n\n"
                "Ante el Foro Político de Alto Nivel, los gobiernos firmantes pedimos:\n\n"
                "1. Que cada revisión nacional voluntaria reconozca e incorpore los informes "
                "locales voluntarios de sus ciudades y regiones.\n"
                "2. Que los institutos nacionales de estadística publiquen los indicadores de "
                "los ODS desagregados por municipio, en formatos abiertos.\n"
                "3. Que las delegaciones nacionales incluyan a representantes de los gobiernos "
                "locales, elegidos por sus asociaciones.\n"
                "4. Que la financiación de la Agenda 2030 llegue a los territorios, con "
                "mecanismos de acceso directo para los gobiernos locales.\n\n"
                "Nos comprometemos a publicar nuestros propios informes locales y a compartir "
                "nuestros datos con las demás ciudades de la red."
            ),
            process=f"Foro Político de Alto Nivel (HLPF) {today.year + 1}",
            opened_days_ago=20,
            open_for_days=80,
            closed=False,
            translations={
                "en": {
                    "title": (
                        "Localising the 2030 Agenda from the territories: local governments "
                        "before the High-Level Political Forum"
                    ),
                    "summary": (
                        "We ask that voluntary national reviews include voluntary local reviews "
                        "and that local governments take part in preparing them, with data "
                        "broken down by municipality."
                    ),
                },
                "fr": {
                    "title": (
                        "Localiser l'Agenda 2030 depuis les territoires : les gouvernements "
                        "locaux devant le Forum politique de haut niveau"
                    ),
                    "summary": (
                        "Nous demandons que les examens nationaux volontaires intègrent les "
                        "examens locaux volontaires et que les gouvernements locaux participent "
                        "à leur préparation, avec des données ventilées par municipalité."
                    ),
                },
                "pt": {
                    "title": (
                        "Localizar a Agenda 2030 a partir dos territórios: os governos locais "
                        "perante o Fórum Político de Alto Nível"
                    ),
                    "summary": (
                        "Pedimos que as revisões nacionais voluntárias incluam as revisões "
                        "locais voluntárias e que os governos locais participem da sua "
                        "preparação, com dados desagregados por município."
                    ),
                },
            },
            endorsements=(
                EndorsementSpec(
                    RIO,
                    "Jorge Luiz Fagundes, Prefeito Municipal",
                    "Rio Claro do Sul publicou sua revisão local voluntária e apoia o pedido.",
                    3,
                ),
                EndorsementSpec(
                    LAC,
                    "Mireille Gagnon, mairesse",
                    "Lac-Saint-Amand prépare son premier examen local volontaire.",
                    9,
                ),
            ),
        ),
        PositionSpec(
            author=RIO,
            network_key="iclei-org",
            language="pt",
            title="Financiamento climático local: acesso direto para as cidades",
            summary=(
                "Propomos que os fundos climáticos multilaterais abram janelas de acesso direto "
                "para governos locais, com requisitos proporcionais ao tamanho dos projetos."
            ),
            statement=(
                "As cidades executam a maior parte das ações de adaptação e mitigação, mas "
                "recebem uma fração mínima do financiamento climático internacional.\n\n"
                "Propomos à Conferência das Partes:\n\n"
                "1. Janelas de acesso direto para governos locais nos fundos climáticos "
                "multilaterais, com requisitos proporcionais ao tamanho dos projetos.\n"
                "2. Apoio à preparação de projetos para municípios pequenos e médios.\n"
                "3. Reconhecimento das contribuições locais nos relatórios nacionais (NDC).\n\n"
                "Os governos signatários comprometem-se a relatar suas emissões e ações na "
                "plataforma da rede."
            ),
            process=_next_cop(today),
            opened_days_ago=12,
            open_for_days=60,
            closed=False,
            translations={
                "es": {
                    "title": "Financiamiento climático local: acceso directo para las ciudades",
                    "summary": (
                        "Proponemos que los fondos climáticos multilaterales abran ventanillas "
                        "de acceso directo para los gobiernos locales, con requisitos "
                        "proporcionales al tamaño de los proyectos."
                    ),
                },
                "en": {
                    "title": "Local climate finance: direct access for cities",
                    "summary": (
                        "We propose that multilateral climate funds open direct-access windows "
                        "for local governments, with requirements in proportion to the size of "
                        "the projects."
                    ),
                },
            },
            endorsements=(
                EndorsementSpec(
                    LAC,
                    "Mireille Gagnon, mairesse",
                    "Nos inondations printanières montrent l'urgence d'un accès direct.",
                    4,
                ),
            ),
        ),
        PositionSpec(
            author=LAC,
            network_key="edcities-org",
            language="fr",
            title="Déclaration des villes éducatrices sur l'apprentissage tout au long de la vie",
            summary=(
                "Les villes signataires s'engagent à ouvrir leurs bibliothèques, écoles et "
                "centres communautaires à l'apprentissage des adultes, et demandent que les "
                "villes soient associées au suivi de l'objectif 4."
            ),
            statement=(
                "L'éducation ne s'arrête pas à la sortie de l'école. Les villes éducatrices "
                "signataires s'engagent à ouvrir leurs équipements à l'apprentissage des "
                "adultes et demandent que les gouvernements locaux soient associés au suivi "
                "de l'objectif de développement durable 4."
            ),
            process="Conférence internationale sur l'éducation des adultes (UNESCO)",
            opened_days_ago=420,
            open_for_days=90,
            closed=True,
            translations={
                "pt": {
                    "title": (
                        "Declaração das cidades educadoras sobre a aprendizagem ao longo da vida"
                    ),
                    "summary": (
                        "As cidades signatárias comprometem-se a abrir bibliotecas, escolas e "
                        "centros comunitários à aprendizagem de adultos."
                    ),
                },
            },
            endorsements=(
                EndorsementSpec(
                    RIO,
                    "Jorge Luiz Fagundes, Prefeito Municipal",
                    "",
                    30,
                ),
            ),
        ),
    )


# Lac-Saint-Amand takes part in ICLEI too (for its flood adaptation plan).
LAC_ICLEI = {
    "name": "ICLEI — Gouvernements locaux pour le développement durable",
    "acronym": "ICLEI",
    "scope": NetworkScope.THEMATIC,
    "website": "https://iclei.org/fr",
}
LAC_POST = ("edcities-org", "Coordination du réseau francophone", date(2023, 3, 1))


@demo_instance_step(order=30)
def load_network_positions(report: DemoReport) -> None:
    """Public memberships, a post held by Lac-Saint-Amand and three positions with their
    endorsements."""
    governments = {g.slug: g for g in Government.objects.filter(slug__in=(VILLA, RIO, LAC))}
    if len(governments) < 3:
        return
    for government in governments.values():
        _publish_active_memberships(government, report)
    _join_iclei(governments[LAC], report)
    _add_post(governments[LAC], report)
    today = timezone.localdate()
    for spec in _position_specs(today):
        _load_position(spec, governments, today, report)


def _publish_active_memberships(government: Government, report: DemoReport) -> None:
    for membership in (
        NetworkMembership.objects.for_tenant(government)
        .active()
        .filter(is_public=False)
        .select_related("network")
    ):
        update_network_membership(membership, acting_user=None, is_public=True)
        report.add(f"public membership of {government.slug} in {membership.network}")


def _own_network(government: Government, key: str) -> Network | None:
    return next(
        (n for n in Network.objects.for_tenant(government).order_by("pk") if key_of(n) == key),
        None,
    )


def _join_iclei(government: Government, report: DemoReport) -> None:
    network = _own_network(government, "iclei-org")
    if network is None:
        network = create_network(government, acting_user=None, **LAC_ICLEI)
        report.add(f"network {network.name}")
    if not NetworkMembership.objects.for_tenant(government).filter(network=network).exists():
        create_network_membership(
            government,
            acting_user=None,
            network=network,
            status=MembershipStatus.ACTIVE,
            is_public=True,
            since=date(2020, 6, 1),
        )
        report.add(f"membership of {government.slug} in ICLEI")


def _add_post(government: Government, report: DemoReport) -> None:
    key, title, start = LAC_POST
    network = _own_network(government, key)
    membership = (
        NetworkMembership.objects.for_tenant(government).filter(network=network).first()
        if network
        else None
    )
    if membership is None:
        return
    if (
        not NetworkPost.objects.for_tenant(government)
        .filter(membership=membership, title=title)
        .exists()
    ):
        add_network_post(
            membership, acting_user=None, title=title, holder="Mireille Gagnon", start=start
        )
        report.add(f"post {title}")


def _load_position(
    spec: PositionSpec, governments: dict[str, Government], today: date, report: DemoReport
) -> None:
    author = governments[spec.author]
    network = _own_network(author, spec.network_key)
    if network is None:
        return
    position = Position.objects.for_tenant(author).filter(title=spec.title).first()
    opened_on = today - timedelta(days=spec.opened_days_ago)
    closes_on = opened_on + timedelta(days=spec.open_for_days) if spec.open_for_days else None
    if position is None:
        position = create_position(
            author,
            acting_user=None,
            network=network,
            title=spec.title,
            summary=spec.summary,
            statement=spec.statement,
            process=spec.process,
            language=spec.language,
            translations=spec.translations,
            opened_on=opened_on,
            # A position closed since is endorsed while it was open; its date is set after.
            closes_on=None if spec.closed else closes_on,
        )
        report.add(f"position {spec.title}")
    if position.status == PositionStatus.DRAFT:
        open_position(position, acting_user=None)
    endorsed = set(
        Endorsement.objects.public()
        .filter(position=position)
        .values_list("government__slug", flat=True)
    )
    for endorsement in spec.endorsements:
        if endorsement.government in endorsed or position.status != PositionStatus.OPEN:
            continue
        _endorse(position, governments[endorsement.government], endorsement, opened_on)
        report.add(f"endorsement of {spec.title} by {endorsement.government}")
    if spec.closed and position.status == PositionStatus.OPEN:
        update_position(position, acting_user=None, closes_on=closes_on)
        close_position(position, acting_user=None)


def _endorse(
    position: Position, government: Government, spec: EndorsementSpec, opened_on: date
) -> Any:
    return endorse_position(
        government,
        position=position,
        acting_user=None,
        signatory=spec.signatory,
        note=spec.note,
        endorsed_on=min(opened_on + timedelta(days=spec.days_after_opening), timezone.localdate()),
    )

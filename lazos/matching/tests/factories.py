"""Builders of peer-matching scenarios: governments with public and private work, cities of
GeoNames named as partners' places, partners and network memberships.

The matching app's one model is the peer profile (derived data, built from a government's
public work): its builder builds one. Its one URL with an id addresses an ``Action``, whose
builder (a private action) is registered by the actions app.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lazos.actions.choices import Modality
from lazos.actions.models import Action
from lazos.core.testing.builders import GovernmentFactory, register_builder
from lazos.core.testing.matrix import TenantWorld
from lazos.governments.models import Government
from lazos.matching.models import PeerProfile
from lazos.matching.profiles import build_profiles
from lazos.networks.models import Network, NetworkMembership
from lazos.partners.choices import PartnerKind
from lazos.partners.models import Partner
from lazos.practices.choices import PracticeStatus
from lazos.practices.models import GoodPractice
from lazos.reference.models import City, SdgTarget, Theme

SENTINEL = "ZQX-PRIVATE-WASTE-SENTINEL"


@register_builder(PeerProfile)
def build_peer_profile(government: Government) -> PeerProfile:
    """The government's profile, built from its public work (one public action)."""
    make_action(government, "Huertas urbanas en las escuelas", themes=("education",))
    build_profiles([government.pk])
    return PeerProfile.objects.get(government=government)


def make_city(
    geonameid: int, name: str, country: str, population: int = 300_000, **values: Any
) -> City:
    city, _created = City.objects.get_or_create(
        geonameid=geonameid,
        defaults={
            "name": name,
            "ascii_name": name,
            "country": country,
            "population": population,
            "latitude": Decimal("0"),
            "longitude": Decimal("0"),
            "timezone": "UTC",
            "search_text": name.lower(),
            **values,
        },
    )
    return city


def make_government(
    slug: str,
    name: str,
    *,
    country: str,
    languages: list[str],
    population: int,
    place: City | None = None,
) -> Government:
    return GovernmentFactory.create(
        slug=slug,
        name=name,
        country=country,
        official_languages=languages,
        population=population,
        place=place,
    )


def make_action(
    government: Government,
    title: str,
    *,
    public: bool = True,
    summary: str = "",
    description: str = "",
    themes: tuple[str, ...] = (),
    targets: tuple[str, ...] = (),
    modality: str = Modality.TECHNICAL_EXCHANGE,
    partners: tuple[Partner, ...] = (),
    **values: Any,
) -> Action:
    action = Action.objects.create(
        government=government,
        title=title,
        is_public=public,
        public_summary=summary or (title if public else ""),
        description=description,
        modality=modality,
        **values,
    )
    if themes:
        action.themes.set(Theme.objects.filter(code__in=themes))
    if targets:
        action.sdg_targets.set(SdgTarget.objects.filter(code__in=targets))
    if partners:
        action.partners.set(partners)
    return action


def make_practice(
    government: Government,
    title: str,
    *,
    published: bool = True,
    summary: str = "",
    themes: tuple[str, ...] = (),
    targets: tuple[str, ...] = (),
    **values: Any,
) -> GoodPractice:
    practice = GoodPractice.objects.create(
        government=government,
        title=title,
        summary=summary or title,
        status=PracticeStatus.PUBLISHED if published else PracticeStatus.DRAFT,
        published_at=timezone.now() if published else None,
        **values,
    )
    if themes:
        practice.themes.set(Theme.objects.filter(code__in=themes))
    if targets:
        practice.sdg_targets.set(SdgTarget.objects.filter(code__in=targets))
    return practice


def make_partner(government: Government, name: str, place: City | None = None) -> Partner:
    return Partner.objects.create(
        government=government,
        name=name,
        kind=PartnerKind.LOCAL_GOVERNMENT,
        country=str(place.country) if place else "",
        place=place,
    )


def make_membership(
    government: Government, name: str, website: str, *, public: bool = True
) -> NetworkMembership:
    network = Network.objects.create(government=government, name=name, website=website)
    return NetworkMembership.objects.create(
        government=government, network=network, is_public=public
    )


@dataclass
class Scenario:
    """A (Spanish-speaking, Mexico) looks for peers for its waste-management action."""

    a: Government
    b: Government  # Brazil, Portuguese: public waste actions and a published practice
    c: Government  # Mexico, Spanish: public culture work only
    d: Government  # Mexico, Spanish: its only waste action is private
    e: Government  # already A's partner (and it works on waste too)
    action: Action  # A's private waste action
    b_action: Action
    d_action: Action
    b_practice: GoodPractice
    city_of_b_partner: City  # named in a public waste action of B
    city_of_e_partner: City  # named in a public action of E, A's partner
    city_of_d_partner: City  # named only in D's private action


def build_scenario(world: TenantWorld) -> Scenario:
    a = world.government
    a.country, a.official_languages, a.population = "MX", ["es"], 400_000
    a.place = make_city(3530597, "Ciudad de México", "MX", 9_000_000)
    a.save()
    b = world.other_government
    b.name, b.country, b.official_languages, b.population = (
        "Rio Claro do Sul",
        "BR",
        ["pt"],
        350_000,
    )
    b.save()
    c = make_government(
        "peer-c", "Ciudad Cultura", country="MX", languages=["es"], population=420_000
    )
    d = make_government(
        "peer-d", "Villa Privada", country="MX", languages=["es"], population=410_000
    )
    e_place = make_city(3435910, "Buenos Aires", "AR", 3_000_000)
    e = make_government(
        "peer-e",
        "Buenos Aires Ciudad",
        country="AR",
        languages=["es"],
        population=3_000_000,
        place=e_place,
    )
    make_partner(a, "Gobierno de Buenos Aires", e_place)

    action = make_action(
        a,
        "Gestión integral de residuos sólidos en los barrios",
        public=False,
        description="Separación en origen, reciclaje y compostaje con recicladores de base.",
        themes=("waste",),
        targets=("11.6", "12.5"),
        modality=Modality.DECENTRALIZED_COOPERATION,
    )

    city_b = make_city(3469058, "Belo Horizonte", "BR", 2_500_000)
    b_action = make_action(
        b,
        "Coleta seletiva com cooperativas de catadores",
        summary="Coleta seletiva de resíduos sólidos e reciclagem com cooperativas de catadores.",
        themes=("waste",),
        targets=("12.5",),
        modality=Modality.DECENTRALIZED_COOPERATION,
        partners=(make_partner(b, "Prefeitura de Belo Horizonte", city_b),),
        language="pt",
    )
    make_action(
        b,
        "Compostagem nas escolas municipais",
        summary="Compostagem de resíduos orgânicos nas escolas com apoio de Montevidéu.",
        themes=("waste", "education"),
        targets=("11.6",),
        language="pt",
    )
    b_practice = make_practice(
        b,
        "Reciclagem inclusiva com catadores",
        summary="Cooperativas de catadores integradas à coleta municipal de resíduos.",
        themes=("waste",),
        targets=("12.5",),
        language="pt",
    )

    make_action(
        c,
        "Festival internacional de teatro",
        summary="Compañías de teatro de diez países presentan obras en plazas y teatros.",
        themes=("culture",),
        targets=("11.4",),
        modality=Modality.CULTURE,
    )

    city_d = make_city(3117735, "Madrid", "ES", 3_200_000)
    d_action = make_action(
        d,
        SENTINEL,
        public=False,
        description=f"{SENTINEL} residuos reciclaje compostaje relleno sanitario",
        themes=("waste",),
        targets=("11.6", "12.5"),
        modality=Modality.DECENTRALIZED_COOPERATION,
        partners=(make_partner(d, "Ayuntamiento de Madrid", city_d),),
    )
    make_action(
        d,
        "Torneo de fútbol juvenil",
        summary="Equipos juveniles de ciudades hermanas juegan un torneo amistoso.",
        themes=("sport",),
        modality=Modality.SPORT,
    )

    city_e = make_city(3441575, "Montevideo", "UY", 1_300_000)
    make_action(
        e,
        "Separación de residuos en origen con Montevideo",
        summary="Intercambio técnico sobre separación de residuos y reciclaje.",
        themes=("waste",),
        targets=("12.5",),
        partners=(make_partner(e, "Intendencia de Montevideo", city_e),),
    )
    return Scenario(
        a=a,
        b=b,
        c=c,
        d=d,
        e=e,
        action=action,
        b_action=b_action,
        d_action=d_action,
        b_practice=b_practice,
        city_of_b_partner=city_b,
        city_of_e_partner=city_e,
        city_of_d_partner=city_d,
    )

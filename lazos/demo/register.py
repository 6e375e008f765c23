"""The demo's living register: partners, local actors, networks, agreements, actions, missions
and commitments for each demo government, in its language.

Deterministic: every choice comes from ``random.Random`` seeded with the government's slug,
and every date is counted from an anchor (the first day of the current month), so what is
"expiring within 90 days" or "dormant" stays so whenever the demo is loaded. Idempotent:
every object is looked up first — by its ``external_id`` ("demo-partner-07") where the model
has one (partners, local actors, agreements, actions), by its name for networks, memberships
and posts — so a second run creates nothing and writes no audit record. The objects that
belong to one of those (contacts, journal notes, signatories, status changes, budget lines,
participations, travel details, travellers, commitments) are created with it, in the same
run, and never on their own: their dates, drawn from the anchor, differ from month to month,
so a later run must not take them for missing. Everything is written through the apps' services (audited; channel "command" when
run by ``lazos demo``), and agreements reach their status by walking the valid transitions
with past dates.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Q
from django.utils import translation
from django.utils.text import slugify
from django_countries import countries
from unidecode import unidecode

from lazos.actions import services as action_services
from lazos.actions.choices import ActionStatus, ActorRole, CommitmentStatus, FundingSource, Modality
from lazos.actions.models import Action
from lazos.actors.models import LocalActor
from lazos.actors.services import create_local_actor
from lazos.agreements import services as agreement_services
from lazos.agreements.choices import (
    AgreementKind,
    AgreementStatus,
    RegistrationStatus,
    RenewalType,
    Side,
)
from lazos.agreements.models import Agreement
from lazos.demo.kit import (
    Choice,
    DataFile,
    DemoReport,
    Each,
    Nullable,
    anchor,
    demo_step,
    seeded_random,
)
from lazos.governments.models import Department, Government, Membership
from lazos.networks.models import Network, NetworkMembership, NetworkPost
from lazos.networks.services import (
    add_network_post,
    create_network,
    create_network_membership,
)
from lazos.partners.choices import PartnerKind
from lazos.partners.models import Partner
from lazos.partners.services import add_contact, add_partner_note, create_partner
from lazos.reference.models import City, SdgTarget, Theme

FIRST_YEAR = 2019  # the register starts in 2019 and runs to next year
# Dates from the anchor to this many days after it may be past or future depending on the
# day of the month the demo is loaded: no start or end date of an action falls there, so its
# status (completed, ongoing, planned) stays consistent with its dates.
UNSETTLED_DAYS = 32


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


# the statuses each scenario walks through, after the draft
PATHS: dict[str, tuple[str, ...]] = {
    "draft": (),
    "negotiation": (AgreementStatus.NEGOTIATION,),
    "terminated_draft": (AgreementStatus.NEGOTIATION, AgreementStatus.TERMINATED),
    "signed": (AgreementStatus.NEGOTIATION, AgreementStatus.SIGNED),
    "active": (AgreementStatus.NEGOTIATION, AgreementStatus.SIGNED, AgreementStatus.IN_FORCE),
    "expiring": (AgreementStatus.NEGOTIATION, AgreementStatus.SIGNED, AgreementStatus.IN_FORCE),
    "dormant": (AgreementStatus.NEGOTIATION, AgreementStatus.SIGNED, AgreementStatus.IN_FORCE),
    "suspended": (
        AgreementStatus.NEGOTIATION,
        AgreementStatus.SIGNED,
        AgreementStatus.IN_FORCE,
        AgreementStatus.SUSPENDED,
    ),
    "expired": (
        AgreementStatus.NEGOTIATION,
        AgreementStatus.SIGNED,
        AgreementStatus.IN_FORCE,
        AgreementStatus.EXPIRED,
    ),
    "terminated": (
        AgreementStatus.NEGOTIATION,
        AgreementStatus.SIGNED,
        AgreementStatus.IN_FORCE,
        AgreementStatus.TERMINATED,
    ),
}

TEXTS = Each(str)  # per language
REGISTER = DataFile(
    "demo",
    "register",
    {
        "first_names": Each([(str, str)]),
        "last_names": Each([str]),
        "country_language": Each(str),
        "country_phone": Each(str),
        "positions": Each(Each((str, str))),
        "kind_positions": Each(([str], str)),
        "partner_notes": Each([str]),
        "transition_notes": Each(TEXTS),
        "agreement_titles": Each(Each([str])),
        "agreement_texts": Each(TEXTS),
        "modality_profile": Each((str, [str], (int, int))),
        "modality_counts": Each(int),
        "action_titles": Each(Each([str])),
        "organisation_titles": Each(Each([str])),
        "action_descriptions": Each(TEXTS),
        "public_summaries": Each((str, str)),
        "outcomes": Each([str]),
        "lessons": Each([str]),
        "mission_purposes": Each(TEXTS),
        "commitments": Each(Each([str])),
        "meetings": TEXTS,
        "budget_descriptions": Each(TEXTS),
        "participation_notes": Each(TEXTS),
        "tags": Each(Each([str])),
        "agreement_plans": [
            {
                "scenario": Choice(PATHS),
                "kind": Choice(AgreementKind.values),
                "city?": int,  # the index of a city partner
                "organisation?": Choice(PartnerKind.values),  # a partner of that kind
                "themes": [str],
                "title": int,  # the index of its title among the titles of its kind
            }
        ],
        "organisation_partners": Each([Choice(PartnerKind.values)]),
        "edition": TEXTS,
        "budget_ranges": Each((int, int)),
        "government_data": Each(
            {
                "language": str,
                "short": str,
                "domain": str,
                "departments": Each(str),
                "mayors": [((int, int, int), str, str)],
                "mayor_position": (str, str),
                "staff": [(str, str, str)],
                "funders": Each([str]),
                "registration": Each(str),
                "legal_basis": str,
                "city_partners": [
                    {"country": str, "geonames_name": str, "short": str, "name": str}
                ],
                "other_partners": [
                    {
                        "kind": str,
                        "country": str,
                        "short": str,
                        "name": str,
                        "description": str,
                        "network": str,
                    }
                ],
                "actors": [{"kind": str, "name": str, "description": str, "contact_name": str}],
                "networks": [
                    {
                        "key": str,
                        "name": str,
                        "acronym": str,
                        "scope": str,
                        "website": str,
                        "description": str,
                        "since_year": int,
                        "status": str,
                        "annual_fee": int,
                        "department": str,
                        "working_groups": [str],
                        "reporting_duties": str,
                        "posts": [(str, str, int, Nullable(int))],
                    }
                ],
            }
        ),
    },
)


def _government_data(texts: dict[str, Any], slug: str) -> dict[str, Any] | None:
    """The content of the government ``slug``, its partners, actors and networks as records."""
    data = texts["government_data"].get(slug)
    if data is None:
        return None
    return {
        **data,
        "city_partners": tuple(CityPartner(**spec) for spec in data["city_partners"]),
        "other_partners": tuple(OtherPartner(**spec) for spec in data["other_partners"]),
        "actors": tuple(LocalActorSpec(**spec) for spec in data["actors"]),
        "networks": tuple(
            NetworkSpec(
                **{
                    **spec,
                    "working_groups": tuple(spec["working_groups"]),
                    "posts": tuple(tuple(post) for post in spec["posts"]),
                }
            )
            for spec in data["networks"]
        ),
    }


# --- Context ---------------------------------------------------------------------------------


@dataclass
class PartnerInfo:
    partner: Partner
    short: str
    kind: str
    country: str
    language: str
    is_city: bool
    fresh: bool  # created by this run


@dataclass
class AgreementPlan:
    number: int
    scenario: str  # active, expiring, dormant, draft, negotiation, signed, suspended, expired,
    # terminated_draft (ended in negotiation), terminated (ended while in force)
    kind: str
    parties: list[PartnerInfo]
    themes: tuple[str, ...]
    dates: dict[str, date] = field(default_factory=dict)  # status → date it was reached
    valid_until: date | None = None
    agreement: Agreement | None = None
    fresh: bool = False  # created by this run

    @property
    def in_force_from(self) -> date | None:
        return self.dates.get(AgreementStatus.IN_FORCE)

    @property
    def ends_on(self) -> date | None:
        for status in (
            AgreementStatus.SUSPENDED,
            AgreementStatus.EXPIRED,
            AgreementStatus.TERMINATED,
        ):
            if status in self.dates:
                return self.dates[status]
        return None


@dataclass
class Demo:
    government: Government
    report: DemoReport
    rng: random.Random
    anchor: date
    lang: str
    data: dict[str, Any]
    texts: dict[str, Any]
    departments: dict[str, Department | None]
    themes: dict[str, Theme]
    targets: dict[int, list[SdgTarget]]
    coordinator: Any = None
    partners: list[PartnerInfo] = field(default_factory=list)
    actors: list[LocalActor] = field(default_factory=list)
    networks: list[tuple[NetworkSpec, Network]] = field(default_factory=list)
    plans: list[AgreementPlan] = field(default_factory=list)
    _country_names: dict[str, str] = field(default_factory=dict)

    def day(self, offset: int) -> date:
        return self.anchor + timedelta(days=offset)

    def country_name(self, code: str) -> str:
        if code not in self._country_names:
            with translation.override(self.lang):
                self._country_names[code] = str(countries.name(code)) if code else ""
        return self._country_names[code]

    def theme_name(self, code: str) -> str:
        theme = self.themes.get(code)
        if theme is None:
            return code
        name = str(getattr(theme, f"name_{self.lang}", "") or theme.name_en)
        return name[:1].lower() + name[1:]

    def position(self, key: str, gender: str) -> str:
        forms: list[str] = self.texts["positions"][self.lang][key]  # [masculine, feminine]
        masculine, feminine = forms
        return feminine if gender == "f" else masculine

    def mayor(self, on: date) -> tuple[str, str]:
        """Name and position of the mayor in office on ``on``."""
        name, gender = self.data["mayors"][0][1], self.data["mayors"][0][2]
        for start, candidate, candidate_gender in self.data["mayors"]:
            if date(*start) <= on:
                name, gender = candidate, candidate_gender
        masculine, feminine = self.data["mayor_position"]
        return name, feminine if gender == "f" else masculine

    def department(self, key: str) -> Department | None:
        return self.departments.get(key)

    def created(self, what: str) -> None:
        self.report.add(f"{what} ({self.government.slug})")


@demo_step(order=10)
def load_register(government: Government, report: DemoReport) -> None:
    """Give a demo government its register of international action (see the module doc)."""
    texts = REGISTER.load()
    data = _government_data(texts, government.slug)
    if data is None:
        return
    demo = _context(government, report, data, texts)
    _load_local_actors(demo)
    _load_partners(demo)
    _load_networks(demo)
    _load_agreements(demo)
    _load_actions(demo)
    _load_other_commitments(demo)


def _context(
    government: Government, report: DemoReport, data: dict[str, Any], texts: dict[str, Any]
) -> Demo:
    departments = {d.name: d for d in Department.objects.for_tenant(government)}
    targets: dict[int, list[SdgTarget]] = {}
    for target in SdgTarget.objects.order_by("goal__number", "position"):
        targets.setdefault(int(target.goal_id), []).append(target)
    coordinator = (
        Membership.objects.for_tenant(government)
        .filter(user__username="coordinator")
        .select_related("user")
        .first()
    )
    return Demo(
        government=government,
        report=report,
        rng=seeded_random("register", government),
        anchor=anchor(),
        lang=data["language"],
        data=data,
        texts=texts,
        departments={key: departments.get(name) for key, name in data["departments"].items()},
        themes={t.code: t for t in Theme.objects.all()},
        targets=targets,
        coordinator=coordinator.user if coordinator else None,
    )


# --- Helpers ---------------------------------------------------------------------------------


def _slug(text: str, length: int = 40) -> str:
    return slugify(unidecode(text))[:length].strip("-") or "demo"


STOP_WORDS = frozenset(
    {"a", "as", "da", "das", "de", "del", "do", "dos", "e", "el", "en", "la", "las", "los", "o"}
)


def _domain(text: str) -> str:
    """A fictional internet domain for an organisation: "Universidad de Texas en San Antonio"
    → "universidad-texas-san-antonio.example.org"."""
    words = [w for w in _slug(text, 200).split("-") if w and w not in STOP_WORDS]
    return f"{'-'.join(words[:4]) or 'demo'}.example.org"


def _person(demo: Demo, language: str) -> tuple[str, str, str]:
    """A fictional person: name, gender and the local part of their e-mail address."""
    language = language if language in demo.texts["first_names"] else demo.lang
    first, gender = demo.rng.choice(demo.texts["first_names"][language])
    last = demo.rng.choice(demo.texts["last_names"][language])
    local = f"{_slug(first.split()[0], 20)}.{_slug(last.split()[0], 20)}"
    return f"{first} {last}", gender, local


def _phone(demo: Demo, country: str) -> str:
    prefix = demo.texts["country_phone"].get(country, "+1")
    return f"{prefix} 555 {demo.rng.randint(100, 999)} {demo.rng.randint(1000, 9999)}"


def _sdg_targets(demo: Demo, theme_codes: Sequence[str], count: int) -> list[SdgTarget]:
    goals = sorted({g for code in theme_codes for g in demo.themes[code].sdg_goals})
    pool = [t for goal in goals for t in demo.targets.get(goal, [])]
    if not pool:
        return []
    return sorted(demo.rng.sample(pool, min(count, len(pool))), key=lambda t: t.code)


def _pick_themes(demo: Demo, pool: Sequence[str], count: int) -> list[str]:
    available = [code for code in pool if code in demo.themes]
    return demo.rng.sample(available, min(count, len(available))) if available else []


def _money(demo: Demo, low: int, high: int) -> Decimal:
    """An amount in the government's currency (budgets are sized in Mexican pesos)."""
    factor = Decimal("0.3") if demo.government.currency == "BRL" else Decimal("1")
    hundreds = (Decimal(demo.rng.randint(low, high)) * factor / 100).quantize(Decimal("1"))
    return hundreds * 100


def _fill(template: str, **values: Any) -> str:
    return template.format(**values)


# --- Local actors ----------------------------------------------------------------------------


def _load_local_actors(demo: Demo) -> None:
    existing = {
        a.external_id: a
        for a in LocalActor.objects.for_tenant(demo.government).filter(
            external_id__startswith="demo-actor-"
        )
    }
    country = demo.government.country.code
    for number, spec in enumerate(demo.data["actors"], start=1):
        values = _actor_values(demo, spec, country)
        external_id = f"demo-actor-{number:02d}"
        actor = existing.get(external_id)
        if actor is None:
            actor = create_local_actor(
                demo.government, acting_user=None, external_id=external_id, **values
            )
            demo.created(f"local actor {actor.name}")
        demo.actors.append(actor)


def _actor_values(demo: Demo, spec: LocalActorSpec, country: str) -> dict[str, Any]:
    domain = _domain(spec.name)
    contact = re.sub(r"^(Dra?|Mtr[oa]|Lic|Ing|Eng|Profa?|Ver)\.\s+", "", spec.contact_name)
    words = contact.split()
    return {
        "name": spec.name,
        "kind": spec.kind,
        "description": spec.description,
        "contact_name": spec.contact_name,
        "email": f"{_slug(words[0], 20)}.{_slug(words[-1], 20)}@{domain}",
        "phone": _phone(demo, country),
        "website": f"https://{domain}",
    }


# --- Partners, contacts and journal ----------------------------------------------------------


def _load_partners(demo: Demo) -> None:
    government = demo.government
    existing = {
        p.external_id: p
        for p in Partner.objects.for_tenant(government).filter(
            external_id__startswith="demo-partner-"
        )
    }
    places = _places(demo.data["city_partners"])
    specs: list[CityPartner | OtherPartner] = [
        *demo.data["city_partners"],
        *demo.data["other_partners"],
    ]
    tag_pool = demo.texts["tags"][demo.lang]["partner"]
    for number, spec in enumerate(specs, start=1):
        is_city = isinstance(spec, CityPartner)
        kind: str  # a PartnerKind value
        if isinstance(spec, CityPartner):
            kind, place = (
                PartnerKind.LOCAL_GOVERNMENT,
                places.get((spec.country, spec.geonames_name)),
            )
        else:
            kind, place = spec.kind, None
        country = spec.country
        language = demo.texts["country_language"].get(country, "en") if country else "en"
        values: dict[str, Any] = {
            "name": spec.name,
            "kind": kind,
            "country": country,
            "place": place,
            "website": f"https://{_domain(spec.short if is_city else spec.name)}",
            "languages": sorted({language, "en"}) if demo.rng.random() < 0.4 else [language],
            "description": _partner_description(demo, spec),
        }
        tags = [demo.rng.choice(tag_pool)] if demo.rng.random() < 0.5 else []
        external_id = f"demo-partner-{number:02d}"
        partner = existing.get(external_id)
        fresh = partner is None
        if partner is None:
            partner = create_partner(
                government, acting_user=None, tags=tags, external_id=external_id, **values
            )
            demo.created(f"partner {partner.name}")
        info = PartnerInfo(partner, spec.short, values["kind"], country, language, is_city, fresh)
        demo.partners.append(info)
        if fresh:
            _add_contacts(demo, info)
            _add_partner_notes(demo, info)


def _places(specs: Sequence[CityPartner]) -> dict[tuple[str, str], City]:
    """The GeoNames place of each city partner, when reference cities are loaded."""
    wanted = {(s.country, s.geonames_name) for s in specs}
    query = Q()
    for country, name in wanted:
        query |= Q(country=country, name=name)
    found: dict[tuple[str, str], City] = {}
    for city in City.objects.filter(query).order_by("-population", "geonameid"):
        found.setdefault((str(city.country), city.name), city)
    return found


def _partner_description(demo: Demo, spec: CityPartner | OtherPartner) -> str:
    if isinstance(spec, OtherPartner):
        return spec.description
    country = demo.country_name(spec.country)
    if demo.lang == "pt":
        return f"Governo local de {spec.short} ({country})."
    return f"Gobierno local de {spec.short} ({country})."


def _add_contacts(demo: Demo, info: PartnerInfo) -> None:
    roles, _signer = demo.texts["kind_positions"][info.kind]
    domain = _domain(info.short if info.is_city else info.partner.name)
    for index in range(demo.rng.choice((1, 1, 2))):
        name, gender, local = _person(demo, info.language)
        values = {
            "name": name,
            "role": demo.position(roles[index % len(roles)], gender),
            "email": f"{local}@{domain}",
            "phone": _phone(demo, info.country or demo.government.country.code),
            "notes": "",
            "is_primary": index == 0,
        }
        add_contact(info.partner, acting_user=None, **values)
        demo.created(f"contact {name}")


def _add_partner_notes(demo: Demo, info: PartnerInfo) -> None:
    departments = [d for d in dict.fromkeys(demo.departments.values()) if d is not None]
    for _ in range(demo.rng.randint(1, 3)):
        template = demo.rng.choice(demo.texts["partner_notes"][demo.lang])
        person, _gender, _local = _person(demo, info.language)
        text = _fill(template, contact=person, city=info.short)
        on = demo.day(-demo.rng.randint(20, 2200))
        department = (
            demo.rng.choice(departments) if departments and demo.rng.random() < 0.6 else None
        )
        add_partner_note(info.partner, acting_user=None, text=text, date=on, department=department)
        demo.created(f"journal note on {info.partner.name}")


# --- City networks, memberships and posts ----------------------------------------------------


def _load_networks(demo: Demo) -> None:
    government = demo.government
    networks = {n.name: n for n in Network.objects.for_tenant(government)}
    memberships = {m.network_id: m for m in NetworkMembership.objects.for_tenant(government)}
    posts = set(NetworkPost.objects.for_tenant(government).values_list("membership_id", "title"))
    network_partners = {
        spec.network: info.partner
        for spec, info in zip(
            demo.data["other_partners"],
            demo.partners[len(demo.data["city_partners"]) :],
            strict=True,
        )
        if spec.network
    }
    for spec in demo.data["networks"]:
        network = networks.get(spec.name)
        if network is None:
            network = create_network(
                government,
                acting_user=None,
                name=spec.name,
                acronym=spec.acronym,
                scope=spec.scope,
                website=spec.website,
                description=spec.description,
                partner=network_partners.get(spec.key),
            )
            demo.created(f"network {network.name}")
        demo.networks.append((spec, network))
        membership = memberships.get(network.pk)
        since = date(spec.since_year, demo.rng.randint(1, 12), 1)
        if membership is None:
            membership = create_network_membership(
                government,
                acting_user=None,
                network=network,
                status=spec.status,
                since=since,
                until=date(spec.since_year + 9, 12, 31) if spec.status == "ended" else None,
                annual_fee=Decimal(spec.annual_fee) if spec.annual_fee else None,
                currency=government.currency,
                department=demo.department(spec.department),
                working_groups="\n".join(spec.working_groups),
                reporting_duties=spec.reporting_duties,
            )
            demo.created(f"membership in {network.name}")
        for title, holder, start_year, end_year in spec.posts:
            start = date(start_year, 3, 1)
            name = demo.mayor(start)[0] if holder == "mayor" else holder
            if (membership.pk, title) not in posts:
                add_network_post(
                    membership,
                    acting_user=None,
                    title=title,
                    holder=name,
                    start=start,
                    end=date(end_year, 12, 31) if end_year else None,
                )
                posts.add((membership.pk, title))
                demo.created(f"post {title}")


# --- Agreements ------------------------------------------------------------------------------


def _load_agreements(demo: Demo) -> None:
    government = demo.government
    existing = {
        a.external_id: a
        for a in Agreement.objects.for_tenant(government).filter(
            external_id__startswith="demo-agreement-"
        )
    }
    for number, spec in enumerate(demo.texts["agreement_plans"], start=1):
        scenario, kind, themes, title_index = (
            spec["scenario"],
            spec["kind"],
            spec["themes"],
            spec["title"],
        )
        parties = [spec[key] for key in ("city", "organisation") if key in spec]
        plan = AgreementPlan(
            number=number,
            scenario=scenario,
            kind=kind,
            parties=[_party(demo, party) for party in parties],
            themes=tuple(code for code in themes if code in demo.themes),
        )
        _plan_dates(demo, plan)
        values, sdg_targets, tags = _agreement_values(demo, plan, title_index)
        external_id = f"demo-agreement-{number:02d}"
        agreement = existing.get(external_id)
        if agreement is None:
            agreement = agreement_services.create_agreement(
                government,
                acting_user=None,
                partners=[info.partner for info in plan.parties],
                themes=[demo.themes[code] for code in plan.themes],
                sdg_targets=sdg_targets,
                tags=tags,
                external_id=external_id,
                **values,
            )
            demo.created(f"agreement {agreement.title}")
            plan.fresh = True
            _walk(demo, plan, agreement)
        plan.agreement = agreement
        demo.plans.append(plan)
        if plan.fresh:
            _add_signatories(demo, plan, agreement)


def _party(demo: Demo, party: int | str) -> PartnerInfo:
    if isinstance(party, int):
        return [info for info in demo.partners if info.is_city][party]
    return next(info for info in demo.partners if info.kind == party)


def _plan_dates(demo: Demo, plan: AgreementPlan) -> None:
    """The date each status of the plan's path is reached, all before the anchor."""
    rng = demo.rng
    # how long ago the agreement came into force, for the scenarios that reach it
    ago = {
        "active": (420, 2400),
        "expiring": (1400, 1700),
        "dormant": (1100, 2200),
        "suspended": (900, 1300),
        "expired": (1500, 2300),
        "terminated": (1200, 1800),
    }
    in_force_ago = rng.randint(*ago[plan.scenario]) if plan.scenario in ago else 0
    if plan.scenario == "dormant":
        # nothing under it for well over the government's dormancy period
        in_force_ago = max(in_force_ago, demo.government.dormancy_months * 31 + 560)
    path = PATHS[plan.scenario]
    dates = plan.dates
    if AgreementStatus.IN_FORCE in path:
        in_force = demo.day(-in_force_ago)
        signed = in_force - timedelta(days=rng.randint(10, 90))
        dates[AgreementStatus.NEGOTIATION] = signed - timedelta(days=rng.randint(90, 300))
        dates[AgreementStatus.SIGNED] = signed
        dates[AgreementStatus.IN_FORCE] = in_force
        if plan.scenario == "expiring":
            plan.valid_until = demo.day(rng.choice((45, 60, 75)))
        elif plan.scenario == "expired":
            plan.valid_until = demo.day(-rng.randint(120, 700))
            dates[AgreementStatus.EXPIRED] = plan.valid_until + timedelta(days=1)
        elif plan.scenario == "suspended":
            plan.valid_until = in_force + timedelta(days=5 * 365)
            dates[AgreementStatus.SUSPENDED] = demo.day(-rng.randint(150, 300))
        elif plan.scenario == "terminated":
            plan.valid_until = in_force + timedelta(days=4 * 365)
            dates[AgreementStatus.TERMINATED] = demo.day(-rng.randint(200, 500))
        elif plan.kind in (AgreementKind.TWINNING, AgreementKind.NETWORK_ADHESION):
            plan.valid_until = None  # indefinite
        else:
            years = rng.randint(4, 6)
            plan.valid_until = in_force + timedelta(days=years * 365)
            if plan.valid_until < demo.day(200):
                plan.valid_until = demo.day(rng.randint(200, 900))
    elif plan.scenario == "signed":
        dates[AgreementStatus.SIGNED] = demo.day(-rng.randint(20, 120))
        dates[AgreementStatus.NEGOTIATION] = dates[AgreementStatus.SIGNED] - timedelta(
            days=rng.randint(90, 240)
        )
        plan.valid_until = dates[AgreementStatus.SIGNED] + timedelta(days=4 * 365)
    elif plan.scenario in ("negotiation", "terminated_draft"):
        dates[AgreementStatus.NEGOTIATION] = demo.day(-rng.randint(100, 700))
        if plan.scenario == "terminated_draft":
            dates[AgreementStatus.TERMINATED] = dates[AgreementStatus.NEGOTIATION] + timedelta(
                days=rng.randint(60, 90)
            )


def _agreement_values(
    demo: Demo, plan: AgreementPlan, title_index: int
) -> tuple[dict[str, Any], list[SdgTarget], list[str]]:
    rng = demo.rng
    first = plan.parties[0]
    signed = plan.dates.get(AgreementStatus.SIGNED)
    year = (signed or demo.anchor).year
    titles = demo.texts["agreement_titles"][demo.lang][plan.kind]
    texts = demo.texts["agreement_texts"][demo.lang]
    theme = demo.theme_name(plan.themes[0]) if plan.themes else ""
    names = {"gov": demo.data["short"], "city": first.short, "partner": first.partner.name}
    values: dict[str, Any] = {
        "title": _fill(titles[title_index % len(titles)], year=year, **names),
        "kind": plan.kind,
        "summary": _fill(texts["summary"], **names),
        "objectives": texts["objectives"],
        "lead_department": demo.department(
            "environment"
            if set(plan.themes) & {"waste", "water", "climate"}
            else "education"
            if "education" in plan.themes
            else "international"
        ),
        "renewal": RenewalType.NONE,
        "notice_period_days": None,
        "legal_basis": _fill(demo.data["legal_basis"], number=rng.randint(12, 240), year=year),
    }
    if plan.valid_until is not None and plan.scenario not in ("draft", "negotiation"):
        values["renewal"] = rng.choice((RenewalType.BY_ACT, RenewalType.AUTOMATIC))
        values["notice_period_days"] = rng.choice((60, 90, 180))
    values.update(_registration(demo, plan))
    public = plan.scenario in ("active", "expiring", "dormant", "expired") and rng.random() < 0.7
    values["is_public"] = public
    values["public_summary"] = (
        _fill(texts["public_summary"], theme=theme, **names) if public else ""
    )
    sdg_targets = _sdg_targets(demo, plan.themes, rng.randint(1, 3)) if plan.themes else []
    tags = [rng.choice(demo.texts["tags"][demo.lang]["agreement"])] if rng.random() < 0.4 else []
    return values, sdg_targets, tags


def _registration(demo: Demo, plan: AgreementPlan) -> dict[str, Any]:
    """National notification and registration, for about half of the agreements."""
    rng = demo.rng
    registration = demo.data["registration"]
    negotiation = plan.dates.get(AgreementStatus.NEGOTIATION)
    if negotiation is None or rng.random() < 0.4:
        return {}
    submitted = negotiation + timedelta(days=rng.randint(20, 60))
    signed = plan.dates.get(AgreementStatus.SIGNED)
    if plan.scenario == "negotiation":
        status = rng.choice((RegistrationStatus.PENDING, RegistrationStatus.SUBMITTED))
    elif plan.scenario == "terminated_draft":
        status = RegistrationStatus.OBSERVED
    elif plan.scenario == "signed":
        status = RegistrationStatus.SUBMITTED
    else:
        status = RegistrationStatus.REGISTERED
    values: dict[str, Any] = {
        "registration_required": True,
        "registration_status": status,
        "registration_authority": registration["authority"],
    }
    if status != RegistrationStatus.PENDING:
        values["registration_submitted_on"] = submitted
    if status == RegistrationStatus.REGISTERED:
        year = (signed or submitted).year
        values["registration_reference"] = (
            f"{registration['prefix']}-{year}-{rng.randint(10, 999):04d}"
        )
        values["registration_opinion"] = registration["opinion"]
    elif status == RegistrationStatus.OBSERVED:
        values["registration_opinion"] = registration["observed"]
    return values


def _walk(demo: Demo, plan: AgreementPlan, agreement: Agreement) -> None:
    """Bring a new agreement to its status through the valid transitions, with past dates."""
    notes = demo.texts["transition_notes"][demo.lang]
    for status in PATHS[plan.scenario]:
        agreement = agreement_services.transition_agreement(
            agreement,
            acting_user=None,
            to_status=status,
            on=plan.dates[status],
            note=notes[status],
            valid_until=plan.valid_until if status == AgreementStatus.IN_FORCE else None,
        )
        demo.created(f"status {status} of {agreement.title}")


def _add_signatories(demo: Demo, plan: AgreementPlan, agreement: Agreement) -> None:
    """Who signed, on both sides: the mayor in office that day and each party's head."""
    signed = plan.dates.get(AgreementStatus.SIGNED)
    if signed is None:
        return
    name, position = demo.mayor(signed)
    wanted: list[dict[str, Any]] = [
        {"side": Side.OURS, "partner": None, "name": name, "position": position}
    ]
    for info in plan.parties:
        person, gender, _local = _person(demo, info.language)
        _roles, signer = demo.texts["kind_positions"][info.kind]
        wanted.append(
            {
                "side": Side.PARTNER,
                "partner": info.partner,
                "name": person,
                "position": demo.position(signer, gender),
            }
        )
    for values in wanted:
        agreement_services.add_signatory(agreement, acting_user=None, **values)
        demo.created(f"signatory {values['name']}")


# --- Actions, budgets, local actors, missions and their commitments --------------------------

# modalities that suit work carried out under an agreement
UNDER_AGREEMENT = (
    Modality.DECENTRALIZED_COOPERATION,
    Modality.TECHNICAL_EXCHANGE,
    Modality.MISSION,
    Modality.DELEGATION,
    Modality.CULTURE,
    Modality.SPORT,
    Modality.EDUCATION,
    Modality.ECONOMIC_PROMOTION,
    Modality.TOURISM,
    Modality.TRAINING,
    Modality.EVENT,
)
# ... and with an organisation (a university, an embassy…) rather than a city
UNDER_AGREEMENT_WITH_ORGANISATION = (
    Modality.DECENTRALIZED_COOPERATION,
    Modality.TECHNICAL_EXCHANGE,
    Modality.MISSION,
    Modality.EDUCATION,
    Modality.TRAINING,
)
# modalities whose partner may be an organisation rather than a city
ANY_PARTNER = (Modality.EDUCATION, Modality.TRAINING, Modality.PEACE_MIGRATION)
ROLE_WEIGHTS = (
    (ActorRole.PARTICIPANT, 4),
    (ActorRole.CO_ORGANISER, 2),
    (ActorRole.IMPLEMENTER, 2),
    (ActorRole.FUNDER, 1),
    (ActorRole.BENEFICIARY, 2),
    (ActorRole.ADVISOR, 1),
)


@dataclass
class Slot:
    """One action to create: its modality, dates, partners and agreement."""

    modality: str
    start: date
    end: date
    partners: list[PartnerInfo]
    plan: AgreementPlan | None = None
    network: tuple[NetworkSpec, Network] | None = None


def _load_actions(demo: Demo) -> None:
    existing = {
        a.external_id: a
        for a in Action.objects.for_tenant(demo.government).filter(
            external_id__startswith="demo-action-"
        )
    }
    pool = Counter({modality: count for modality, count in demo.texts["modality_counts"].items()})
    slots = _agreement_slots(demo, pool)
    remaining = [
        modality for modality in demo.texts["modality_counts"] for _ in range(pool[modality])
    ]
    demo.rng.shuffle(remaining)
    slots += [_free_slot(demo, modality) for modality in remaining]
    titles: set[str] = set()
    for number, slot in enumerate(slots, start=1):
        _load_action(demo, existing, number, slot, titles)


def _take(demo: Demo, pool: Counter[str], choices: Sequence[str]) -> str:
    """A modality among ``choices`` still available in ``pool``, drawn by what remains."""
    weighted = [m for m in choices for _ in range(pool[m])]
    modality = demo.rng.choice(weighted) if weighted else demo.rng.choice(list(+pool))
    pool[modality] -= 1
    return modality


def _duration(demo: Demo, modality: str) -> int:
    low, high = demo.texts["modality_profile"][modality][2]
    return demo.rng.randint(low, high)


def _agreement_slots(demo: Demo, pool: Counter[str]) -> list[Slot]:
    """Actions carried out under the agreements, dated within their validity: recent work
    under the agreements in force (so they are not dormant), none for years under the
    dormant ones."""
    slots: list[Slot] = []
    for plan in demo.plans:
        in_force = plan.in_force_from
        windows: list[tuple[date, date, date | None]] = []  # earliest, latest start, end cap
        if plan.scenario in ("active", "expiring") and in_force:
            recent = (demo.day(-150), demo.day(-40), None)
            earlier = (in_force + timedelta(days=15), demo.day(-40), None)
            windows = [recent, earlier, earlier]
        elif plan.scenario in ("suspended", "expired", "terminated") and in_force and plan.ends_on:
            last_day = plan.ends_on - timedelta(days=30)
            window = (in_force + timedelta(days=15), last_day - timedelta(days=30), last_day)
            windows = [window] * (1 if plan.scenario == "terminated" else 2)
        elif plan.scenario == "dormant" and in_force:
            first_year = in_force + timedelta(days=300)
            windows = [(in_force + timedelta(days=15), in_force + timedelta(days=200), first_year)]
        elif plan.scenario == "signed":
            windows = [(demo.day(40), demo.day(200), None)]
        network_plan = plan.kind == AgreementKind.NETWORK_ADHESION
        if network_plan:
            choices: Sequence[str] = (Modality.NETWORK_ACTIVITY,)
        elif plan.parties[0].is_city:
            choices = UNDER_AGREEMENT
        else:
            choices = UNDER_AGREEMENT_WITH_ORGANISATION
        for earliest, latest, cap in windows:
            modality = _take(demo, pool, choices)
            start = earliest + timedelta(days=demo.rng.randint(0, max((latest - earliest).days, 0)))
            end = start + timedelta(days=_duration(demo, modality))
            if cap is not None and end > cap:
                end = max(start, cap)
            network = None
            if network_plan:
                network = next(
                    (n for n in demo.networks if n[1].partner_id == plan.parties[0].partner.pk),
                    None,
                )
            slots.append(Slot(modality, start, end, list(plan.parties), plan, network))
    return slots


def _free_slot(demo: Demo, modality: str) -> Slot:
    rng = demo.rng
    first = date(FIRST_YEAR, 1, 7)
    draw = rng.random()
    if draw < 0.2:  # planned for the coming year
        start = demo.day(rng.randint(UNSETTLED_DAYS, 330))
    elif draw < 0.32:  # recent: part of it still going on
        start = demo.day(-rng.randint(1, 420))
    else:
        start = first + timedelta(days=rng.randint(0, (demo.anchor - first).days))
    end = start + timedelta(days=_duration(demo, modality))
    cities = [info for info in demo.partners if info.is_city]
    others = [info for info in demo.partners if not info.is_city]
    partners: list[PartnerInfo] = []
    network = None
    if modality == Modality.NETWORK_ACTIVITY:
        network = rng.choice(demo.networks) if demo.networks else None
        linked = [i for i in others if network and i.partner.pk == network[1].partner_id]
        partners = linked or ([rng.choice(cities)] if rng.random() < 0.5 else [])
    elif modality == Modality.OTHER:
        partners = []  # the office's own management work
    elif modality == Modality.ADVOCACY:
        bodies = [
            i
            for i in others
            if i.kind in (PartnerKind.INTERNATIONAL_ORGANISATION, PartnerKind.CITY_NETWORK)
        ]
        partners = [rng.choice(bodies)] if bodies and rng.random() < 0.5 else []
    elif modality in ANY_PARTNER:
        organisations = [
            i for i in others if i.kind in demo.texts["organisation_partners"][modality]
        ]
        if modality == Modality.TRAINING and rng.random() < 0.4:
            partners = []
        else:
            partners = [
                rng.choice(organisations if organisations and rng.random() < 0.4 else cities)
            ]
    else:
        partners = rng.sample(cities, 2 if rng.random() < 0.1 else 1)
    return Slot(modality, start, end, partners, None, network)


def _settle(demo: Demo, slot: Slot) -> None:
    """Move dates out of the month after the anchor, where past and future depend on the
    day the demo is loaded."""
    unsettled_end = demo.day(UNSETTLED_DAYS - 1)
    if demo.anchor <= slot.start <= unsettled_end:
        shift = timedelta(days=(unsettled_end - slot.start).days + 1 + demo.rng.randint(0, 20))
        slot.start += shift
        slot.end += shift
    if slot.start < demo.anchor <= slot.end <= unsettled_end:
        slot.end = unsettled_end + timedelta(days=1 + demo.rng.randint(0, 30))


def _status(demo: Demo, slot: Slot) -> str:
    if slot.end < demo.anchor:
        return ActionStatus.CANCELLED if demo.rng.random() < 0.08 else ActionStatus.COMPLETED
    if slot.start < demo.anchor:
        return ActionStatus.ONGOING
    return ActionStatus.IDEA if demo.rng.random() < 0.25 else ActionStatus.PLANNED


def _title(demo: Demo, slot: Slot, theme: str, titles: set[str]) -> str:
    templates = demo.texts["action_titles"][demo.lang][slot.modality]
    first = slot.partners[0] if slot.partners else None
    if first is None:
        usable = [t for t in templates if "{city}" not in t]
    elif first.is_city:
        usable = list(templates)
    else:
        # an organisation's short name carries its article: only "con/com {city}" reads well
        usable = list(demo.texts["organisation_titles"][demo.lang].get(slot.modality, ())) or [
            t
            for t in templates
            if all(word in ("con", "com") for word in re.findall(r"(\S+) \{city\}", t))
        ]
    if not usable:
        # no wording fits: the action is done with a city
        cities = [info for info in demo.partners if info.is_city]
        first = demo.rng.choice(cities)
        slot.partners = [first]
        usable = list(templates)
    template = demo.rng.choice(usable)
    network = slot.network[1] if slot.network else None
    title = _fill(
        template,
        gov=demo.data["short"],
        city=first.short if first else "",
        year=slot.start.year,
        network=(network.acronym or network.name) if network else demo.data["short"],
        theme=theme,
    )
    if title in titles and str(slot.start.year) not in title:
        title = f"{title} ({slot.start.year})"
    base, edition = title, 1
    while title in titles:
        edition += 1
        title = _fill(demo.texts["edition"][demo.lang], title=base, number=edition)
    titles.add(title)
    return title


def _load_action(
    demo: Demo, existing: dict[str, Action], number: int, slot: Slot, titles: set[str]
) -> None:
    rng = demo.rng
    _settle(demo, slot)
    status = _status(demo, slot)
    profile = demo.texts["modality_profile"][slot.modality]
    # work under an agreement takes the agreement's themes
    theme_pool = slot.plan.themes if slot.plan and slot.plan.themes else profile[1]
    theme_codes = _pick_themes(demo, theme_pool, rng.randint(1, 2))
    theme = demo.theme_name(theme_codes[0]) if theme_codes else ""
    title = _title(demo, slot, theme, titles)
    lead = demo.department(profile[0])
    others = [d for d in dict.fromkeys(demo.departments.values()) if d is not None and d != lead]
    other_departments = rng.sample(others, min(len(others), rng.choice((0, 0, 1, 2))))
    texts = demo.texts["action_descriptions"][demo.lang]
    description = _fill(texts[slot.modality], gov=demo.data["short"])
    if slot.partners:
        description += " " + _fill(texts["partner"], partner=slot.partners[0].partner.name)
    public = status in (ActionStatus.COMPLETED, ActionStatus.ONGOING) and rng.random() < 0.45
    with_partner, without = demo.texts["public_summaries"][demo.lang]
    summary = _fill(
        with_partner if slot.partners else without,
        gov=demo.data["short"],
        city=slot.partners[0].short if slot.partners else "",
        theme=theme,
        title=title,
    )
    completed = status == ActionStatus.COMPLETED
    values: dict[str, Any] = {
        "title": title,
        "modality": slot.modality,
        "status": status,
        "description": description,
        "start_date": slot.start,
        "end_date": None if status == ActionStatus.IDEA else slot.end,
        "agreement": slot.plan.agreement if slot.plan else None,
        "lead_department": lead,
        "is_public": public,
        "public_summary": summary if public else "",
        "outcomes": rng.choice(demo.texts["outcomes"][demo.lang]) if completed else "",
        "lessons_learned": rng.choice(demo.texts["lessons"][demo.lang])
        if completed and rng.random() < 0.7
        else "",
        "location": _location(demo, slot),
    }
    sdg_targets = _sdg_targets(demo, theme_codes, rng.randint(1, 2)) if theme_codes else []
    tags = [rng.choice(demo.texts["tags"][demo.lang]["action"])] if rng.random() < 0.3 else []
    external_id = f"demo-action-{number:03d}"
    if external_id in existing:
        return
    action = action_services.create_action(
        demo.government,
        acting_user=None,
        partners=[info.partner for info in slot.partners],
        departments=other_departments,
        themes=[demo.themes[code] for code in theme_codes],
        sdg_targets=sdg_targets,
        tags=tags,
        external_id=external_id,
        **values,
    )
    demo.created(f"action {action.title}")
    _add_budget(demo, action, slot, status, lead)
    _add_participations(demo, action, status)
    if slot.modality in (Modality.MISSION, Modality.DELEGATION):
        _add_mission(demo, action, slot, status, theme)


def _location(demo: Demo, slot: Slot) -> str:
    first = slot.partners[0] if slot.partners else None
    if slot.modality in (Modality.DELEGATION, Modality.CULTURE, Modality.SPORT):
        short: str = demo.data["short"]  # the city's short name, from the data file
        return short
    if (
        first is not None
        and first.is_city
        and slot.modality
        in (
            Modality.MISSION,
            Modality.TOURISM,
            Modality.ECONOMIC_PROMOTION,
        )
    ):
        return f"{first.short}, {demo.country_name(first.country)}"
    return ""


def _add_budget(
    demo: Demo, action: Action, slot: Slot, status: str, lead: Department | None
) -> None:
    rng = demo.rng
    low, high = demo.texts["budget_ranges"][slot.modality]
    if status in (ActionStatus.IDEA, ActionStatus.CANCELLED):
        count = rng.choice((0, 1))
    else:
        count = rng.choice((1, 2, 2, 3))
    extra = [FundingSource.NATIONAL, FundingSource.INTERNATIONAL, FundingSource.PRIVATE]
    if slot.partners:
        extra.append(FundingSource.PARTNER)
    sources = [FundingSource.OWN, *rng.sample(extra, min(max(count - 1, 0), len(extra)))]
    descriptions = demo.texts["budget_descriptions"][demo.lang]
    department = (lead.acronym or lead.name) if lead else demo.data["short"]
    lines: list[dict[str, Any]] = [
        {
            "source": source,
            "funder": _funder(demo, source, slot),
            "description": _fill(descriptions[source], department=department),
            "amount": _money(demo, low // count, high // count),
            "in_kind": False,
        }
        for source in sources[:count]
    ]
    if count and rng.random() < 0.25:
        source = FundingSource.PARTNER if slot.partners else FundingSource.OWN
        lines.append(
            {
                "source": source,
                "funder": _funder(demo, source, slot),
                "description": descriptions["in_kind"],
                "amount": _money(demo, low // 4, high // 4),
                "in_kind": True,
            }
        )
    for values in lines:
        action_services.add_budget_line(
            action, acting_user=None, currency=demo.government.currency, **values
        )
        demo.created(f"budget line of {action.title}")


def _funder(demo: Demo, source: str, slot: Slot) -> str:
    if source == FundingSource.PARTNER:
        return slot.partners[0].partner.name
    return str(demo.rng.choice(demo.data["funders"][source]))


def _add_participations(demo: Demo, action: Action, status: str) -> None:
    rng = demo.rng
    count = rng.choice((0, 1, 1, 2, 3)) if status != ActionStatus.IDEA else 0
    roles = [role for role, weight in ROLE_WEIGHTS for _ in range(weight)]
    notes = demo.texts["participation_notes"][demo.lang]
    for actor in rng.sample(demo.actors, min(count, len(demo.actors))):
        role = rng.choice(roles)
        action_services.add_participation(
            action, acting_user=None, actor=actor, role=role, notes=notes[role]
        )
        demo.created(f"participation of {actor.name}")


def _add_mission(demo: Demo, action: Action, slot: Slot, status: str, theme: str) -> None:
    """Travel details, travellers and the follow-up the trip left."""
    first = next((info for info in slot.partners if info.is_city), None)
    first = first or (slot.partners[0] if slot.partners else None)
    kind = "mission" if slot.modality == Modality.MISSION else "delegation"
    city = first.short if first else demo.data["short"]
    where = demo.country_name(first.country) if first else ""
    if first and first.is_city:
        where = f"{first.short}, {where}"
    cost = _money(demo, 30_000, 220_000) if kind == "mission" else _money(demo, 10_000, 90_000)
    mission = action_services.save_mission(
        action,
        acting_user=None,
        destination=first.partner.place if first else None,
        destination_text=where,
        purpose=_fill(demo.texts["mission_purposes"][demo.lang][kind], city=city, theme=theme),
        cost=None if status == ActionStatus.IDEA else cost,
        currency=demo.government.currency,
    )
    demo.created(f"travel details of {action.title}")
    for traveller in _travellers(demo, slot, kind, first):
        action_services.add_traveller(mission, acting_user=None, **traveller)
        demo.created(f"traveller {traveller['name']}")
    if status in (ActionStatus.COMPLETED, ActionStatus.ONGOING):
        _add_mission_commitments(demo, action, slot, kind, city, theme)


def _travellers(
    demo: Demo, slot: Slot, kind: str, first: PartnerInfo | None
) -> list[dict[str, Any]]:
    """Our delegation on a mission; the visitors of a delegation received."""
    rng = demo.rng
    people: list[dict[str, Any]] = []
    if kind == "mission":
        if rng.random() < 0.35:
            name, position = demo.mayor(slot.start)
            people.append({"name": name, "position": position, "department": None})
        for name, position, key in rng.sample(demo.data["staff"], rng.randint(1, 3)):
            people.append({"name": name, "position": position, "department": demo.department(key)})
        return people
    language = first.language if first else demo.lang
    roles, signer = demo.texts["kind_positions"][
        first.kind if first else PartnerKind.LOCAL_GOVERNMENT
    ]
    for index in range(rng.randint(2, 3)):
        name, gender, _local = _person(demo, language)
        key = signer if index == 0 else roles[index % len(roles)]
        people.append({"name": name, "position": demo.position(key, gender), "department": None})
    return people


def _commitment_status(demo: Demo, due: date) -> tuple[str, date | None]:
    """Status (and completion date) of a commitment due on ``due``: most past ones done,
    some overdue, a few dropped; the future ones open or in progress."""
    rng = demo.rng
    draw = rng.random()
    if due < demo.anchor:
        if draw < 0.65:
            return CommitmentStatus.DONE, due - timedelta(days=rng.randint(0, 12))
        if draw < 0.92:
            return CommitmentStatus.OPEN, None
        return CommitmentStatus.DROPPED, None
    return (CommitmentStatus.OPEN if draw < 0.6 else CommitmentStatus.IN_PROGRESS), None


def _add_mission_commitments(
    demo: Demo, action: Action, slot: Slot, kind: str, city: str, theme: str
) -> None:
    rng = demo.rng
    for template in rng.sample(demo.texts["commitments"][demo.lang][kind], rng.randint(1, 2)):
        due = slot.end + timedelta(days=rng.randint(15, 120))
        status, done_on = _commitment_status(demo, due)
        name, _position, key = rng.choice(demo.data["staff"])
        _add_commitment(
            demo,
            {
                "title": _fill(template, city=city, theme=theme),
                "action": action,
                "partner": slot.partners[0].partner if slot.partners else None,
                "responsible": name,
                "responsible_user": demo.coordinator if rng.random() < 0.3 else None,
                "department": demo.department(key),
                "due_date": due,
                "status": status,
            },
            done_on,
        )


def _add_commitment(demo: Demo, values: dict[str, Any], done_on: date | None) -> None:
    """Create a commitment; a done one is created open, then completed on its date."""
    status = values["status"]
    if status == CommitmentStatus.DONE:
        values = {**values, "status": CommitmentStatus.OPEN}
    commitment = action_services.create_commitment(demo.government, acting_user=None, **values)
    if status == CommitmentStatus.DONE:
        action_services.complete_commitment(commitment, acting_user=None, on=done_on)
    demo.created(f"commitment {commitment.title}")


def _load_other_commitments(demo: Demo) -> None:
    """Follow-up of the agreements in force, and of working meetings with partner cities
    (created with the agreement or the partner they belong to)."""
    rng = demo.rng
    for plan in demo.plans:
        if plan.scenario not in ("active", "expiring", "dormant") or plan.agreement is None:
            continue
        first = plan.parties[0]
        template = rng.choice(demo.texts["commitments"][demo.lang]["agreement"])
        due = demo.day(rng.randint(-120, 150))
        if demo.anchor <= due < demo.day(UNSETTLED_DAYS):
            due = demo.day(UNSETTLED_DAYS + rng.randint(0, 30))
        status, done_on = _commitment_status(demo, due)
        if plan.scenario == "dormant":
            # nobody followed up: the commitment is overdue (and completing one would be
            # activity under the agreement, which a dormant agreement has not had)
            due, status, done_on = demo.day(-rng.randint(200, 500)), CommitmentStatus.OPEN, None
        name, _position, key = rng.choice(demo.data["staff"])
        if plan.fresh:
            _add_commitment(
                demo,
                {
                    "title": _fill(template, city=first.short),
                    "agreement": plan.agreement,
                    "partner": first.partner,
                    "responsible": name,
                    "responsible_user": demo.coordinator if rng.random() < 0.3 else None,
                    "department": plan.agreement.lead_department,
                    "due_date": due,
                    "status": status,
                },
                done_on,
            )
    cities = [info for info in demo.partners if info.is_city]
    for info in rng.sample(cities, min(6, len(cities))):
        held = demo.day(-rng.randint(15, 400))
        template = rng.choice(demo.texts["commitments"][demo.lang]["meeting"])
        due = held + timedelta(days=rng.randint(20, 90))
        status, done_on = _commitment_status(demo, due)
        name, _position, key = rng.choice(demo.data["staff"])
        if info.fresh:
            _add_commitment(
                demo,
                {
                    "title": _fill(template, city=info.short),
                    "meeting": _fill(
                        demo.texts["meetings"][demo.lang],
                        city=info.short,
                        date=held.strftime("%d/%m/%Y"),
                    ),
                    "partner": info.partner,
                    "responsible": name,
                    "department": demo.department(key),
                    "due_date": due,
                    "status": status,
                },
                done_on,
            )

"""The demo: two fictional governments with departments and one account per role.

Loading is idempotent: every object is looked up by a natural key first, so a second run
changes nothing and writes no audit record. Everything is created through the services, so
the first run is audited like any other change (channel "command").
Later apps add their part with a function registered in ``DEMO_STEPS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from lazos.accounts.models import User
from lazos.core import audit
from lazos.demo.register import load_register
from lazos.governments import services
from lazos.governments.choices import GovernmentKind, Role
from lazos.governments.models import Department, Government, Membership
from lazos.reference.models import City, Subdivision

DEMO_PASSWORD = "lazos-demo"  # noqa: S105 - documented demo password, refused in production

DEMO_USERS = (
    # username, first name, last name, role
    ("admin", "Ana", "Admin", Role.ADMINISTRATOR),
    ("coordinator", "Carmen", "Coordinator", Role.COORDINATOR),
    ("editor", "Eduardo", "Editor", Role.EDITOR),
    ("viewer", "Vera", "Viewer", Role.VIEWER),
)

DEMO_GOVERNMENTS: tuple[dict[str, Any], ...] = (
    {
        "slug": "villa-esperanza",
        "name": "Municipality of Villa Esperanza",
        "kind": GovernmentKind.MUNICIPALITY,
        "country": "MX",
        "subdivision": "MX-JAL",
        "population": 418000,
        "official_languages": ["es"],
        "currency": "MXN",
        "departments": (
            (
                "Oficina de Relaciones Internacionales",
                "OIR",
                "Coordina la acción internacional del municipio.",
            ),
            ("Cultura", "CUL", "Festivales, patrimonio e intercambio artístico."),
            (
                "Desarrollo Económico",
                "DEC",
                "Atracción de inversiones, misiones comerciales, emprendimiento.",
            ),
            ("Medio Ambiente", "MAM", "Residuos sólidos, calidad del aire, adaptación climática."),
        ),
        "editor_departments": ("Cultura", "Medio Ambiente"),
    },
    {
        "slug": "rio-claro-do-sul",
        "name": "Prefeitura de Rio Claro do Sul",
        "kind": GovernmentKind.MUNICIPALITY,
        "country": "BR",
        "subdivision": "BR-RS",
        "population": 276000,
        "official_languages": ["pt"],
        "currency": "BRL",
        "departments": (
            (
                "Secretaria de Relações Internacionais",
                "SRI",
                "Cooperação descentralizada e redes de cidades.",
            ),
            ("Secretaria de Educação", "SMED", "Escolas, intercâmbios e formação."),
            ("Secretaria de Meio Ambiente", "SMAM", "Resíduos sólidos, parques e clima."),
        ),
        "editor_departments": ("Secretaria de Educação",),
    },
)


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)

    def add(self, what: str) -> None:
        self.created.append(what)


# The apps' demo steps import DemoReport from here, so they are imported once it exists.
from lazos.community.demo import load_community  # noqa: E402
from lazos.consultations.demo import load_consultations  # noqa: E402
from lazos.demo.peers import load_peer_government  # noqa: E402
from lazos.evaluations.demo import load_evaluations  # noqa: E402
from lazos.iati.demo import load_iati  # noqa: E402
from lazos.networks.demo import load_network_positions  # noqa: E402
from lazos.portal.demo import load_portal  # noqa: E402
from lazos.practices.demo import load_practices  # noqa: E402
from lazos.relationships.demo import load_reviews  # noqa: E402
from lazos.reminders.demo import load_reminder_preferences  # noqa: E402
from lazos.reports.demo import load_reports  # noqa: E402
from lazos.results.demo import load_results  # noqa: E402
from lazos.solidarity.demo import load_solidarity  # noqa: E402
from lazos.strategy.demo import load_strategy  # noqa: E402

DEMO_STEPS: list[Callable[[Government, DemoReport], None]] = []
DEMO_STEPS.append(load_register)  # partners, agreements, actions, networks, local actors
DEMO_STEPS.append(load_iati)  # IATI identifier, transactions
DEMO_STEPS.append(load_strategy)  # strategy 2019-2023 (superseded) and 2024-2030
DEMO_STEPS.append(load_results)  # 30 indicators with three years of updates
DEMO_STEPS.append(load_evaluations)  # 3 evaluations with recommendations
DEMO_STEPS.append(load_reviews)  # relationship reviews
DEMO_STEPS.append(load_portal)  # portal introduction in several languages
DEMO_STEPS.append(load_consultations)  # an open and a closed consultation
DEMO_STEPS.append(load_reminder_preferences)  # who receives the daily digest
DEMO_STEPS.append(load_reports)  # handover dossier and last year's annual report (last)

# Steps that span governments run once, after every demo government has its register.
DEMO_INSTANCE_STEPS: list[Callable[[DemoReport], None]] = []
DEMO_INSTANCE_STEPS.append(load_peer_government)  # Lac-Saint-Amand, the third government
DEMO_INSTANCE_STEPS.append(load_practices)  # 12 good practices and their transfer marks
DEMO_INSTANCE_STEPS.append(load_network_positions)  # public memberships, positions, endorsements
DEMO_INSTANCE_STEPS.append(load_community)  # experts, threads, notifications
DEMO_INSTANCE_STEPS.append(load_solidarity)  # one closed emergency and the help delivered


def ensure_allowed() -> None:
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured(
            "The demo refuses to load into a production configuration (LAZOS_ENV=production)."
        )


@transaction.atomic
def load_demo() -> DemoReport:
    ensure_allowed()
    report = DemoReport()
    users = {
        username: _user(username, first, last, report) for username, first, last, _r in DEMO_USERS
    }
    for spec in DEMO_GOVERNMENTS:
        government = _government(spec, report)
        departments = {
            name: _department(government, name, acronym, description, report)
            for name, acronym, description in spec["departments"]
        }
        for username, _first, _last, role in DEMO_USERS:
            editor_departments = (
                [departments[name] for name in spec["editor_departments"]]
                if role == Role.EDITOR
                else []
            )
            _membership(government, users[username], role, editor_departments, report)
        for step in DEMO_STEPS:
            step(government, report)
    for instance_step in DEMO_INSTANCE_STEPS:
        instance_step(report)
    return report


def _user(username: str, first: str, last: str, report: DemoReport) -> User:
    UserModel = get_user_model()
    user = UserModel.objects.filter(username=username).first()
    if user is None:
        user = UserModel(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.lazos.invalid",
        )
        user.set_password(DEMO_PASSWORD)
        with audit.recording(user, actor=None):
            user.save()
        report.add(f"user {username}")
    return user


def _government(spec: dict[str, Any], report: DemoReport) -> Government:
    government = Government.objects.filter(slug=spec["slug"]).first()
    if government is None:
        place = (
            City.objects.filter(country=spec["country"], name__icontains="guadalajara").first()
            if spec["country"] == "MX"
            else None
        )
        government = services.create_government(
            acting_user=None,
            is_demo=True,
            name=spec["name"],
            slug=spec["slug"],
            kind=spec["kind"],
            country=spec["country"],
            subdivision=Subdivision.objects.filter(code=spec["subdivision"]).first(),
            place=place,
            population=spec["population"],
            official_languages=spec["official_languages"],
            currency=spec["currency"],
        )
        report.add(f"government {government.slug}")
    return government


def _department(
    government: Government, name: str, acronym: str, description: str, report: DemoReport
) -> Department:
    department = Department.objects.for_tenant(government).filter(name=name).first()
    if department is None:
        department = services.create_department(
            government,
            acting_user=None,
            name=name,
            acronym=acronym,
            description=description,
            email="",
            is_active=True,
        )
        report.add(f"department {name}")
    return department


def _membership(
    government: Government, user: User, role: str, departments: list[Department], report: DemoReport
) -> Membership:
    membership = Membership.objects.for_tenant(government).filter(user=user).first()
    if membership is None:
        membership = services.add_member(
            government, acting_user=None, user=user, role=role, departments=departments
        )
        report.add(f"membership {user.username} in {government.slug}")
    return membership

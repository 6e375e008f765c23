"""The permission matrix of every endpoint of the register: list, retrieve, create, update and
delete, for anonymous callers, strangers, another government's administrator and each role;
editors limited to their departments' work.

Each resource is described once (how to build one of our objects, a payload that creates one,
a change) and every test runs over all of them. Every response is validated against the
committed schema by the API test client."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db.models import Model

from lazos.actions.choices import Modality
from lazos.actions.tests.factories import (
    ActionFactory,
    BudgetLineFactory,
    CommitmentFactory,
    MissionFactory,
    ParticipationFactory,
    TravellerFactory,
    make_actor,
)
from lazos.actors.tests.factories import LocalActorFactory
from lazos.agreements.tests.factories import AgreementFactory, SignatoryFactory
from lazos.api.tests.helpers import api_client, assert_api_matrix, assert_api_matrix_fresh
from lazos.core.testing import TenantWorld
from lazos.core.testing.builders import DepartmentFactory
from lazos.governments.models import Department
from lazos.networks.tests.factories import (
    NetworkFactory,
    NetworkMembershipFactory,
    NetworkPostFactory,
)
from lazos.partners.tests.factories import ContactFactory, PartnerFactory, PartnerNoteFactory

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix} {next(_numbers)}"


def other_department(world: TenantWorld) -> Department:
    """A department of our government the editor does not belong to."""
    found = Department.objects.for_tenant(world.government).filter(name="w Economy").first()
    return found or DepartmentFactory.create(government=world.government, name="w Economy")


def travel_action(world: TenantWorld, department: Department | None) -> Any:
    return ActionFactory.create(
        government=world.government, modality=Modality.MISSION, lead_department=department
    )


@dataclass
class Resource:
    """One endpoint of the register, for the generic tests.

    ``build(world, department)`` makes one of our objects (owned by ``department`` where
    ownership matters); ``payload(world, department)`` a fresh body that creates one.
    """

    path: str
    build: Callable[[TenantWorld, Department | None], Model]
    payload: Callable[[TenantWorld, Department | None], dict[str, Any]]
    change: dict[str, Any] = field(default_factory=dict)
    departmental: bool = False  # DepartmentPolicy: editors write their departments' work
    journal: bool = False  # JournalPolicy: editors add; delete their own or departments'
    updatable: bool = True
    deletable: bool = True
    outsider_creates: int = 400  # 201 when the payload names none of our objects

    @property
    def url(self) -> str:
        return f"/api/v1/{self.path}/"

    def detail(self, obj: Model) -> str:
        return f"/api/v1/{self.path}/{obj.pk}/"

    def __str__(self) -> str:
        return self.path


def _partner(world: TenantWorld, department: Department | None) -> Model:
    return PartnerFactory.create(government=world.government)


def _agreement(world: TenantWorld, department: Department | None) -> Model:
    return AgreementFactory.create(
        government=world.government,
        lead_department=department,
        partners=[PartnerFactory.create(government=world.government)],
    )


def _action(world: TenantWorld, department: Department | None) -> Model:
    return ActionFactory.create(government=world.government, lead_department=department)


def _membership(world: TenantWorld, department: Department | None) -> Model:
    return NetworkMembershipFactory.create(
        network=NetworkFactory.create(government=world.government)
    )


RESOURCES = [
    Resource(
        "partners",
        build=_partner,
        payload=lambda w, d: {
            "name": unique("Partner"),
            "kind": "local_government",
            "country": "ES",
            "tags": ["youth"],
        },
        change={"description": "Changed through the API"},
        outsider_creates=201,
    ),
    Resource(
        "contacts",
        build=lambda w, d: ContactFactory.create(partner=_partner(w, d)),
        payload=lambda w, d: {"partner": _partner(w, d).pk, "name": unique("Contact")},
        change={"role": "Mayor"},
    ),
    Resource(
        "partner-notes",
        build=lambda w, d: PartnerNoteFactory.create(partner=_partner(w, d), department=d),
        payload=lambda w, d: {"partner": _partner(w, d).pk, "text": "A call", "department": None},
        journal=True,
        updatable=False,
    ),
    Resource(
        "agreements",
        build=_agreement,
        payload=lambda w, d: {
            "title": unique("Agreement"),
            "kind": "cooperation",
            "partners": [_partner(w, d).pk],
            "lead_department": d.pk if d else None,
        },
        change={"summary": "Changed through the API"},
        departmental=True,
    ),
    Resource(
        "signatories",
        build=lambda w, d: SignatoryFactory.create(agreement=_agreement(w, d)),
        payload=lambda w, d: {
            "agreement": _agreement(w, d).pk,
            "side": "ours",
            "name": unique("Mayor"),
        },
        change={"position": "Mayor"},
        departmental=True,
    ),
    Resource(
        "actions",
        build=_action,
        payload=lambda w, d: {
            "title": unique("Action"),
            "modality": "technical_exchange",
            "lead_department": d.pk if d else None,
            "partners": [_partner(w, d).pk],
            "tags": ["water"],
        },
        change={"status": "ongoing"},
        departmental=True,
    ),
    Resource(
        "budget-lines",
        build=lambda w, d: BudgetLineFactory.create(action=_action(w, d)),
        payload=lambda w, d: {"action": _action(w, d).pk, "source": "own", "amount": "150.00"},
        change={"amount": "200.00"},
        departmental=True,
    ),
    Resource(
        "participations",
        build=lambda w, d: ParticipationFactory.create(action=_action(w, d)),
        payload=lambda w, d: {
            "action": _action(w, d).pk,
            "actor": make_actor(w.government, unique("Actor")).pk,
            "role": "implementer",
        },
        departmental=True,
        updatable=False,
    ),
    Resource(
        "missions",
        build=lambda w, d: MissionFactory.create(action=travel_action(w, d)),
        payload=lambda w, d: {
            "action": travel_action(w, d).pk,
            "destination_text": "Rosario",
            "cost": "900.00",
        },
        change={"purpose": "Follow-up visit"},
        departmental=True,
        deletable=False,
    ),
    Resource(
        "travellers",
        build=lambda w, d: TravellerFactory.create(
            mission=MissionFactory.create(action=travel_action(w, d))
        ),
        payload=lambda w, d: {
            "mission": MissionFactory.create(action=travel_action(w, d)).pk,
            "name": unique("Traveller"),
        },
        departmental=True,
        updatable=False,
    ),
    Resource(
        "commitments",
        build=lambda w, d: CommitmentFactory.create(government=w.government, department=d),
        payload=lambda w, d: {
            "title": unique("Send the report"),
            "meeting": "Steering committee",
            "department": d.pk if d else None,
        },
        change={"responsible": "Ana"},
        departmental=True,
    ),
    Resource(
        "networks",
        build=lambda w, d: NetworkFactory.create(government=w.government),
        payload=lambda w, d: {"name": unique("Network"), "scope": "global", "tags": ["climate"]},
        change={"acronym": "NW"},
        outsider_creates=201,
    ),
    Resource(
        "network-memberships",
        build=_membership,
        payload=lambda w, d: {
            "network": NetworkFactory.create(government=w.government).pk,
            "annual_fee": "1200.00",
        },
        change={"working_groups": "Culture"},
    ),
    Resource(
        "network-posts",
        build=lambda w, d: NetworkPostFactory.create(membership=_membership(w, d)),
        payload=lambda w, d: {"membership": _membership(w, d).pk, "title": "Vice-presidency"},
        change={"holder": "The mayor"},
    ),
    Resource(
        "local-actors",
        build=lambda w, d: LocalActorFactory.create(government=w.government),
        payload=lambda w, d: {"name": unique("Association"), "kind": "academia"},
        change={"phone": "+34 600 000 000"},
        outsider_creates=201,
    ),
]

BY_PATH = {resource.path: resource for resource in RESOURCES}

READ = {
    "anonymous": 401,
    "stranger": 403,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}


def write_matrix(resource: Resource, ok: int, *, outsider: int) -> dict[str, int]:
    """Expected statuses of a write on an object of the editor's department."""
    editor_ok = resource.departmental or resource.journal
    return {
        "anonymous": 401,
        "stranger": 403,
        "outsider": outsider,
        "administrator": ok,
        "coordinator": ok,
        "editor": ok if editor_ok else 403,
        "viewer": 403,
    }


# --- the matrices ------------------------------------------------------------------------------

UPDATABLE = [r for r in RESOURCES if r.updatable]
DELETABLE = [r for r in RESOURCES if r.deletable]
DEPARTMENTAL = [r for r in RESOURCES if r.departmental]


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_list(world: TenantWorld, resource: Resource) -> None:
    ours = resource.build(world, world.department)
    responses = assert_api_matrix(world, "get", resource.url, {**READ, "outsider": 200})
    listed = [row["id"] for row in responses["viewer"].json()["results"]]
    assert ours.pk in listed
    assert responses["outsider"].json()["results"] == []  # their government has none


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_retrieve(world: TenantWorld, resource: Resource) -> None:
    ours = resource.build(world, world.department)
    responses = assert_api_matrix(world, "get", resource.detail(ours), {**READ, "outsider": 404})
    assert responses["viewer"].json()["id"] == ours.pk
    assert responses["viewer"]["ETag"]


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_create(world: TenantWorld, resource: Resource) -> None:
    model = resource.build(world, world.department)._meta.model
    before = model._default_manager.count()
    responses = assert_api_matrix_fresh(
        world,
        "post",
        lambda: resource.url,
        write_matrix(resource, 201, outsider=resource.outsider_creates),
        data_for=lambda: resource.payload(world, world.department),
    )
    created = [r for r in responses.values() if r.status_code == 201]
    assert model._default_manager.count() == before + len(created)
    for response in created:
        assert model._default_manager.filter(pk=response.json()["id"]).exists()


@pytest.mark.parametrize("resource", UPDATABLE, ids=str)
def test_update(world: TenantWorld, resource: Resource) -> None:
    responses = assert_api_matrix_fresh(
        world,
        "patch",
        lambda: resource.detail(resource.build(world, world.department)),
        write_matrix(resource, 200, outsider=404),
        data_for=lambda: resource.change,
    )
    body = responses["coordinator"].json()
    for name, value in resource.change.items():
        assert body[name] == value


@pytest.mark.parametrize("resource", DELETABLE, ids=str)
def test_delete(world: TenantWorld, resource: Resource) -> None:
    model = resource.build(world, world.department)._meta.model
    responses = assert_api_matrix_fresh(
        world,
        "delete",
        lambda: resource.detail(resource.build(world, world.department)),
        write_matrix(resource, 204, outsider=404),
    )
    for who, response in responses.items():
        pk = int(response.wsgi_request.path.rstrip("/").rsplit("/", 1)[1])
        assert model._default_manager.filter(pk=pk).exists() == (response.status_code != 204), who


@pytest.mark.parametrize("resource", DEPARTMENTAL, ids=str)
def test_an_editor_writes_only_their_departments_work(
    world: TenantWorld, resource: Resource
) -> None:
    editor = api_client(world, "editor")
    elsewhere = other_department(world)
    model = resource.build(world, elsewhere)._meta.model
    before = model._default_manager.count()
    response = editor.post(resource.url, resource.payload(world, elsewhere), format="json")
    assert response.status_code == 403, response.content
    assert "your own departments" in response.json()["detail"]
    assert model._default_manager.count() == before  # only the object built above
    theirs = resource.build(world, elsewhere)
    if resource.updatable:
        assert (
            editor.patch(resource.detail(theirs), resource.change, format="json").status_code == 403
        )
    if resource.deletable:
        assert editor.delete(resource.detail(theirs)).status_code == 403
        assert model._default_manager.filter(pk=theirs.pk).exists()
    # … and they still read it, like everyone in the government.
    assert editor.get(resource.detail(theirs)).status_code == 200


@pytest.mark.parametrize("path", ["agreements", "actions", "commitments"])
def test_an_editor_cannot_move_their_work_to_another_department(
    world: TenantWorld, path: str
) -> None:
    resource = BY_PATH[path]
    mine = resource.build(world, world.department)
    field_name = "department" if path == "commitments" else "lead_department"
    response = api_client(world, "editor").patch(
        resource.detail(mine), {field_name: other_department(world).pk}, format="json"
    )
    assert response.status_code == 403
    mine.refresh_from_db()
    assert getattr(mine, f"{field_name}_id") == world.department.pk


def test_an_editor_deletes_only_their_own_or_their_departments_notes(world: TenantWorld) -> None:
    resource = BY_PATH["partner-notes"]
    editor = api_client(world, "editor")
    someone_elses = resource.build(world, other_department(world))
    assert editor.delete(resource.detail(someone_elses)).status_code == 403
    response = editor.post(resource.url, resource.payload(world, None), format="json")
    assert response.status_code == 201
    assert response.json()["author"] == world.users["editor"].pk
    assert editor.delete(f"{resource.url}{response.json()['id']}/").status_code == 204


def test_a_read_only_token_reads_but_never_writes(world: TenantWorld) -> None:
    client = api_client(world, "administrator", read_only=True)
    agreement = _agreement(world, world.department)
    assert client.get(BY_PATH["agreements"].detail(agreement)).status_code == 200
    payload = BY_PATH["agreements"].payload(world, world.department)
    assert client.post("/api/v1/agreements/", payload, format="json").status_code == 403
    url = f"/api/v1/agreements/{agreement.pk}/transition/"
    assert client.post(url, {"to_status": "negotiation"}, format="json").status_code == 403

"""Local actors: services, permission matrix, pages, filters, exports and query budgets."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from lazos.actions.models import Action, ActionLocalActor
from lazos.actors import services
from lazos.actors.models import LocalActor
from lazos.actors.tests.factories import LocalActorFactory
from lazos.core.models import AuditEvent, Tag
from lazos.core.testing import assert_constant_queries, assert_permission_matrix

pytestmark = pytest.mark.django_db

EVERYONE_IN = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 200}
MANAGERS = {"administrator": 200, "coordinator": 200, "editor": 403, "viewer": 403}
ANON = {"anonymous": 302, "stranger": 403}


@pytest.mark.parametrize(
    ("name", "expected"),
    [("actors:actor-list", EVERYONE_IN), ("actors:actor-create", MANAGERS)],
)
def test_list_and_create_matrix(world, name, expected):
    assert_permission_matrix(world, reverse(name), {**ANON, "outsider": 200, **expected})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("actors:actor-detail", EVERYONE_IN),
        ("actors:actor-history", EVERYONE_IN),
        ("actors:actor-edit", MANAGERS),
        ("actors:actor-delete", MANAGERS),
    ],
)
def test_actor_pages_matrix(world, name, expected):
    actor = LocalActorFactory.create(government=world.government)
    url = reverse(name, args=[actor.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **expected})


def test_services_are_audited(world):
    user = world.users["coordinator"]
    actor = services.create_local_actor(
        world.government,
        acting_user=user,
        tags=["youth"],
        name="University of the City",
        kind="academia",
        email="intl@uni.example",
    )
    services.update_local_actor(actor, acting_user=user, tags=["youth", "research"], phone="+1")
    assert sorted(t.name for t in actor.tags.all()) == ["research", "youth"]
    services.update_local_actor(actor, acting_user=user, contact_name="Dr. Lee")
    assert actor.tags.count() == 2
    pk = actor.pk
    services.delete_local_actor(actor, acting_user=user)
    events = AuditEvent.objects.for_object(LocalActor(), pk=pk).order_by("id")
    assert [e.action for e in events] == ["create", "update", "update", "delete"]
    assert events[1].changes["phone"] == {"before": "", "after": "+1"}
    assert events[2].changes == {"contact_name": {"before": "", "after": "Dr. Lee"}}


def test_services_validate(world):
    user = world.users["coordinator"]
    with pytest.raises(ValidationError):
        services.create_local_actor(
            world.government, acting_user=user, name="X", kind="nope", email="bad"
        )
    services.create_local_actor(
        world.government, acting_user=user, name="A", kind="media", external_id="A-1"
    )
    with pytest.raises(ValidationError) as error:
        services.create_local_actor(
            world.government, acting_user=user, name="B", kind="media", external_id="A-1"
        )
    assert "Another local actor already has this external id." in str(error.value)


def test_create_edit_and_delete_through_the_web(world):
    client = world.client_for("coordinator")
    response = client.post(
        reverse("actors:actor-create"),
        {"name": "", "kind": "diaspora", "email": "wrong", "website": "bad"},
    )
    html = response.content.decode()
    assert "This field is required." in html
    assert "Enter a valid email address." in html
    assert "Enter a valid URL." in html
    assert not LocalActor.objects.exists()
    response = client.post(
        reverse("actors:actor-create"),
        {"name": "Diaspora forum", "kind": "diaspora", "tags": "migration, culture"},
    )
    actor = LocalActor.objects.for_tenant(world.government).get()
    assert response.url == actor.get_absolute_url()
    edit = client.get(reverse("actors:actor-edit", args=[actor.pk])).content.decode()
    assert "migration, culture" in edit or "culture, migration" in edit
    client.post(
        reverse("actors:actor-edit", args=[actor.pk]),
        {"name": "Diaspora forum", "kind": "diaspora", "contact_name": "Ana", "tags": "culture"},
    )
    actor.refresh_from_db()
    assert actor.contact_name == "Ana"
    assert [t.name for t in actor.tags.all()] == ["culture"]
    action = Action.objects.create(government=world.government, title="Fair", modality="event")
    ActionLocalActor.objects.create(government=world.government, action=action, actor=actor)
    confirm = client.get(reverse("actors:actor-delete", args=[actor.pk])).content.decode()
    assert "1 \N{MULTIPLICATION SIGN} local actor participations" in confirm
    response = client.post(reverse("actors:actor-delete", args=[actor.pk]))
    assert response.url == reverse("actors:actor-list")
    assert not LocalActor.objects.exists()


def test_detail_shows_participations_with_role(world):
    actor = LocalActorFactory.create(government=world.government, name="Chamber of commerce")
    action = Action.objects.create(
        government=world.government, title="Trade mission to Lyon", modality="mission"
    )
    ActionLocalActor.objects.create(
        government=world.government, action=action, actor=actor, role="co_organiser"
    )
    html = world.client_for("viewer").get(actor.get_absolute_url()).content.decode()
    assert "Trade mission to Lyon" in html
    assert "Co-organiser" in html


def test_list_filters(world):
    government = world.government
    a = LocalActorFactory.create(government=government, name="Alpha", kind="media")
    b = LocalActorFactory.create(government=government, name="Beta", description="students")
    LocalActorFactory.create(government=world.other_government, name="Foreign actor")
    tag = Tag.objects.create(government=government, name="Youth", slug="youth")
    b.tags.add(tag)
    action = Action.objects.create(government=government, title="Fair", modality="event")
    ActionLocalActor.objects.create(government=government, action=action, actor=a)
    client = world.client_for("viewer")

    def names(**params):
        return [
            x.name for x in client.get(reverse("actors:actor-list"), params).context["object_list"]
        ]

    assert names() == ["Alpha", "Beta"]
    assert names(q="student") == ["Beta"]
    assert names(kind="media") == ["Alpha"]
    assert names(tag="youth") == ["Beta"]
    assert names(takes_part="yes") == ["Alpha"]
    assert names(takes_part="no") == ["Beta"]
    assert names(ordering="-name") == ["Beta", "Alpha"]
    outsider = world.client_for("outsider").get(reverse("actors:actor-list")).content.decode()
    assert "Alpha" not in outsider


def test_exports(world):
    LocalActorFactory.create(government=world.government, name="Radio", kind="media")
    LocalActorFactory.create(government=world.government, name="Union", kind="civil_society")
    client = world.client_for("viewer")
    response = client.get(reverse("actors:actor-list"), {"kind": "media", "export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Radio"]
    response = client.get(reverse("actors:actor-list"), {"kind": "media", "export": "xlsx"})
    values = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert [row[0] for row in values[1:]] == ["Radio"]


def test_list_queries(world):
    government = world.government
    tag = Tag.objects.create(government=government, name="Youth", slug="youth")
    action = Action.objects.create(government=government, title="Fair", modality="event")

    def add_rows(n):
        actors = LocalActor.objects.bulk_create(
            LocalActor(government=government, name=f"A{i}", kind="media") for i in range(n)
        )
        LocalActor.tags.through.objects.bulk_create(
            LocalActor.tags.through(localactor_id=a.pk, tag_id=tag.pk) for a in actors
        )
        ActionLocalActor.objects.bulk_create(
            ActionLocalActor(government=government, action=action, actor=a) for a in actors
        )

    client = world.client_for("viewer")
    assert_constant_queries(
        client, reverse("actors:actor-list"), add_rows, budget=8, few=10, many=500
    )


def test_detail_queries(world):
    government = world.government
    actor = LocalActorFactory.create(government=government)

    def add_rows(n):
        actions = Action.objects.bulk_create(
            Action(
                government=government,
                title=f"X{i}",
                modality="event",
                lead_department=world.department,
            )
            for i in range(n)
        )
        ActionLocalActor.objects.bulk_create(
            ActionLocalActor(government=government, action=a, actor=actor) for a in actions
        )

    client = world.client_for("viewer")
    url = reverse("actors:actor-detail", args=[actor.pk])
    assert_constant_queries(client, url, add_rows, budget=10, few=10, many=500)

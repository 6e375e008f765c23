import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from lazos.core import audit
from lazos.core.audit import AuditAction, Channel
from lazos.core.models import AuditEvent
from lazos.core.testing.builders import GovernmentFactory, UserFactory
from lazos.governments import services
from lazos.governments.choices import Role
from lazos.governments.models import Membership

pytestmark = pytest.mark.django_db


def test_create_update_delete_are_recorded_with_before_and_after():
    government = GovernmentFactory.create()
    actor = UserFactory.create()
    department = services.create_department(
        government,
        acting_user=actor,
        name="Culture",
        acronym="",
        description="",
        email="",
        is_active=True,
    )
    services.update_department(
        department,
        acting_user=actor,
        name="Culture and Heritage",
        acronym="CH",
        description="",
        email="",
        is_active=True,
    )
    pk = department.pk
    services.delete_department(department, acting_user=actor)

    events = list(AuditEvent.objects.for_object(department, pk=pk).order_by("id"))
    assert [e.action for e in events] == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
        AuditAction.DELETE,
    ]
    created, updated, deleted = events
    assert created.changes["name"] == {"before": None, "after": "Culture"}
    assert updated.changes == {
        "acronym": {"before": "", "after": "CH"},
        "name": {"before": "Culture", "after": "Culture and Heritage"},
    }
    assert deleted.changes["name"] == {"before": "Culture and Heritage", "after": None}
    assert {e.actor_id for e in events} == {actor.pk}
    assert {e.government_id for e in events} == {government.pk}
    assert all(e.channel == Channel.SYSTEM for e in events)


def test_saving_without_changes_records_nothing():
    government = GovernmentFactory.create()
    department = services.create_department(
        government,
        acting_user=None,
        name="Economy",
        acronym="",
        description="",
        email="",
        is_active=True,
    )
    before = AuditEvent.objects.count()
    with audit.recording(department, actor=None):
        pass
    assert AuditEvent.objects.count() == before


def test_the_channel_comes_from_the_context():
    government = GovernmentFactory.create()
    with audit.channel(Channel.IMPORT):
        department = services.create_department(
            government,
            acting_user=None,
            name="Imported",
            acronym="",
            description="",
            email="",
            is_active=True,
        )
    event = AuditEvent.objects.for_object(department).get()
    assert event.channel == Channel.IMPORT
    assert event.actor_id is None
    assert event.actor_label == str(Channel.IMPORT.label)


def test_a_failed_service_writes_neither_the_change_nor_the_audit_row():
    government = GovernmentFactory.create()
    admin = UserFactory.create()
    membership = Membership.objects.create(
        government=government, user=admin, role=Role.ADMINISTRATOR
    )
    before = AuditEvent.objects.count()
    with pytest.raises(Exception, match="at least one administrator"):
        services.change_member_role(membership, acting_user=admin, role=Role.VIEWER)
    membership.refresh_from_db()
    assert membership.role == Role.ADMINISTRATOR
    assert AuditEvent.objects.count() == before


def test_audit_events_are_append_only_in_python_and_in_the_database():
    government = GovernmentFactory.create()
    services.create_department(
        government,
        acting_user=None,
        name="Sport",
        acronym="",
        description="",
        email="",
        is_active=True,
    )
    event = AuditEvent.objects.latest("id")
    event.note = "tampered"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(note="tampered")
    assert AuditEvent.objects.get(pk=event.pk).note == ""


@pytest.mark.postgres
def test_postgresql_refuses_deleting_audit_rows():
    government = GovernmentFactory.create()
    services.create_department(
        government,
        acting_user=None,
        name="Youth",
        acronym="",
        description="",
        email="",
        is_active=True,
    )
    assert connection.vendor == "postgresql"
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all()._raw_delete(AuditEvent.objects.db)


def test_a_management_command_records_its_change_with_before_and_after(capsys):
    government = GovernmentFactory.create(slug="command-town")
    call_command("set_member", "command-town", "ana@example.org", role="viewer")
    membership = Membership.objects.get(government=government, user__email="ana@example.org")
    call_command("set_member", "command-town", "ana@example.org", role="coordinator")

    event = AuditEvent.objects.for_object(membership).order_by("-id").first()
    assert event is not None
    assert event.action == AuditAction.UPDATE
    assert event.channel == Channel.COMMAND
    assert event.changes["role"] == {"before": "viewer", "after": "coordinator"}
    assert "updated" in capsys.readouterr().out


def test_events_recorded_in_bulk_are_those_recorded_one_by_one():
    from lazos.governments.models import Department

    government = GovernmentFactory.create()
    actor = UserFactory.create()
    values = {"acronym": "", "description": "", "email": "", "is_active": True}
    with audit.channel(Channel.IMPORT):
        alone = services.create_department(government, acting_user=actor, name="Culture", **values)
        bulk = Department.objects.bulk_create(
            [
                Department(government=government, name="Economy", **values),
                Department(government=government, name="Sports", **values),
            ]
        )
        assert audit.record_creations(bulk, actor=actor) == 2

        changed = {**values, "acronym": "CU", "is_active": False}
        services.update_department(alone, acting_user=actor, name="Culture", **changed)
        before = [(department, audit.snapshot(department)) for department in bulk]
        bulk[0].acronym, bulk[0].is_active = "EC", False  # bulk[1] stays as it was
        Department.objects.bulk_update(bulk, ["acronym", "is_active"])
        assert audit.record_updates(before, actor=actor) == 1

    def events(department: Department) -> list[AuditEvent]:
        return list(AuditEvent.objects.for_object(department).order_by("id"))

    one_by_one, in_bulk, unchanged = events(alone), events(bulk[0]), events(bulk[1])
    assert [e.action for e in one_by_one] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert [e.action for e in in_bulk] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert [e.action for e in unchanged] == [AuditAction.CREATE]
    created = dict(one_by_one[0].changes, name={"before": None, "after": "Economy"})
    assert in_bulk[0].changes == created
    assert one_by_one[1].changes == {
        "acronym": {"before": "", "after": "CU"},
        "is_active": {"before": True, "after": False},
    }
    assert in_bulk[1].changes == {
        "acronym": {"before": "", "after": "EC"},
        "is_active": {"before": True, "after": False},
    }
    for event in [*one_by_one, *in_bulk, *unchanged]:
        assert (event.channel, event.actor_id) == (Channel.IMPORT, actor.pk)
        assert event.government_id == government.pk


def test_bulk_snapshots_and_creation_texts_are_those_of_snapshot_for_every_model():
    """The bulk path reads values through a plan per model and writes a create's JSON text
    itself: for a row of every model the project builds (texts with quotes, accents and
    line breaks, dates, decimals, JSON, files, countries, many-to-many ids), the same
    dictionary as :func:`audit.snapshot` and the same text as ``json.dumps`` of the event's
    changes."""
    import importlib
    import json
    from pathlib import Path

    from lazos.core.testing.builders import OBJECT_BUILDERS

    root = Path(audit.__file__).resolve().parents[1]
    for factories in sorted(root.glob("*/tests/factories.py")):
        importlib.import_module(f"lazos.{factories.parts[-3]}.tests.factories")
    assert len(OBJECT_BUILDERS) > 30
    government = GovernmentFactory.create(name='Ciudad "Ñandú"\nSur')
    checked = 0
    for model, build in OBJECT_BUILDERS.items():
        row = build(government)
        if row.pk is None:
            continue
        links = {
            m2m.name: list(getattr(row, m2m.name).values_list("pk", flat=True))
            for m2m in row._meta.many_to_many
        }
        expected = audit.snapshot(row, links=links)
        assert audit._bulk_snapshot(row, links) == expected, model
        text = audit._creation_json(row, links)
        assert text == json.dumps(audit._created(expected)), model
        checked += 1
    department = services.create_department(
        government,
        acting_user=None,
        name='Cultura "y" patrimonio',
        acronym="",
        description="Línea uno\nlínea dos \\ fin",
        email="",
        is_active=False,
    )
    text = audit._creation_json(department, {})
    assert text == json.dumps(audit._created(audit.snapshot(department, links={})))
    assert json.loads(text)["description"]["after"] == "Línea uno\nlínea dos \\ fin"
    assert checked > 30

"""The audit trail cannot be rewritten or wiped by the application (issue #19, point 10).

On every database, triggers refuse UPDATE and DELETE of audit rows; only ``lazos flush`` (which
empties the whole database on purpose) lifts them, and puts them back. On PostgreSQL the
application connects as a role that does not own the tables (``lazos grant_app_role``): it
can read and append audit rows and nothing more, so it can neither truncate the table nor
switch its triggers off.
"""

from __future__ import annotations

import runpy
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, models, transaction
from django.urls import reverse

from lazos.core import audit
from lazos.core.audit import AuditAction
from lazos.core.models import AuditEvent
from lazos.core.testing.builders import GovernmentFactory, UserFactory
from lazos.governments import services
from lazos.governments.choices import Role
from lazos.governments.models import Department, Government, Membership

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "settings.py"
AUDIT_TABLE = AuditEvent._meta.db_table


def _an_event() -> AuditEvent:
    government = GovernmentFactory.create()
    department = services.create_department(
        government,
        acting_user=None,
        name="Protocol",
        acronym="",
        description="",
        email="",
        is_active=True,
    )
    return AuditEvent.objects.for_object(department).get()


def _raw(sql: str, params: list[int] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _refuses(statement) -> bool:
    """Whether the database refuses ``statement`` (run in a savepoint, so the test goes on)."""
    try:
        with transaction.atomic():
            statement()
    except DatabaseError:
        return True
    return False


# --- Every database: rows cannot be rewritten or removed ------------------------------------

TAMPERING = {
    "update through the ORM": lambda pk: AuditEvent.objects.filter(pk=pk).update(note="x"),
    "delete through the ORM": lambda pk: AuditEvent.objects.filter(pk=pk).delete(),
    "update in SQL": lambda pk: _raw(f"UPDATE {AUDIT_TABLE} SET note = 'x' WHERE id = %s", [pk]),  # noqa: S608
    "delete one row in SQL": lambda pk: _raw(f"DELETE FROM {AUDIT_TABLE} WHERE id = %s", [pk]),  # noqa: S608
    "delete every row in SQL": lambda pk: _raw(f"DELETE FROM {AUDIT_TABLE}"),  # noqa: S608
}


@pytest.mark.django_db
@pytest.mark.parametrize("how", list(TAMPERING))
def test_the_database_refuses_rewriting_or_removing_audit_rows(how):
    event = _an_event()
    assert _refuses(lambda: TAMPERING[how](event.pk)), f"{how} went through"
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.note == ""
    assert stored.changes == event.changes


@pytest.mark.django_db
def test_no_relation_deletes_audit_rows_by_cascade():
    """Deleting a government, a person or any object must leave its audit rows in place:
    the audit model's own links never cascade, and no model has a generic relation to it
    (a ``GenericRelation`` would delete the rows together with their object)."""
    for link in AuditEvent._meta.concrete_fields:
        if link.is_relation and link.remote_field is not None:
            assert link.remote_field.on_delete in {models.DO_NOTHING, models.PROTECT}, link.name
    from django.apps import apps

    generic_to_audit = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.private_fields
        if isinstance(field, GenericRelation) and field.related_model is AuditEvent
    ]
    assert generic_to_audit == []


@pytest.mark.django_db
def test_deleting_a_government_or_a_person_keeps_their_audit_rows():
    government = GovernmentFactory.create()
    person = UserFactory.create()
    event = audit.write_event(
        government, action=AuditAction.UPDATE, actor=person, changes={"name": {"before": "A"}}
    )
    government_id, person_id = government.pk, person.pk
    person.delete()
    Government.objects.filter(pk=government_id).delete()
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.government_id, stored.actor_id) == (government_id, person_id)
    assert stored.actor_label == event.actor_label


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_audit_trail_and_leaves_it_protected():
    """``lazos flush`` (and the test runner's flush between transactional tests) empties
    every table on purpose; afterwards the audit rows are protected again."""
    _an_event()
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()

    event = _an_event()
    for how, statement in TAMPERING.items():
        assert _refuses(lambda statement=statement: statement(event.pk)), f"{how} went through"
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_cancelled_flush_changes_nothing(monkeypatch):
    event = _an_event()
    monkeypatch.setattr("builtins.input", lambda prompt="": "no")
    call_command("flush", interactive=True, verbosity=0)
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert _refuses(lambda: TAMPERING["delete every row in SQL"](event.pk))


# --- Settings: schema commands connect as the owner -----------------------------------------


def _settings_for(monkeypatch, argv: list[str], **environment: str) -> dict:
    for name in ("DATABASE_URL", "DATABASE_MIGRATION_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", argv)
    return runpy.run_path(str(SETTINGS_FILE))


APP_URL = "postgres://lazos_app:app-secret@db.example.org:5432/lazos"
OWNER_URL = "postgres://lazos_owner:owner-secret@db.example.org:5432/lazos"


@pytest.mark.parametrize("command", ["migrate", "createcachetable", "grant_app_role"])
def test_schema_commands_connect_as_the_owner(monkeypatch, command):
    values = _settings_for(
        monkeypatch,
        ["lazos", command],
        DATABASE_URL=APP_URL,
        DATABASE_MIGRATION_URL=OWNER_URL,
    )
    database = values["DATABASES"]["default"]
    assert (database["USER"], database["PASSWORD"]) == ("lazos_owner", "owner-secret")
    assert database["NAME"] == "lazos"
    assert values["DATABASE_APP_ROLE"] == "lazos_app"


@pytest.mark.parametrize(
    "argv",
    [
        ["lazos", "runserver"],
        ["lazos", "shell"],
        ["lazos", "db_worker"],
        ["lazos", "flush"],
        ["gunicorn", "lazos.wsgi"],
        ["pytest", "lazos/core/tests"],
        ["lazos"],
    ],
)
def test_everything_else_connects_as_the_app_role(monkeypatch, argv):
    values = _settings_for(
        monkeypatch, argv, DATABASE_URL=APP_URL, DATABASE_MIGRATION_URL=OWNER_URL
    )
    database = values["DATABASES"]["default"]
    assert (database["USER"], database["PASSWORD"]) == ("lazos_app", "app-secret")
    assert database["ATOMIC_REQUESTS"] is False


def test_without_an_owner_url_migrate_uses_the_app_url(monkeypatch):
    values = _settings_for(monkeypatch, ["lazos", "migrate"], DATABASE_URL=APP_URL)
    assert values["DATABASES"]["default"]["USER"] == "lazos_app"


# --- The grant command ----------------------------------------------------------------------


@pytest.mark.sqlite
@pytest.mark.django_db
def test_grant_app_role_explains_that_sqlite_has_no_roles():
    with pytest.raises(CommandError, match=r"SECURITY\.md"):
        call_command("grant_app_role", "lazos_app")


@pytest.fixture
def app_role(transactional_db) -> Iterator[str]:
    """A login role that owns nothing, dropped (with its grants) after the test."""
    name = f"lazos_app_test_{uuid.uuid4().hex[:10]}"
    _raw(f'CREATE ROLE "{name}" LOGIN')
    try:
        yield name
    finally:
        _raw(f'DROP OWNED BY "{name}"')
        _raw(f'DROP ROLE "{name}"')


def _connect_as(role: str):
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    params.pop("server_side_binding", None)
    params.pop("password", None)
    params["user"] = role
    return psycopg.connect(autocommit=True, **params)


def _app_refuses(app, sql: str, params: tuple = ()) -> bool:
    import psycopg

    try:
        app.execute(sql, params)
    except (psycopg.errors.InsufficientPrivilege, psycopg.errors.RaiseException):
        # (the second: the audit trigger, for the columns an erasure may update)
        return True
    return False


@pytest.mark.postgres
def test_the_app_role_can_append_and_read_audit_rows_and_nothing_more(app_role):
    event = _an_event()
    government = Government.objects.latest("pk")
    content_type = ContentType.objects.get_for_model(Government)
    call_command("grant_app_role", app_role, verbosity=0)

    with _connect_as(app_role) as app:
        # Reading and appending: the application's everyday work.
        assert app.execute(f"SELECT count(*) FROM {AUDIT_TABLE}").fetchone()[0] >= 1  # noqa: S608
        app.execute(
            f"INSERT INTO {AUDIT_TABLE} (occurred_at, government_id, actor_label, channel, "  # noqa: S608
            "action, content_type_id, object_id, object_repr, changes, note, request_id) "
            "VALUES (now(), %s, 'system', 'system', 'update', %s, %s, 'x', '{}', '', '')",
            (government.pk, content_type.pk, str(government.pk)),
        )
        # Rewriting, removing, wiping, or switching the protection off: refused.
        forbidden = {
            "UPDATE": f"UPDATE {AUDIT_TABLE} SET note = 'x' WHERE id = {event.pk}",  # noqa: S608
            "DELETE": f"DELETE FROM {AUDIT_TABLE} WHERE id = {event.pk}",  # noqa: S608
            "TRUNCATE": f"TRUNCATE {AUDIT_TABLE}",
            "DISABLE TRIGGER": f"ALTER TABLE {AUDIT_TABLE} DISABLE TRIGGER ALL",
            "DISABLE ONE TRIGGER": (
                f"ALTER TABLE {AUDIT_TABLE} DISABLE TRIGGER core_auditevent_no_delete"
            ),
            "DROP TRIGGER": f"DROP TRIGGER core_auditevent_no_update ON {AUDIT_TABLE}",
            "DROP TABLE": f"DROP TABLE {AUDIT_TABLE}",
            "CHANGE OWNER": f'ALTER TABLE {AUDIT_TABLE} OWNER TO "{app_role}"',
        }
        went_through = [name for name, sql in forbidden.items() if not _app_refuses(app, sql)]
        assert went_through == []
        # Granting itself more only earns a warning ("no privileges were granted").
        _app_refuses(app, f'GRANT UPDATE, DELETE ON {AUDIT_TABLE} TO "{app_role}"')
        assert _app_refuses(app, forbidden["UPDATE"])
        assert _app_refuses(app, forbidden["DELETE"])
        # The migrations' record is read-only for the application.
        assert app.execute("SELECT count(*) FROM django_migrations").fetchone()[0] > 0
        assert _app_refuses(app, "DELETE FROM django_migrations")

        # Ordinary tables: read, write, delete, with their sequences.
        department_table = Department._meta.db_table
        (department_id,) = app.execute(
            f"INSERT INTO {department_table} (government_id, name, acronym, description, "  # noqa: S608
            "email, is_active, created_at, updated_at) "
            "VALUES (%s, 'Written by the app', '', '', '', true, now(), now()) RETURNING id",
            (government.pk,),
        ).fetchone()
        app.execute(
            f"UPDATE {department_table} SET name = 'Renamed' WHERE id = %s",  # noqa: S608
            (department_id,),
        )
        app.execute(f"DELETE FROM {department_table} WHERE id = %s", (department_id,))  # noqa: S608
        assert _app_refuses(app, f"TRUNCATE {department_table}")

    assert AuditEvent.objects.filter(pk=event.pk, note="").exists()


@pytest.mark.postgres
def test_the_app_role_may_only_erase_values_from_audit_rows(app_role):
    """Erasing a person's data (lazos/core/personal_data.py) replaces values by "[erased]";
    the application's role may do that to three columns, and nothing else."""
    event = _an_event()
    call_command("grant_app_role", app_role, verbosity=0)
    where = f"WHERE id = {event.pk}"
    forged = {
        "another column": f"UPDATE {AUDIT_TABLE} SET actor_label = 'x' {where}",  # noqa: S608
        "another value": f"UPDATE {AUDIT_TABLE} SET object_repr = 'x' {where}",  # noqa: S608
        "an added change": f"""UPDATE {AUDIT_TABLE} SET changes = changes || '{{"x": 1}}' {where}""",  # noqa: S608
    }
    with _connect_as(app_role) as app:
        went_through = [name for name, sql in forged.items() if not _app_refuses(app, sql)]
        assert went_through == []
        app.execute(f"UPDATE {AUDIT_TABLE} SET object_repr = '[erased]', note = '[erased]' {where}")  # noqa: S608
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.object_repr, stored.note) == ("[erased]", "[erased]")
    assert stored.changes == event.changes


@pytest.mark.postgres
def test_tables_created_after_the_grant_are_covered_by_default_privileges(app_role):
    call_command("grant_app_role", app_role, verbosity=0)
    _raw("CREATE TABLE lazos_later_table (id bigint GENERATED BY DEFAULT AS IDENTITY, x text)")
    try:
        with _connect_as(app_role) as app:
            app.execute("INSERT INTO lazos_later_table (x) VALUES ('a')")
            app.execute("UPDATE lazos_later_table SET x = 'b'")
            app.execute("DELETE FROM lazos_later_table")
            assert _app_refuses(app, "TRUNCATE lazos_later_table")
    finally:
        _raw("DROP TABLE lazos_later_table")


@pytest.mark.postgres
def test_granting_again_after_an_upgrade_is_harmless_and_repairs_extra_rights(app_role):
    call_command("grant_app_role", app_role, verbosity=0)
    _raw(f'GRANT ALL ON {AUDIT_TABLE} TO "{app_role}"')  # a hand-made mistake
    call_command("grant_app_role", app_role, verbosity=0)
    with _connect_as(app_role) as app:
        assert _app_refuses(app, f"TRUNCATE {AUDIT_TABLE}")
        assert _app_refuses(app, f"DELETE FROM {AUDIT_TABLE}")  # noqa: S608


@pytest.mark.postgres
@pytest.mark.django_db
def test_grant_app_role_refuses_a_role_that_would_keep_owner_rights():
    owner = connection.settings_dict["USER"]
    with pytest.raises(CommandError, match=r"owns the tables|superuser"):
        call_command("grant_app_role", owner)
    with pytest.raises(CommandError, match="no role named"):
        call_command("grant_app_role", "lazos_no_such_role_here")


@pytest.mark.postgres
def test_grant_app_role_can_print_its_sql_for_a_database_administrator(app_role, capsys):
    call_command("grant_app_role", app_role, sql=True)
    script = capsys.readouterr().out
    assert f'REVOKE UPDATE, DELETE ON "public"."{AUDIT_TABLE}" FROM "{app_role}";' in script
    assert "ALTER DEFAULT PRIVILEGES" in script
    with _connect_as(app_role) as app:  # printing granted nothing
        assert _app_refuses(app, f"SELECT 1 FROM {AUDIT_TABLE}")  # noqa: S608


@pytest.fixture
def as_app_role(app_role) -> Iterator[str]:
    """Django's own connection switched to the app role for the test, then back."""
    call_command("grant_app_role", app_role, verbosity=0)
    owner = connection.settings_dict["USER"]
    connection.close()
    connection.settings_dict["USER"] = app_role
    try:
        yield app_role
    finally:
        connection.close()
        connection.settings_dict["USER"] = owner


@pytest.mark.postgres
def test_the_application_works_when_connected_as_the_app_role(as_app_role, client):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == as_app_role
    call_command("migrate", check_unapplied=True, verbosity=0)  # reads django_migrations
    government = GovernmentFactory.create(slug="role-town")
    admin = UserFactory.create(username="role-admin", password="a-long-enough-password-1")
    Membership.objects.create(government=government, user=admin, role=Role.ADMINISTRATOR)

    response = client.post(
        reverse("accounts:login"),
        {"username": "role-admin", "password": "a-long-enough-password-1"},
    )
    assert response.status_code == 302  # a session row written, sign-in attempts recorded
    response = client.post(
        reverse("governments:department-create"),
        {"name": "International relations", "acronym": "", "description": "", "email": ""},
    )
    assert response.status_code == 302
    department = Department.objects.get(government=government, name="International relations")
    assert AuditEvent.objects.for_object(department).filter(actor=admin).exists()
    assert client.get(reverse("governments:activity")).status_code == 200
    assert _refuses(lambda: AuditEvent.objects.filter(object_id=str(department.pk)).delete())


@pytest.mark.postgres
def test_the_app_role_cannot_grant_itself_more_but_can_print_the_sql(as_app_role, capsys):
    with pytest.raises(CommandError, match=r"does not own the tables"):
        call_command("grant_app_role", as_app_role)
    call_command("grant_app_role", as_app_role, sql=True)
    assert f'TO "{as_app_role}";' in capsys.readouterr().out


# --- The deployment check ---------------------------------------------------------------------


def test_the_deployment_check_is_registered_for_check_deploy_with_a_database():
    from django.core.checks import Tags, registry

    deploy_checks = registry.registry.get_checks(include_deployment_checks=True)
    assert audit.check_audit_trail_protection in deploy_checks
    assert audit.check_audit_trail_protection not in registry.registry.get_checks()
    assert Tags.database in audit.check_audit_trail_protection.tags
    assert audit.check_audit_trail_protection(databases=None) == []


@pytest.mark.sqlite
@pytest.mark.django_db
def test_the_deployment_check_says_nothing_about_sqlite():
    assert audit.check_audit_trail_protection(databases=["default"]) == []


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_deployment_check_warns_when_the_application_could_wipe_the_audit_trail():
    # The test suite connects as a superuser that owns the tables: the very thing to avoid.
    (warning,) = audit.check_audit_trail_protection(databases=["default"])
    assert warning.id == "lazos.W010"
    assert "grant_app_role" in (warning.hint or "")


@pytest.mark.postgres
def test_the_deployment_check_is_quiet_for_the_app_role(as_app_role):
    assert audit.check_audit_trail_protection(databases=["default"]) == []


@pytest.mark.postgres
def test_the_deployment_check_warns_about_rights_granted_by_hand(app_role):
    call_command("grant_app_role", app_role, verbosity=0)
    _raw(f'GRANT TRUNCATE ON {AUDIT_TABLE} TO "{app_role}"')
    owner = connection.settings_dict["USER"]
    connection.close()
    connection.settings_dict["USER"] = app_role
    try:
        (warning,) = audit.check_audit_trail_protection(databases=["default"])
    finally:
        connection.close()
        connection.settings_dict["USER"] = owner
    assert warning.id == "lazos.W011"
    assert "TRUNCATE" in warning.msg

"""``lazos grant_app_role [ROLE]``: give the application's PostgreSQL role exactly what it needs.

Run by the owner of the tables (with ``DATABASE_MIGRATION_URL`` set, ``lazos`` connects as
the owner for this command) after ``lazos migrate``, on every install and upgrade. The role:

- reads and writes the application's tables and uses their sequences;
- reads and appends to the audit trail (``audit.APPEND_ONLY_MODELS``), nothing more: no
  UPDATE, DELETE, TRUNCATE or TRIGGER, and, not being the owner, it cannot ALTER, DISABLE
  TRIGGER or DROP either; the one exception is an UPDATE of the three columns that may hold
  a person's data (``personal_data.ERASABLE_AUDIT_COLUMNS``), which the table's trigger lets
  through only when it replaces values by "[erased]";
- reads ``django_migrations`` (only ``migrate`` writes it);
- gets the same on tables and sequences the owner creates later (default privileges), so a
  new table works at once; running the command again after the upgrade narrows any new
  append-only table.

Running it again is harmless: it first takes back what it grants, then grants again, in one
transaction, so the application never sees a gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from lazos.core.audit import FORBIDDEN_ON_APPEND_ONLY, append_only_tables
from lazos.core.management.base import LazosCommand
from lazos.core.personal_data import ERASABLE_AUDIT_COLUMNS

# Tables the application only reads: Django's record of applied migrations.
READ_ONLY_TABLES = ("django_migrations",)


def quote(name: str) -> str:
    """A PostgreSQL identifier, quoted (inner quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


@dataclass
class Layout:
    database: str
    schema: str
    owner: str


def grant_statements(role: str, layout: Layout) -> list[str]:
    """The SQL that gives ``role`` exactly the application's rights, in the order to run."""
    r, schema, owner = quote(role), quote(layout.schema), quote(layout.owner)
    statements = [
        f"GRANT CONNECT ON DATABASE {quote(layout.database)} TO {r}",
        f"GRANT USAGE ON SCHEMA {schema} TO {r}",
        # Start again from nothing, so rights granted by hand or by an older release go.
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {r}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {r}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {r}",
    ]
    statements += [
        f"REVOKE UPDATE, DELETE ON {schema}.{quote(table)} FROM {r}"
        for table in append_only_tables()
    ]
    # Erasing a person's data replaces values in the audit trail by "[erased]" (and nothing
    # else: the trigger of core migration 0007 refuses any other update).
    statements += [
        f"GRANT UPDATE ({', '.join(quote(column) for column in columns)}) "
        f"ON {schema}.{quote(table)} TO {r}"
        for table, columns in ERASABLE_AUDIT_COLUMNS.items()
    ]
    statements += [
        f"REVOKE INSERT, UPDATE, DELETE ON {schema}.{quote(table)} FROM {r}"
        for table in READ_ONLY_TABLES
    ]
    statements += [
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT USAGE ON SEQUENCES TO {r}",
    ]
    return statements


class Command(LazosCommand):
    help = (
        "PostgreSQL: give the application's database role read and write access to the "
        "tables, but only read and append on the audit trail. Run as the tables' owner after "
        "every `lazos migrate` (see SECURITY.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "role",
            nargs="?",
            help="The role the application connects as (default: the user of DATABASE_URL).",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="The connection to run the grants on; it must be the tables' owner.",
        )
        parser.add_argument(
            "--sql",
            action="store_true",
            help="Print the statements for a database administrator instead of running them.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            raise CommandError(
                "Only PostgreSQL has database roles. On SQLite the audit trail is protected "
                "by triggers alone, against mistakes but not against someone who holds the "
                "database file: see SECURITY.md."
            )
        role = options["role"] or getattr(settings, "DATABASE_APP_ROLE", "")
        if not role:
            raise CommandError("Name the role the application connects as.")
        layout = self._layout(connection)
        self._refuse_unsafe_role(connection, role, layout)
        statements = grant_statements(role, layout)
        if options["sql"]:
            self.stdout.write(";\n".join(statements) + ";")
            return
        self._refuse_unless_owner(connection, layout)
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self._verify(connection, role, layout)
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{role} may now read and write the tables of schema {layout.schema!r}, "
                    f"read and append to {', '.join(append_only_tables())}, and read "
                    f"{', '.join(READ_ONLY_TABLES)}; tables {layout.owner} creates later "
                    "are covered too. Run this again after every `lazos migrate`."
                )
            )
            self._warn_about_create(connection, role, layout)

    def _layout(self, connection: BaseDatabaseWrapper) -> Layout:
        audit_table = append_only_tables()[0]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_database(), n.nspname, pg_get_userbyid(c.relowner) "
                "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.oid = to_regclass(%s)",
                [audit_table],
            )
            row = cursor.fetchone()
        if row is None:
            raise CommandError(
                f"The table {audit_table} does not exist here: run `lazos migrate` first."
            )
        return Layout(database=row[0], schema=row[1], owner=row[2])

    def _refuse_unsafe_role(
        self, connection: BaseDatabaseWrapper, role: str, layout: Layout
    ) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            row = cursor.fetchone()
            if row is None:
                raise CommandError(
                    f"There is no role named {role!r}: create it first, for example "
                    f"CREATE ROLE {quote(role)} LOGIN PASSWORD '…' (see SECURITY.md)."
                )
            if row[0]:
                raise CommandError(
                    f"{role!r} is a superuser, which bypasses every privilege: the application "
                    "must connect as an ordinary role."
                )
            cursor.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'S') "
                "AND pg_has_role(%s, c.relowner, 'MEMBER') ORDER BY c.relname LIMIT 5",
                [layout.schema, role],
            )
            owned = [name for (name,) in cursor.fetchall()]
        if owned:
            raise CommandError(
                f"{role!r} owns the tables (or belongs to their owner), for example "
                f"{', '.join(owned)}: an owner can truncate the audit trail and switch its "
                f"triggers off. Let {layout.owner!r} own them and run migrations, and have the "
                "application connect as another role."
            )

    def _refuse_unless_owner(self, connection: BaseDatabaseWrapper, layout: Layout) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_user, pg_has_role(current_user, %s, 'MEMBER')", [layout.owner]
            )
            me, may_grant = cursor.fetchone()
        if not may_grant:
            raise CommandError(
                f"Connected as {me!r}, which does not own the tables ({layout.owner!r} does): "
                "run this as the owner, with DATABASE_MIGRATION_URL set, or print the "
                "statements with --sql for the owner to run."
            )

    def _verify(self, connection: BaseDatabaseWrapper, role: str, layout: Layout) -> None:
        """Rights can also come from PUBLIC or from a role the app role belongs to."""
        leaks = []
        with connection.cursor() as cursor:
            for table in append_only_tables():
                for privilege in FORBIDDEN_ON_APPEND_ONLY:
                    cursor.execute(
                        "SELECT has_table_privilege(%s, %s, %s)",
                        [role, f"{quote(layout.schema)}.{quote(table)}", privilege],
                    )
                    if cursor.fetchone()[0]:
                        leaks.append(f"{privilege} on {table}")
        if leaks:
            raise CommandError(
                f"{role!r} still holds {', '.join(leaks)}, through PUBLIC or a role it belongs "
                "to: revoke it there."
            )

    def _warn_about_create(
        self, connection: BaseDatabaseWrapper, role: str, layout: Layout
    ) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT has_schema_privilege(%s, %s, 'CREATE')", [role, layout.schema])
            may_create = cursor.fetchone()[0]
        if may_create:
            self.stdout.write(
                self.style.WARNING(
                    f"{role} may create tables in schema {layout.schema!r} (PostgreSQL before "
                    "15 grants that to everyone); it does not need to: "
                    f"REVOKE CREATE ON SCHEMA {quote(layout.schema)} FROM PUBLIC."
                )
            )

"""SQLite refuses deleting audit rows too, as PostgreSQL has since 0003.

0003 left deletes possible on SQLite because the test runner's flush empties tables with
DELETE; ``lazos flush`` now lifts the audit triggers for the length of the flush and puts
them back (``lazos.core.audit.audit_triggers_lifted``), so nothing else needs to delete.
Nothing in the schema deletes audit rows by cascade: their links to the government, the
person and the kind of object are DO_NOTHING or PROTECT.

On SQLite this guards against mistakes, not against someone who holds the database file:
they can drop the trigger (see SECURITY.md).
"""

from django.db import migrations

SQLITE_FORWARD = """
CREATE TRIGGER core_auditevent_no_delete BEFORE DELETE ON core_auditevent
BEGIN
    SELECT RAISE(ABORT, 'core_auditevent is append-only (DELETE refused)');
END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS core_auditevent_no_delete;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_tag_attachment")]

    operations = [migrations.RunPython(forward, backward)]

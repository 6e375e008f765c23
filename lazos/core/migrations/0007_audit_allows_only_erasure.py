"""The audit trail stays append-only, except that a value may be erased from it.

A person's data erased on request (``lazos.core.personal_data``) must leave the audit trail
too: the events keep that a change happened, by whom and when, but the erased values are
replaced by the marker ``[erased]``. The update trigger now lets an update through only when
it does exactly that:

- every column but ``changes``, ``object_repr`` and ``note`` is unchanged;
- ``object_repr`` and ``note`` are unchanged or become ``[erased]``;
- in ``changes``, every value is unchanged or replaced, whole, by ``[erased]``, and nothing
  is added (keys may only go).

So whoever holds the application's database role can destroy a recorded value, never write
one: no event can be made to say something it did not. Deletes stay refused. ``lazos
grant_app_role`` grants UPDATE on those three columns only (SECURITY.md).
"""

from django.db import migrations

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION core_auditevent_only_erases(old_value jsonb, new_value jsonb)
RETURNS boolean AS $$
DECLARE
    key text;
    position integer;
BEGIN
    IF new_value IS NOT DISTINCT FROM old_value OR new_value = '"[erased]"'::jsonb THEN
        RETURN true;
    END IF;
    IF old_value IS NULL OR new_value IS NULL THEN
        RETURN false;
    END IF;
    IF jsonb_typeof(old_value) = 'object' AND jsonb_typeof(new_value) = 'object' THEN
        FOR key IN SELECT jsonb_object_keys(new_value) LOOP
            IF NOT (old_value ? key)
               OR NOT core_auditevent_only_erases(old_value -> key, new_value -> key) THEN
                RETURN false;
            END IF;
        END LOOP;
        RETURN true;
    END IF;
    IF jsonb_typeof(old_value) = 'array' AND jsonb_typeof(new_value) = 'array'
       AND jsonb_array_length(old_value) = jsonb_array_length(new_value) THEN
        FOR position IN 0 .. jsonb_array_length(new_value) - 1 LOOP
            IF NOT core_auditevent_only_erases(old_value -> position, new_value -> position) THEN
                RETURN false;
            END IF;
        END LOOP;
        RETURN true;
    END IF;
    RETURN false;
END;
$$ LANGUAGE plpgsql IMMUTABLE;

CREATE OR REPLACE FUNCTION core_auditevent_update_only_erases() RETURNS trigger AS $$
BEGIN
    IF (NEW.id, NEW.occurred_at, NEW.government_id, NEW.actor_id, NEW.actor_label, NEW.channel,
        NEW.action, NEW.content_type_id, NEW.object_id, NEW.request_id)
       IS NOT DISTINCT FROM
       (OLD.id, OLD.occurred_at, OLD.government_id, OLD.actor_id, OLD.actor_label, OLD.channel,
        OLD.action, OLD.content_type_id, OLD.object_id, OLD.request_id)
       AND (NEW.object_repr = OLD.object_repr OR NEW.object_repr = '[erased]')
       AND (NEW.note = OLD.note OR NEW.note = '[erased]')
       AND core_auditevent_only_erases(OLD.changes, NEW.changes) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'core_auditevent is append-only (UPDATE refused: only erasing values is allowed)';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS core_auditevent_no_update ON core_auditevent;
CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_update_only_erases();
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS core_auditevent_no_update ON core_auditevent;
CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
DROP FUNCTION IF EXISTS core_auditevent_update_only_erases();
DROP FUNCTION IF EXISTS core_auditevent_only_erases(jsonb, jsonb);
"""

# SQLite: every leaf of the new ``changes`` is the marker or the same value (and type) at the
# same path of the old one, and every object or array of the new one is one in the old.
SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_update",
    """
CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent
WHEN NOT (
    NEW.id IS OLD.id AND NEW.occurred_at IS OLD.occurred_at
    AND NEW.government_id IS OLD.government_id AND NEW.actor_id IS OLD.actor_id
    AND NEW.actor_label IS OLD.actor_label AND NEW.channel IS OLD.channel
    AND NEW.action IS OLD.action AND NEW.content_type_id IS OLD.content_type_id
    AND NEW.object_id IS OLD.object_id AND NEW.request_id IS OLD.request_id
    AND (NEW.object_repr IS OLD.object_repr OR NEW.object_repr = '[erased]')
    AND (NEW.note IS OLD.note OR NEW.note = '[erased]')
    AND json_valid(NEW.changes)
    AND NOT EXISTS (
        SELECT 1 FROM json_tree(NEW.changes) AS leaf
        WHERE leaf.type NOT IN ('object', 'array')
          AND NOT (leaf.type = 'text' AND leaf.atom = '[erased]')
          AND NOT (json_type(OLD.changes, leaf.fullkey) IS leaf.type
                   AND json_extract(OLD.changes, leaf.fullkey) IS leaf.atom)
    )
    AND NOT EXISTS (
        SELECT 1 FROM json_tree(NEW.changes) AS node
        WHERE node.type IN ('object', 'array')
          AND json_type(OLD.changes, node.fullkey) IS NOT node.type
    )
)
BEGIN
    SELECT RAISE(ABORT, 'core_auditevent is append-only (UPDATE refused: only erasing values is allowed)');
END
""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_update",
    """
CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent
BEGIN
    SELECT RAISE(ABORT, 'core_auditevent is append-only (UPDATE refused)');
END
""",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0006_audit_event_request_index")]

    operations = [migrations.RunPython(forward, backward)]

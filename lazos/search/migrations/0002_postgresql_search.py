"""Full-text and trigram search on PostgreSQL (nothing to do on other databases).

- the ``pg_trgm`` extension (trusted since PostgreSQL 13: the database owner may create it);
- a ``search_vector`` tsvector column, weighted title (A) and text (B), computed by a trigger
  from the folded columns with each row's ``search_config``, and its GIN index;
- a trigram GIN index on ``folded_title`` (similarity and typo tolerance).

The column is not a model field: only the search QuerySet reads it, through raw SQL, so the
model (and SQLite) need nothing from ``django.contrib.postgres``.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector",
    """
    CREATE OR REPLACE FUNCTION search_searchentry_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector(NEW.search_config::regconfig, coalesce(NEW.folded_title, '')), 'A')
            || setweight(to_tsvector(NEW.search_config::regconfig, coalesce(NEW.folded, '')), 'B');
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER search_searchentry_vector_update
        BEFORE INSERT OR UPDATE OF search_config, folded_title, folded ON search_searchentry
        FOR EACH ROW EXECUTE FUNCTION search_searchentry_vector()
    """,
    "CREATE INDEX searchentry_vector_gin ON search_searchentry USING gin (search_vector)",
    "CREATE INDEX searchentry_title_trgm ON search_searchentry"
    " USING gin (folded_title gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS searchentry_title_trgm",
    "DROP INDEX IF EXISTS searchentry_vector_gin",
    "DROP TRIGGER IF EXISTS search_searchentry_vector_update ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_searchentry_vector()",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_entry")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
